import { z } from 'zod';
import { businessDateSchema, fenSchema, isoDateTimeSchema, storeIdSchema, terminalIdSchema } from './common';

/**
 * HQ's own totals for a store's business day, computed from the mutations it
 * received (`GET /v1/stores/:store/days/:date/totals`). The terminal compares
 * them line by line with its Z report: a close is final only when they match.
 */

export const tenderTotalsSchema = z.object({
  cash: fenSchema,
  card: fenSchema,
  wechat: fenSchema,
  alipay: fenSchema,
});
export type TenderTotals = z.infer<typeof tenderTotalsSchema>;

export const dayTotalsSchema = z.object({
  salesCount: z.number().int().min(0),
  salesFen: fenSchema,
  refundsCount: z.number().int().min(0),
  refundsFen: fenSchema,
  /** Line and cart discounts of the day's sales. */
  discountFen: fenSchema,
  /** Sales tenders by method (what the day took in). */
  salesByTender: tenderTotalsSchema,
  /** Refund tenders by method (what the day paid back). */
  refundsByTender: tenderTotalsSchema,
  payInsFen: fenSchema,
  payOutsFen: fenSchema,
  /** Work done after its calendar day's close, carried into this day. */
  afterCloseCount: z.number().int().min(0),
});
export type DayTotals = z.infer<typeof dayTotalsSchema>;

export const dayTotalsParamsSchema = z.object({ store: storeIdSchema, date: businessDateSchema });

export const dayTotalsResponseSchema = z.object({
  storeId: storeIdSchema,
  businessDate: businessDateSchema,
  timeZone: z.string().min(1),
  store: dayTotalsSchema,
  terminals: z.array(z.object({ terminalId: terminalIdSchema, totals: dayTotalsSchema })),
  /** HQ's record of the day's close, when one arrived. */
  close: z
    .object({ provisional: z.boolean(), closedAt: isoDateTimeSchema, terminalId: terminalIdSchema })
    .nullable(),
  computedAt: isoDateTimeSchema,
});
export type DayTotalsResponse = z.infer<typeof dayTotalsResponseSchema>;

export const dayTotalsPath = (storeId: string, businessDate: string) =>
  `/v1/stores/${encodeURIComponent(storeId)}/days/${encodeURIComponent(businessDate)}/totals`;
