import { z } from 'zod';
import { isoDateTimeSchema, orderIdSchema, skuSchema, storeIdSchema } from './common';
import {
  fulfilmentSchema,
  orderChannelSchema,
  orderCustomerSchema,
  orderSchema,
  pickupKeySchema,
  pickupWindowSchema,
  stockLevelSchema,
} from './entities';
import { paymentFaultsSchema } from './payments';
import { riderIdSchema } from './dispatch';

/** Paths of the central commerce API. */
export const API_PATHS = {
  health: '/v1/health',
  pickupKeys: '/v1/pickup-keys',
  openapi: '/v1/openapi.json',
  changes: (storeId: string) => `/v1/stores/${encodeURIComponent(storeId)}/changes`,
  mutations: (storeId: string) => `/v1/stores/${encodeURIComponent(storeId)}/mutations`,
  orderLookup: (storeId: string) => `/v1/stores/${encodeURIComponent(storeId)}/orders/lookup`,
  adminOrders: (storeId: string) => `/v1/_admin/stores/${encodeURIComponent(storeId)}/orders`,
  adminCancel: (storeId: string, orderId: string) =>
    `/v1/_admin/stores/${encodeURIComponent(storeId)}/orders/${encodeURIComponent(orderId)}/cancel`,
  adminArrive: (storeId: string) => `/v1/_admin/stores/${encodeURIComponent(storeId)}/arrive`,
  adminFaults: '/v1/_admin/faults',
  adminReceiveStock: (storeId: string) => `/v1/_admin/stores/${encodeURIComponent(storeId)}/stock/receive`,
  adminDelivery: (storeId: string, orderId: string) =>
    `/v1/_admin/stores/${encodeURIComponent(storeId)}/orders/${encodeURIComponent(orderId)}/delivery`,
  adminMutations: (storeId: string) => `/v1/_admin/stores/${encodeURIComponent(storeId)}/mutations`,
} as const;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  /** Server time, for clock-skew hints. */
  time: isoDateTimeSchema.optional(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const pickupKeysResponseSchema = z.object({
  keys: z.array(pickupKeySchema),
});
export type PickupKeysResponse = z.infer<typeof pickupKeysResponseSchema>;

export const errorCodeSchema = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
  /** 413: the body is larger than the largest legal request. */
  'too_large',
  /** 415: not application/json. */
  'unsupported_media_type',
  /** 429: too many failed sign-ins or admin calls from one address; retry later. */
  'rate_limited',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const fieldIssueSchema = z.object({
  /** Dotted path into the body or query, e.g. `mutations.3.payload.orderId`. */
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** Body of every 4xx/5xx answer. */
export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    issues: z.array(fieldIssueSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

// ---- Demo/test endpoints (/v1/_admin, only with --enable-admin, loopback only) ----

/** An order as the online mall sees it: with what the customer is shown. */
export const adminOrderSchema = orderSchema.extend({
  /** 6-digit numeric pickup code. */
  pickupCode: z.string().regex(/^\d{6}$/),
  /** Signed QR token, LT1.… */
  pickupToken: z.string(),
});
export type AdminOrder = z.infer<typeof adminOrderSchema>;

export const adminOrdersResponseSchema = z.object({ orders: z.array(adminOrderSchema) });
export type AdminOrdersResponse = z.infer<typeof adminOrdersResponseSchema>;

export const adminOrdersQuerySchema = z.object({
  status: z.string().optional(),
});

/** Create an order as the online mall or a group buy does; HQ fills prices, zones and bags. */
export const adminCreateOrderSchema = z.object({
  id: orderIdSchema.optional(),
  channel: orderChannelSchema.default('mall'),
  fulfilment: fulfilmentSchema.default('store_pickup'),
  customer: orderCustomerSchema.optional(),
  items: z
    .array(z.object({ sku: skuSchema, qty: z.number().positive() }))
    .min(1)
    .optional(),
  pickupWindow: pickupWindowSchema.optional(),
  paid: z.boolean().default(true),
  batchId: z.string().nullable().optional(),
  /** `pending` (default) or `arrived` (bags ready for put-away). */
  status: z.enum(['pending', 'arrived']).default('pending'),
  note: z.string().optional(),
  /** 定时送达: the rider HQ assigns the delivery to (with `fulfilment: scheduled_delivery`). */
  riderId: riderIdSchema.optional(),
  /** Force a pickup code (tests); otherwise random. */
  pickupCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
export type AdminCreateOrder = z.input<typeof adminCreateOrderSchema>;

export const adminCreateOrdersRequestSchema = z.object({
  orders: z.array(adminCreateOrderSchema).min(1).max(10000),
});
export type AdminCreateOrdersRequest = z.input<typeof adminCreateOrdersRequestSchema>;

export const adminCancelRequestSchema = z.object({
  reason: z.string().min(1).max(200).default('总部取消'),
});

export const adminArriveRequestSchema = z.object({
  orderIds: z.array(orderIdSchema).min(1),
});

/** HQ receives a delivery for the store: stock goes up, and the feed carries it (restock, new batch). */
export const adminReceiveStockRequestSchema = z.object({
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        /** Units, or grams for weighed goods. */
        qty: z.number().int().positive().max(1_000_000_000),
      }),
    )
    .min(1)
    .max(1000),
});
export type AdminReceiveStockRequest = z.input<typeof adminReceiveStockRequestSchema>;
export const adminReceiveStockResponseSchema = z.object({ stock: z.array(stockLevelSchema) });

export const adminStoreParamsSchema = z.object({ store: storeIdSchema });

export const faultsSchema = z.object({
  /** Added delay before every non-admin request is handled. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of non-admin requests answered 500 without being processed. */
  errorRate: z.number().min(0).max(1).default(0),
  /** Share of non-admin requests processed, then the connection dropped without an answer. */
  dropResponseRate: z.number().min(0).max(1).default(0),
  /** Refuse every non-admin request with 503. */
  down: z.boolean().default(false),
  /** The demo e-wallet gateway's faults (decline, user paying, late or lost charge answers). */
  payments: paymentFaultsSchema.optional(),
});
export type Faults = z.infer<typeof faultsSchema>;
export type FaultsInput = z.input<typeof faultsSchema>;

/**
 * `GET /v1/stores/:store/orders/lookup`: a read-only lookup of the store's
 * orders at HQ, for a code, order number, phone or token the terminal does not
 * hold (older than its history window, or not pulled yet). Exactly one key.
 */
export const orderLookupQuerySchema = z
  .object({
    orderId: z.string().min(1).max(64).optional(),
    orderNo: z.string().min(1).max(32).optional(),
    /** `pickupCodeHash` of the typed 6-digit code (the plain code never leaves the terminal). */
    codeHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    phoneLast4: z
      .string()
      .regex(/^\d{4}$/)
      .optional(),
  })
  .refine((q) => Object.values(q).filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of orderId, orderNo, codeHash, phoneLast4',
  });
export type OrderLookupQuery = z.infer<typeof orderLookupQuerySchema>;

/** At most `ORDER_LOOKUP_MAX` orders, most recently changed first. */
export const ORDER_LOOKUP_MAX = 20;
export const orderLookupResponseSchema = z.object({ orders: z.array(orderSchema).max(ORDER_LOOKUP_MAX) });
export type OrderLookupResponse = z.infer<typeof orderLookupResponseSchema>;
