import { z } from 'zod';
import { fenSchema } from './common';

/**
 * E-wallet payments through HQ (WeChat Pay 付款码支付 / Alipay 当面付). HQ holds
 * the merchant credentials and talks to the wallet; the till charges, queries,
 * reverses and refunds by the tender's id (the idempotency key). Every definite
 * answer is 200 with a `status`; 4xx/5xx carry the usual error body.
 */

export const PAYMENT_PATHS = {
  charge: (storeId: string) => `/v1/stores/${encodeURIComponent(storeId)}/payments`,
  payment: (storeId: string, paymentId: string) =>
    `/v1/stores/${encodeURIComponent(storeId)}/payments/${encodeURIComponent(paymentId)}`,
  reverse: (storeId: string, paymentId: string) =>
    `/v1/stores/${encodeURIComponent(storeId)}/payments/${encodeURIComponent(paymentId)}/reverse`,
  refund: (storeId: string, paymentId: string) =>
    `/v1/stores/${encodeURIComponent(storeId)}/payments/${encodeURIComponent(paymentId)}/refund`,
  adminPayments: (storeId: string) => `/v1/_admin/stores/${encodeURIComponent(storeId)}/payments`,
} as const;

export const walletMethodSchema = z.enum(['wechat', 'alipay']);

/** The tender's id, chosen by the terminal: the idempotency key of the charge. */
export const paymentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : -');

/** Largest single e-wallet payment the till sends (¥100,000). */
export const MAX_WALLET_PAYMENT_FEN = 10_000_000;

export const paymentChargeRequestSchema = z.object({
  paymentId: paymentIdSchema,
  method: walletMethodSchema,
  amountFen: fenSchema.min(1).max(MAX_WALLET_PAYMENT_FEN),
  /** The customer's payment code (付款码): digits only, used once, never stored. */
  authCode: z.string().regex(/^\d{16,24}$/, 'a payment code is 16–24 digits'),
  description: z.string().max(128).optional(),
});
export type PaymentChargeRequest = z.infer<typeof paymentChargeRequestSchema>;

export const paymentRefundRequestSchema = z.object({
  /** Idempotency key of this refund. */
  refundId: paymentIdSchema,
  amountFen: fenSchema.min(1).max(MAX_WALLET_PAYMENT_FEN),
});
export type PaymentRefundRequest = z.infer<typeof paymentRefundRequestSchema>;

export const paymentAnswerSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('succeeded'),
    paymentId: paymentIdSchema,
    /** The wallet's transaction id. */
    reference: z.string().min(1),
    amountFen: fenSchema.optional(),
  }),
  /** The customer is confirming on the phone: query again. */
  z.object({ status: z.literal('user_paying'), paymentId: paymentIdSchema }),
  z.object({
    status: z.literal('declined'),
    paymentId: paymentIdSchema,
    /** Machine-readable reason (e.g. NOTENOUGH, AUTHCODEEXPIRE, exceedsPayment). */
    reason: z.string().min(1),
    message: z.string().optional(),
  }),
  /** HQ holds no payment with this id. */
  z.object({ status: z.literal('not_found'), paymentId: paymentIdSchema }),
  /** Reversed or closed: not charged (refunded if it had been); a late charge with this id is refused. */
  z.object({ status: z.literal('reversed'), paymentId: paymentIdSchema }),
  z.object({
    status: z.literal('refunded'),
    paymentId: paymentIdSchema,
    /** The refund's reference. */
    reference: z.string().min(1),
    /** Refunded so far on this payment, this refund included. */
    refundedFen: fenSchema.min(0),
  }),
]);
export type PaymentAnswer = z.infer<typeof paymentAnswerSchema>;

/** Demo gateway faults (reference central, /v1/_admin/faults `payments`). */
export const paymentFaultsSchema = z.object({
  /** Decline every new charge with this reason. */
  decline: z.string().min(1).max(64).nullable().default(null),
  /** Answer "user paying" to a new charge and to this many queries, then succeed. */
  userPayingQueries: z.number().int().min(0).max(1000).default(0),
  /** Apply a charge, then answer only after this long (the terminal times out first). */
  chargeDelayMs: z.number().int().min(0).max(120_000).default(0),
  /** Apply a charge, then drop the connection without an answer. */
  dropChargeAnswer: z.boolean().default(false),
});
export type PaymentFaults = z.infer<typeof paymentFaultsSchema>;

/** A payment as the demo gateway holds it (admin view: what the customer was charged). */
export const adminPaymentSchema = z.object({
  paymentId: paymentIdSchema,
  method: walletMethodSchema.nullable(),
  amountFen: fenSchema,
  state: z.enum(['paying', 'succeeded', 'declined', 'reversed']),
  reference: z.string().nullable(),
  /** Charge requests that reached HQ with this id (a repeat is answered, never charged again). */
  chargeRequests: z.number().int().min(0),
  refundedFen: fenSchema.min(0),
  createdAt: z.string(),
});
export type AdminPayment = z.infer<typeof adminPaymentSchema>;

export const adminPaymentsResponseSchema = z.object({ payments: z.array(adminPaymentSchema) });
export type AdminPaymentsResponse = z.infer<typeof adminPaymentsResponseSchema>;
