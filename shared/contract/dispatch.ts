import { z } from 'zod';
import { boundedDateTimeSchema } from './bounds';
import { isoDateTimeSchema, orderIdSchema, staffIdSchema, storeIdSchema, terminalIdSchema } from './common';

/**
 * 定时送达 — scheduled delivery (issue #17), additive to the contract: the riders
 * HQ publishes to a store, the delivery part of an order (its rider, when it
 * left, HQ's delivered/failed word), and the `order.dispatched` mutation.
 * The rules over them live in shared/dispatch.
 */

export const riderIdSchema = z.string().regex(/^R\d{2,4}$/, 'rider id like R01');

/** A rider who collects scheduled deliveries at the store (entity `rider`, key = id). */
export const riderSchema = z.object({
  id: riderIdSchema,
  storeId: storeIdSchema,
  name: z.string().min(1).max(64),
  phoneLast4: z.string().regex(/^\d{4}$/),
  /** Badge barcode, RD-<rider id> (shared/codes/formats.ts). */
  badge: z.string().min(1).max(64),
  /** What the rider's own app shows as a QR code; HQ issues it. */
  qrToken: z.string().min(8).max(200),
  active: z.boolean(),
});
export type Rider = z.infer<typeof riderSchema>;

export const deliveryOutcomeSchema = z.enum(['delivered', 'failed']);
export type DeliveryOutcome = z.infer<typeof deliveryOutcomeSchema>;

/**
 * The delivery part of a `scheduled_delivery` order; its window is the order's
 * `pickupWindow`. After `order.dispatched` the order is `collected` (the rider
 * took it) with `dispatchedAt`; HQ's outcome comes back by pull: `delivered`,
 * or `failed` — then the order is `arrived` again, to be put away.
 */
export const orderDeliverySchema = z.object({
  /** The rider HQ assigned the delivery to (null: not yet assigned). */
  riderId: riderIdSchema.nullable(),
  dispatchedAt: isoDateTimeSchema.nullable().optional(),
  dispatchedBy: staffIdSchema.nullable().optional(),
  terminalId: terminalIdSchema.nullable().optional(),
  outcome: deliveryOutcomeSchema.nullable().optional(),
  outcomeAt: isoDateTimeSchema.nullable().optional(),
  failReason: z.string().max(200).nullable().optional(),
});
export type OrderDelivery = z.infer<typeof orderDeliverySchema>;

/** A rider takes a run: every bag of these orders of one delivery window was scanned at the store. */
export const orderDispatchedPayloadSchema = z.object({
  orderIds: z.array(orderIdSchema).min(1).max(100),
  riderId: riderIdSchema,
  /** Every bag label of every order, as scanned. */
  bags: z.array(z.string().min(1).max(64)).min(1).max(500),
  at: boundedDateTimeSchema,
});

/** `POST /v1/_admin/stores/:store/orders/:orderId/delivery`: HQ records the rider's word (demo/tests). */
export const adminDeliveryOutcomeRequestSchema = z.object({
  outcome: deliveryOutcomeSchema,
  reason: z.string().min(1).max(200).optional(),
});
export type AdminDeliveryOutcomeRequest = z.input<typeof adminDeliveryOutcomeRequestSchema>;

/** `GET /v1/_admin/stores/:store/mutations?type=`: what HQ recorded (tests count deliveries). */
export const adminMutationsQuerySchema = z.object({
  type: z.string().min(1).max(64).optional(),
});
export const adminMutationRecordSchema = z.object({
  id: z.string(),
  terminalId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  staffId: z.string(),
  status: z.string(),
  code: z.string().nullable(),
  payload: z.unknown(),
});
export const adminMutationsResponseSchema = z.object({ mutations: z.array(adminMutationRecordSchema) });
export type AdminMutationsResponse = z.infer<typeof adminMutationsResponseSchema>;
