/**
 * TEMPORARY: local stand-ins for the shared contract while it is being written.
 * Replaced by re-exports from `@shared/contract` once it lands.
 */
import { z } from 'zod';

export const orderStatusSchema = z.enum([
  'pending',
  'packed',
  'ready',
  'collected',
  'cancelled',
  'refunded',
  'returned',
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const hqOrderSchema = z.looseObject({
  id: z.string(),
  orderNumber: z.string(),
  status: orderStatusSchema,
  pickupCodeHash: z.string(),
  phoneLast4: z.string(),
  slotIds: z.array(z.string()),
  batchCode: z.string().nullable(),
  collectedAt: z.string().nullable().optional(),
  collectedBy: z.string().nullable().optional(),
});
export type HqOrder = z.infer<typeof hqOrderSchema>;
export const hqProductSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  barcodes: z.array(z.string()),
  pinyinInitials: z.string(),
});
export type HqProduct = z.infer<typeof hqProductSchema>;
export type HqStock = { productId: string; [k: string]: unknown };
export type HqStaff = { id: string; [k: string]: unknown };
export type HqLayout = { id: string; [k: string]: unknown };
export type HqBatch = { code: string; [k: string]: unknown };

export const mutationTypeSchema = z.enum(['order.putAway', 'order.handOver']);
export type MutationType = z.infer<typeof mutationTypeSchema>;

export const changeSchema = z.object({
  entity: z.string(),
  op: z.enum(['upsert', 'delete']),
  key: z.string(),
  data: z.unknown(),
  version: z.number(),
});
export const changesResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

export const mutationSchema = z.object({
  id: z.string(),
  seq: z.number(),
  type: mutationTypeSchema,
  payload: z.unknown(),
  staffId: z.string(),
  createdAt: z.string(),
});
export type Mutation = z.infer<typeof mutationSchema>;
export const pushRequestSchema = z.object({ terminalId: z.string(), mutations: z.array(mutationSchema) });
export type PushRequest = z.infer<typeof pushRequestSchema>;
export const pushResponseSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      status: z.enum(['applied', 'duplicate', 'rejected', 'conflict']),
      code: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
