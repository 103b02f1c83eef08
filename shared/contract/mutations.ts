import { z } from 'zod';
import {
  businessDateSchema,
  fenSchema,
  nonNegativeFenSchema,
  orderIdSchema,
  skuSchema,
  staffIdSchema,
  uuidSchema,
} from './common';
import { boundedDateTimeSchema, MAX_DETAIL_DEPTH, MAX_QTY, MAX_STOCK_QTY, refineStorable } from './bounds';
import { orderDispatchedPayloadSchema } from './dispatch';
import { handOverVerificationSchema, missingItemSchema, proxyPickupSchema } from './entities';
import {
  customerNoteDeletedPayloadSchema,
  customerNotedPayloadSchema,
  customerWishedPayloadSchema,
  customerWishResolvedPayloadSchema,
} from './customers';
import { paymentIdSchema } from './payments';

/**
 * Mutations a terminal pushes to HQ. Each is a fact recorded offline; HQ applies
 * it once (idempotent by `id`) or answers why not. Privileged mutations carry an
 * optional `approvedBy`: the manager who approved at the counter when the acting
 * staff member is a clerk. Later versions may add optional fields only.
 */

const approvedBy = staffIdSchema.optional().describe('Manager who approved a clerk’s privileged action');

export const orderPutAwayPayloadSchema = z.object({
  orderId: orderIdSchema,
  placements: z.array(z.object({ bagLabel: z.string().min(1), slotId: z.string().min(1) })).min(1),
});

export const orderHandOverPayloadSchema = z.object({
  orderId: orderIdSchema,
  verifiedBy: handOverVerificationSchema,
  /** Bag labels scanned at handover, when the clerk scanned them. */
  bags: z.array(z.string().min(1)).optional(),
  note: z.string().max(500).optional(),
  proxy: proxyPickupSchema.optional(),
  approvedBy,
});

export const orderPartialHandOverPayloadSchema = z.object({
  orderId: orderIdSchema,
  verifiedBy: handOverVerificationSchema,
  bags: z.array(z.string().min(1)).optional(),
  /** Items not handed over; HQ refunds them when `refundRequested`. */
  missing: z.array(missingItemSchema).min(1),
  refundRequested: z.boolean(),
  note: z.string().max(500).optional(),
  proxy: proxyPickupSchema.optional(),
  approvedBy,
});

export const orderRemindPayloadSchema = z.object({
  orderId: orderIdSchema,
  channel: z.enum(['sms', 'wechat']).optional(),
  note: z.string().max(500).optional(),
});

export const orderExtendPayloadSchema = z.object({
  orderId: orderIdSchema,
  until: boundedDateTimeSchema,
  reason: z.string().max(500).optional(),
  approvedBy,
});

export const orderReturnToStockPayloadSchema = z.object({
  orderId: orderIdSchema,
  reason: z.string().min(1).max(500),
  approvedBy,
});

export const tenderMethodSchema = z.enum(['cash', 'card', 'wechat', 'alipay']);
export type TenderMethod = z.infer<typeof tenderMethodSchema>;

export const tenderSchema = z.object({
  method: tenderMethodSchema,
  amountFen: nonNegativeFenSchema,
  /** Cash only: what the customer handed over, and the change given. */
  tenderedFen: nonNegativeFenSchema.optional(),
  changeFen: nonNegativeFenSchema.optional(),
  /** Card slip number or the scanned payment code's reference. */
  reference: z.string().max(64).optional(),
  /**
   * WeChat Pay / Alipay: the payment's id at the gateway (the charge's
   * idempotency key). On a refund's tender, the payment the money goes back to.
   */
  paymentId: paymentIdSchema.optional(),
});
export type Tender = z.infer<typeof tenderSchema>;

export const saleLineSchema = z.object({
  sku: skuSchema,
  name: z.string().min(1),
  /** Units, or for weighed goods kilograms (weightGrams is authoritative). */
  qty: z.number().positive().max(MAX_QTY),
  weightGrams: z.number().int().positive().max(MAX_QTY).optional(),
  unitPriceFen: nonNegativeFenSchema,
  /** The catalogue price when the clerk overrode it (manager action). */
  listPriceFen: nonNegativeFenSchema.optional(),
  discountFen: nonNegativeFenSchema.optional(),
  /** Line amount after discount. */
  amountFen: nonNegativeFenSchema,
});
export type SaleLine = z.infer<typeof saleLineSchema>;

export const saleCompletedPayloadSchema = z.object({
  saleId: uuidSchema,
  receiptNo: z.string().min(1).max(32),
  lines: z.array(saleLineSchema).min(1),
  /** Sum of line amounts minus the cart discount. */
  totalFen: nonNegativeFenSchema,
  discountFen: nonNegativeFenSchema.optional(),
  roundingFen: fenSchema.optional(),
  tenders: z.array(tenderSchema).min(1),
  /** The pickup order this add-on sale was opened from. */
  orderId: orderIdSchema.optional(),
  shiftId: z.string().optional(),
  approvedBy,
});

export const saleRefundedPayloadSchema = z.object({
  refundId: uuidSchema,
  saleId: uuidSchema,
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        qty: z.number().positive().max(MAX_QTY),
        amountFen: nonNegativeFenSchema,
        /** Index of the refunded line in the sale (the till sends it; refund limits are per line). */
        line: z.number().int().min(0).optional(),
      }),
    )
    .min(1),
  totalFen: nonNegativeFenSchema,
  tenders: z.array(tenderSchema).min(1),
  reason: z.string().min(1).max(500),
  restock: z.boolean().optional(),
  shiftId: z.string().optional(),
  approvedBy,
});

export const stockCountedPayloadSchema = z.object({
  countId: uuidSchema,
  scope: z.enum(['full', 'category']),
  category: z.string().optional(),
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        countedQty: z.number().int().min(-MAX_STOCK_QTY).max(MAX_STOCK_QTY),
        expectedQty: z.number().int().min(-MAX_STOCK_QTY).max(MAX_STOCK_QTY),
      }),
    )
    .min(1),
});

export const stockAdjustedPayloadSchema = z.object({
  adjustmentId: uuidSchema,
  countId: uuidSchema.optional(),
  lines: z
    .array(
      z.object({
        sku: skuSchema,
        deltaQty: z.number().int().min(-MAX_QTY).max(MAX_QTY),
        reason: z.string().min(1).max(200),
      }),
    )
    .min(1),
  approvedBy,
});

/** Count by denomination in fen → pieces, e.g. { "10000": 3 }. */
const denominationsSchema = z.record(z.string().regex(/^\d+$/), z.number().int().min(0).max(MAX_QTY));

export const shiftOpenedPayloadSchema = z.object({
  shiftId: z.string().min(1).max(64),
  floatFen: nonNegativeFenSchema,
  /** The float as counted, by denomination. */
  denominations: denominationsSchema.optional(),
  /** 交班: the shift this one takes the drawer over from (its count is this float). */
  handedOverFrom: z.string().min(1).max(64).optional(),
});

export const cashMovedPayloadSchema = z.object({
  movementId: uuidSchema,
  shiftId: z.string().min(1).max(64),
  kind: z.enum(['payIn', 'payOut']),
  amountFen: nonNegativeFenSchema,
  reason: z.string().min(1).max(200),
  approvedBy,
});

export const shiftClosedPayloadSchema = z.object({
  shiftId: z.string().min(1).max(64),
  countedFen: nonNegativeFenSchema,
  expectedFen: fenSchema,
  differenceFen: fenSchema,
  denominations: denominationsSchema.optional(),
  note: z.string().max(500).optional(),
  /** 交班: the clerk who takes the drawer over with this count as the next shift's float. */
  handedOverTo: staffIdSchema.optional(),
  approvedBy,
});

export const dayClosedPayloadSchema = z.object({
  businessDate: businessDateSchema,
  /** Closed with mutations not yet synced (manager decision). */
  provisional: z.boolean(),
  unsyncedCount: z.number().int().min(0),
  salesFen: fenSchema.optional(),
  refundsFen: fenSchema.optional(),
  note: z.string().max(500).optional(),
  approvedBy,
});

/** A manager reopens a closed business day (audited); its next close replaces the earlier one. */
export const dayReopenedPayloadSchema = z.object({
  businessDate: businessDateSchema,
  reason: z.string().min(1).max(500),
  approvedBy,
});

const shelfAuditExceptionSchema = z.object({
  kind: z.enum(['missing', 'wrongSlot', 'unexpected']),
  slotId: z.string().min(1),
  bagLabel: z.string().min(1),
  orderId: orderIdSchema.optional(),
  expectedSlotId: z.string().min(1).optional(),
});

/** The result of a shelf audit: every occupied slot scanned, what was confirmed and what was not. */
export const shelfAuditedPayloadSchema = z.object({
  auditId: uuidSchema,
  slots: z.array(z.string().min(1)).min(1),
  confirmed: z.number().int().min(0),
  exceptions: z.array(shelfAuditExceptionSchema),
});

/** A manager settles one exception of a shelf audit. */
export const shelfAuditResolvedPayloadSchema = z.object({
  auditId: uuidSchema,
  bagLabel: z.string().min(1),
  resolution: z.enum(['found', 'moved', 'lost']),
  note: z.string().min(1).max(500),
  approvedBy,
});

export const auditRecordedPayloadSchema = z.object({
  entryId: uuidSchema,
  action: z.string().min(1).max(64),
  subject: z.string().max(128).optional(),
  /** Free-form; nested at most MAX_DETAIL_DEPTH deep. */
  detail: z.record(z.string(), z.unknown()).superRefine(refineStorable(MAX_DETAIL_DEPTH)).optional(),
  at: boundedDateTimeSchema,
});

const envelope = {
  /** Client-generated UUID: the idempotency key. */
  id: uuidSchema,
  /** Increases by one per terminal. */
  seq: z.number().int().min(1),
  /** The logged-in staff member who acted. */
  staffId: staffIdSchema,
  createdAt: boundedDateTimeSchema,
};

/** Every string of a mutation must be storable as text (no U+0000, no lone surrogate). */
const mutation = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ ...envelope, type: z.literal(type), payload }).superRefine(refineStorable());

export const mutationSchema = z.discriminatedUnion('type', [
  mutation('order.putAway', orderPutAwayPayloadSchema),
  mutation('order.handOver', orderHandOverPayloadSchema),
  mutation('order.partialHandOver', orderPartialHandOverPayloadSchema),
  mutation('order.remind', orderRemindPayloadSchema),
  mutation('order.extend', orderExtendPayloadSchema),
  mutation('order.returnToStock', orderReturnToStockPayloadSchema),
  mutation('sale.completed', saleCompletedPayloadSchema),
  mutation('sale.refunded', saleRefundedPayloadSchema),
  mutation('stock.counted', stockCountedPayloadSchema),
  mutation('stock.adjusted', stockAdjustedPayloadSchema),
  mutation('shift.opened', shiftOpenedPayloadSchema),
  mutation('cash.moved', cashMovedPayloadSchema),
  mutation('shift.closed', shiftClosedPayloadSchema),
  mutation('day.closed', dayClosedPayloadSchema),
  mutation('audit.recorded', auditRecordedPayloadSchema),
  mutation('day.reopened', dayReopenedPayloadSchema),
  mutation('shelf.audited', shelfAuditedPayloadSchema),
  mutation('shelf.auditResolved', shelfAuditResolvedPayloadSchema),
  mutation('customer.noted', customerNotedPayloadSchema),
  mutation('customer.wished', customerWishedPayloadSchema),
  mutation('customer.wishResolved', customerWishResolvedPayloadSchema),
  mutation('customer.noteDeleted', customerNoteDeletedPayloadSchema),
  mutation('order.dispatched', orderDispatchedPayloadSchema),
]);
export type Mutation = z.infer<typeof mutationSchema>;
export type MutationType = Mutation['type'];
export type MutationOf<T extends MutationType> = Extract<Mutation, { type: T }>;
export type MutationPayload<T extends MutationType> = MutationOf<T>['payload'];

export const MUTATION_TYPES = mutationSchema.options.map((o) => o.shape.type.value) as MutationType[];

/**
 * Mutations only a manager may perform (or a clerk with a manager's `approvedBy`).
 * Conditionally privileged too: a sale with a price override or discount, a
 * refund above the policy threshold, a shift closed with a cash difference above
 * the threshold.
 */
export const MANAGER_MUTATIONS: readonly MutationType[] = [
  'order.returnToStock',
  'stock.adjusted',
  'day.closed',
  'day.reopened',
  'shelf.auditResolved',
];
