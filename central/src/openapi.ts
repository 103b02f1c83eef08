import { z } from 'zod';
import {
  adminArriveRequestSchema,
  adminCancelRequestSchema,
  adminCreateOrdersRequestSchema,
  adminOrdersResponseSchema,
  adminReceiveStockRequestSchema,
  adminReceiveStockResponseSchema,
  changesPageSchema,
  dayTotalsResponseSchema,
  errorBodySchema,
  faultsSchema,
  healthResponseSchema,
  orderStatusSchema,
  pickupKeysResponseSchema,
  pullQuerySchema,
  pushRequestSchema,
  pushResponseSchema,
} from '../../shared/contract';
import { dispatchOpenApiPaths } from './dispatch';
import { paymentOpenApiPaths } from './payments';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the server
 * validates with (JSON Schema 2020-12 is OpenAPI 3.1's dialect).
 */
export function buildOpenApi(options: { enableAdmin: boolean; publicUrl?: string }): Record<string, unknown> {
  const schema = (s: z.ZodType, io: 'input' | 'output' = 'output') =>
    z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  const json = (s: z.ZodType, io: 'input' | 'output' = 'output') => ({
    content: { 'application/json': { schema: schema(s, io) } },
  });
  // every error is answered in one shape, fastify's own early ones included
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  });
  const publicErrors = {
    '400': error('Malformed request (a bad URL, a query that breaks the contract), with field errors'),
    '404': error('No such route'),
    '500': error('Internal error (logged at HQ)'),
  };
  const storeErrors = {
    ...publicErrors,
    '401': error('Missing or unknown terminal key'),
    '403': error('The key belongs to another store or another terminal'),
    '429': error('Too many failed sign-ins from this address: retry after the Retry-After seconds'),
    '503': error('Unavailable'),
  };
  const bodyErrors = {
    '413': error('Body larger than the largest legal request'),
    '415': error('Body not application/json'),
  };
  const adminErrors = {
    ...publicErrors,
    '403': error('Not a loopback client, or not a loopback Host'),
    '429': error('Too many admin requests from this address'),
  };
  const faultsResponse = z.object({ faults: faultsSchema });
  const storeParam = { name: 'store', in: 'path', required: true, schema: { type: 'string' } };
  const querySchema = schema(pullQuerySchema, 'input') as { properties: Record<string, unknown> };
  const paths: Record<string, unknown> = {
    '/v1/health': {
      get: {
        operationId: 'getHealth',
        summary: 'Liveness',
        security: [],
        responses: { '200': { description: 'OK', ...json(healthResponseSchema) }, ...publicErrors },
      },
    },
    '/v1/pickup-keys': {
      get: {
        operationId: 'listPickupKeys',
        summary: 'Public keys that verify pickup tokens, by kid',
        security: [],
        responses: { '200': { description: 'Keys', ...json(pickupKeysResponseSchema) }, ...publicErrors },
      },
    },
    '/v1/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        security: [],
        responses: {
          '200': {
            description: 'OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          ...publicErrors,
        },
      },
    },
    '/v1/stores/{store}/changes': {
      get: {
        operationId: 'pullChanges',
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
        responses: {
          '200': { description: 'A page of changes', ...json(changesPageSchema) },
          ...storeErrors,
        },
      },
    },
    '/v1/stores/{store}/mutations': {
      post: {
        operationId: 'pushMutations',
        summary: 'Push: apply a batch of mutations, idempotent by mutation id',
        security: [{ terminalKey: [] }],
        parameters: [storeParam],
        requestBody: { required: true, ...json(pushRequestSchema, 'input') },
        responses: {
          '200': { description: 'One result per mutation', ...json(pushResponseSchema) },
          ...storeErrors,
          ...bodyErrors,
        },
      },
    },
  };
  Object.assign(paths, {
    '/v1/stores/{store}/days/{date}/totals': {
      get: {
        operationId: 'getDayTotals',
        summary: 'HQ’s totals of a business day (store zone), per terminal and store, from applied mutations',
        security: [{ terminalKey: [] }],
        parameters: [storeParam, { name: 'date', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'Totals', ...json(dayTotalsResponseSchema) }, ...storeErrors },
      },
    },
  });
  Object.assign(paths, paymentOpenApiPaths(json, { ...storeErrors, ...bodyErrors }, options));
  if (options.enableAdmin) {
    Object.assign(paths, {
      '/v1/_admin/stores/{store}/orders': {
        get: {
          operationId: 'adminListOrders',
          summary: 'Demo: orders with their pickup code and token (loopback only)',
          security: [],
          parameters: [
            storeParam,
            { name: 'status', in: 'query', required: false, schema: schema(orderStatusSchema) },
          ],
          responses: { '200': { description: 'Orders', ...json(adminOrdersResponseSchema) }, ...adminErrors },
        },
        post: {
          operationId: 'adminCreateOrders',
          summary: 'Demo: create orders as the online mall or a group buy does',
          security: [],
          parameters: [storeParam],
          requestBody: { required: true, ...json(adminCreateOrdersRequestSchema, 'input') },
          responses: {
            '200': { description: 'Created', ...json(adminOrdersResponseSchema) },
            '409': error('An order id or pickup code is taken'),
            ...adminErrors,
            ...bodyErrors,
          },
        },
      },
      '/v1/_admin/stores/{store}/orders/{orderId}/cancel': {
        post: {
          operationId: 'adminCancelOrder',
          summary: 'Demo: cancel an order as HQ',
          security: [],
          parameters: [
            storeParam,
            { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: false, ...json(adminCancelRequestSchema, 'input') },
          responses: {
            '200': { description: 'Cancelled', ...json(adminOrdersResponseSchema) },
            '409': error('The order was already collected or returned'),
            ...adminErrors,
            ...bodyErrors,
          },
        },
      },
      '/v1/_admin/stores/{store}/arrive': {
        post: {
          operationId: 'adminArriveOrders',
          summary: 'Demo: mark pending orders arrived (bags ready for put-away)',
          security: [],
          parameters: [storeParam],
          requestBody: { required: true, ...json(adminArriveRequestSchema, 'input') },
          responses: {
            '200': { description: 'Arrived', ...json(adminOrdersResponseSchema) },
            ...adminErrors,
            ...bodyErrors,
          },
        },
      },
      '/v1/_admin/stores/{store}/stock/receive': {
        post: {
          operationId: 'adminReceiveStock',
          summary: 'Demo: HQ receives a delivery; stock goes up and the feed carries it',
          security: [],
          parameters: [storeParam],
          requestBody: { required: true, ...json(adminReceiveStockRequestSchema, 'input') },
          responses: {
            '200': { description: 'Stock after the delivery', ...json(adminReceiveStockResponseSchema) },
            ...adminErrors,
            ...bodyErrors,
          },
        },
      },
      ...dispatchOpenApiPaths(json, error, adminErrors, bodyErrors),
      '/v1/_admin/faults': {
        get: {
          operationId: 'adminGetFaults',
          summary: 'Demo: the faults in force',
          security: [],
          responses: {
            '200': { description: 'Faults now in force', ...json(faultsResponse) },
            ...adminErrors,
          },
        },
        post: {
          operationId: 'adminSetFaults',
          summary: 'Demo: inject faults into every non-admin request',
          security: [],
          requestBody: { required: true, ...json(faultsSchema, 'input') },
          responses: {
            '200': { description: 'Faults now in force', ...json(faultsResponse) },
            ...adminErrors,
            ...bodyErrors,
          },
        },
        delete: {
          operationId: 'adminClearFaults',
          summary: 'Demo: clear faults',
          security: [],
          responses: { '200': { description: 'Cleared', ...json(faultsResponse) }, ...adminErrors },
        },
      },
    });
  }
  completeOperations(paths, { storeErrors, adminErrors });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Linli central commerce API (邻里柜台 HQ)',
      version: '1.0.0',
      description: 'Reference implementation: pull feed, push mutations, pickup keys. Money in integer fen.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Linli' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [
      options.publicUrl
        ? { url: options.publicUrl, description: 'This HQ' }
        : { url: 'http://127.0.0.1:8787', description: 'The reference central on this machine (demo)' },
    ],
    // every store operation needs a terminal key unless it says `security: []`
    security: [{ terminalKey: [] }],
    components: {
      schemas: { ErrorBody: schema(errorBodySchema) },
      securitySchemes: {
        terminalKey: { type: 'http', scheme: 'bearer', description: 'Per-terminal API key' },
      },
    },
    paths,
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Makes every operation tell the truth whichever module added it: an
 * `operationId` (from the method and path when it has none), `security: []`
 * on the admin routes (no key; loopback only), and the error answers every
 * route can give, in the one error shape.
 */
function completeOperations(
  paths: Record<string, unknown>,
  errors: { storeErrors: Record<string, unknown>; adminErrors: Record<string, unknown> },
): void {
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Record<string, unknown> | undefined>)[method];
      if (!op) continue;
      const admin = path.startsWith('/v1/_admin');
      op.operationId ??=
        method +
        path
          .replace(/^\/v1/, '')
          .split(/[/_-]+/)
          .filter(Boolean)
          .map((part) => part.replace(/[{}]/g, ''))
          .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
          .join('');
      if (admin) op.security ??= [];
      const defaults = admin ? errors.adminErrors : path.startsWith('/v1/stores/') ? errors.storeErrors : {};
      op.responses = { ...defaults, ...(op.responses as Record<string, unknown>) };
    }
  }
}
