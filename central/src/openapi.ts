import { z } from 'zod';
import {
  adminArriveRequestSchema,
  adminCancelRequestSchema,
  adminCreateOrdersRequestSchema,
  adminOrdersResponseSchema,
  changesPageSchema,
  dayTotalsResponseSchema,
  errorBodySchema,
  faultsSchema,
  healthResponseSchema,
  pickupKeysResponseSchema,
  pullQuerySchema,
  pushRequestSchema,
  pushResponseSchema,
} from '../../shared/contract';
import { paymentOpenApiPaths } from './payments';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the server
 * validates with (JSON Schema 2020-12 is OpenAPI 3.1's dialect).
 */
export function buildOpenApi(options: { enableAdmin: boolean }): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
    z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({
    content: { 'application/json': { schema: schema(s, io) } },
  });
  const errors = {
    '400': { description: 'Malformed request, with field errors', ...json(errorBodySchema) },
    '401': { description: 'Missing or unknown terminal key', ...json(errorBodySchema) },
    '403': { description: 'Another store', ...json(errorBodySchema) },
    '503': { description: 'Unavailable', ...json(errorBodySchema) },
  };
  const storeParam = { name: 'store', in: 'path', required: true, schema: { type: 'string' } };
  const querySchema = schema(pullQuerySchema, 'input') as { properties: Record<string, unknown> };
  const paths: Record<string, unknown> = {
    '/v1/health': {
      get: {
        summary: 'Liveness',
        responses: { '200': { description: 'OK', ...json(healthResponseSchema) } },
      },
    },
    '/v1/pickup-keys': {
      get: {
        summary: 'Public keys that verify pickup tokens, by kid',
        responses: { '200': { description: 'Keys', ...json(pickupKeysResponseSchema) } },
      },
    },
    '/v1/stores/{store}/changes': {
      get: {
        summary: 'Pull: the store feed after a cursor',
        security: [{ terminalKey: [] }],
        parameters: [
          storeParam,
          ...Object.entries(querySchema.properties).map(([name, s]) => ({
            name,
            in: 'query',
            required: false,
            schema: s,
          })),
        ],
        responses: { '200': { description: 'A page of changes', ...json(changesPageSchema) }, ...errors },
      },
    },
    '/v1/stores/{store}/mutations': {
      post: {
        summary: 'Push: apply a batch of mutations, idempotent by mutation id',
        security: [{ terminalKey: [] }],
        parameters: [storeParam],
        requestBody: { required: true, ...json(pushRequestSchema, 'input') },
        responses: {
          '200': { description: 'One result per mutation', ...json(pushResponseSchema) },
          ...errors,
        },
      },
    },
    '/v1/stores/{store}/days/{date}/totals': {
      get: {
        summary: 'HQ’s totals of a business day (store zone), per terminal and store, from applied mutations',
        security: [{ terminalKey: [] }],
        parameters: [storeParam, { name: 'date', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Totals', ...json(dayTotalsResponseSchema) }, ...errors },
      },
    },
  };
  Object.assign(paths, paymentOpenApiPaths(json, errors, options));
  if (options.enableAdmin) {
    Object.assign(paths, {
      '/v1/_admin/stores/{store}/orders': {
        get: {
          summary: 'Demo: orders with their pickup code and token (loopback only)',
          parameters: [storeParam],
          responses: { '200': { description: 'Orders', ...json(adminOrdersResponseSchema) } },
        },
        post: {
          summary: 'Demo: create orders as the online mall or a group buy does',
          parameters: [storeParam],
          requestBody: { required: true, ...json(adminCreateOrdersRequestSchema, 'input') },
          responses: { '200': { description: 'Created', ...json(adminOrdersResponseSchema) } },
        },
      },
      '/v1/_admin/stores/{store}/orders/{orderId}/cancel': {
        post: {
          summary: 'Demo: cancel an order as HQ',
          parameters: [
            storeParam,
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: false, ...json(adminCancelRequestSchema, 'input') },
          responses: { '200': { description: 'Cancelled', ...json(adminOrdersResponseSchema) } },
        },
      },
      '/v1/_admin/stores/{store}/arrive': {
        post: {
          summary: 'Demo: mark pending orders arrived (bags ready for put-away)',
          parameters: [storeParam],
          requestBody: { required: true, ...json(adminArriveRequestSchema, 'input') },
          responses: { '200': { description: 'Arrived', ...json(adminOrdersResponseSchema) } },
        },
      },
      '/v1/_admin/faults': {
        post: {
          summary: 'Demo: inject faults into every non-admin request',
          requestBody: { required: true, ...json(faultsSchema, 'input') },
          responses: { '200': { description: 'Faults now in force' } },
        },
        delete: { summary: 'Demo: clear faults', responses: { '200': { description: 'Cleared' } } },
      },
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Linli central commerce API (邻里柜台 HQ)',
      version: '1.0.0',
      description: 'Reference implementation: pull feed, push mutations, pickup keys. Money in integer fen.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    components: {
      securitySchemes: {
        terminalKey: { type: 'http', scheme: 'bearer', description: 'Per-terminal API key' },
      },
    },
    paths,
  };
}
