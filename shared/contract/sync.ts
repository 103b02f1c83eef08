import { z } from 'zod';
import {
  groupBatchSchema,
  groupLeaderSchema,
  orderSchema,
  pickupKeySchema,
  productSchema,
  shelfLayoutSchema,
  staffSchema,
  stockLevelSchema,
  storePolicySchema,
  storeSchema,
  terminalSchema,
} from './entities';
import { terminalIdSchema, uuidSchema } from './common';
import { customerNoteSchema } from './customers';
import { riderSchema } from './dispatch';
import { mutationSchema } from './mutations';

/** Entities in the changes feed, each with the schema of its `data`. */
export const entitySchemas = {
  store: storeSchema,
  terminal: terminalSchema,
  staff: staffSchema,
  product: productSchema,
  shelfLayout: shelfLayoutSchema,
  order: orderSchema,
  groupLeader: groupLeaderSchema,
  groupBatch: groupBatchSchema,
  stockLevel: stockLevelSchema,
  storePolicy: storePolicySchema,
  pickupKey: pickupKeySchema,
  customerNote: customerNoteSchema,
  rider: riderSchema,
} as const;
export type EntityName = keyof typeof entitySchemas;
export const ENTITY_NAMES = Object.keys(entitySchemas) as EntityName[];
export type EntityData<E extends EntityName> = z.infer<(typeof entitySchemas)[E]>;

/**
 * Key of each entity in the feed: store/staff/terminal/order/groupLeader/
 * groupBatch/pickupKey by their id (kid), product and stockLevel by sku,
 * shelfLayout and storePolicy by store id, customerNote by its id.
 */
const changeOf = <E extends EntityName>(entity: E) =>
  z.union([
    z.object({
      entity: z.literal(entity),
      op: z.literal('upsert'),
      key: z.string().min(1),
      data: entitySchemas[entity],
      version: z.number().int().min(1),
    }),
    z.object({
      entity: z.literal(entity),
      op: z.literal('delete'),
      key: z.string().min(1),
      data: z.null(),
      version: z.number().int().min(1),
    }),
  ]);

export const changeSchema = z.union([
  changeOf('store'),
  changeOf('terminal'),
  changeOf('staff'),
  changeOf('product'),
  changeOf('shelfLayout'),
  changeOf('order'),
  changeOf('groupLeader'),
  changeOf('groupBatch'),
  changeOf('stockLevel'),
  changeOf('storePolicy'),
  changeOf('pickupKey'),
  changeOf('customerNote'),
  changeOf('rider'),
]);
export type Change = z.infer<typeof changeSchema>;
export type ChangeOf<E extends EntityName> = Extract<Change, { entity: E }>;

export const PULL_LIMIT_DEFAULT = 500;
export const PULL_LIMIT_MAX = 5000;

/** `GET /v1/stores/:store/changes?cursor=&limit=` query. */
export const pullQuerySchema = z.object({
  /** Opaque; omit or empty for the start of the feed. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(PULL_LIMIT_MAX).default(PULL_LIMIT_DEFAULT),
  /** `remaining`: also count the changes still to come after this page (a first pull's progress bar). */
  count: z.literal('remaining').optional(),
  /**
   * `priority` with no cursor: a new terminal's first sync, served in the order
   * the store needs it (see `FIRST_SYNC_STAGES`); the feed then continues from
   * where that snapshot started. An HQ that ignores it serves the feed as usual.
   */
  first: z.literal('priority').optional(),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

/**
 * A first sync's stages, in the order HQ serves them: terminal config, policy,
 * staff and layout; open orders; products and stock; closed orders within the
 * store's `historyDays`, newest first.
 */
export const FIRST_SYNC_STAGES = ['config', 'open', 'catalog', 'history'] as const;
export const firstSyncStageSchema = z.enum(FIRST_SYNC_STAGES);
export type FirstSyncStage = z.infer<typeof firstSyncStageSchema>;

const stageCountsSchema = z.object({
  config: z.number().int().min(0),
  open: z.number().int().min(0),
  catalog: z.number().int().min(0),
  history: z.number().int().min(0),
});
export type FirstSyncCounts = z.infer<typeof stageCountsSchema>;

/** Where a first sync stands after a page: a page holds changes of one stage only. */
export const firstSyncProgressSchema = z.object({
  stage: firstSyncStageSchema,
  /** Records of each stage when the first sync started. */
  totals: stageCountsSchema,
  /** Records of each stage served so far, this page included (a finished stage counts as its total). */
  served: stageCountsSchema,
});
export type FirstSyncProgress = z.infer<typeof firstSyncProgressSchema>;

/** Changes in feed order (ascending version); pass `cursor` back for the next page. */
export const changesPageSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
  /** Changes after this page, when the query asked `count=remaining`. */
  remaining: z.number().int().min(0).optional(),
  /** Present on the pages of a prioritised first sync (`first=priority`), absent on the feed. */
  firstSync: firstSyncProgressSchema.optional(),
});
export type ChangesPage = z.infer<typeof changesPageSchema>;

export const PUSH_BATCH_MAX = 5000;
/**
 * HQ refuses larger request bodies unread (413): room for PUSH_BATCH_MAX
 * mutations of about 3 kB each (a handover is ~250 bytes, a sale of a dozen
 * lines ~2 kB); the app sends batches of 1000.
 */
export const PUSH_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** `POST /v1/stores/:store/mutations` body. */
export const pushRequestSchema = z.object({
  terminalId: terminalIdSchema,
  mutations: z.array(mutationSchema).min(1).max(PUSH_BATCH_MAX),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationStatusSchema = z.enum(['applied', 'duplicate', 'rejected', 'conflict']);
export type MutationStatus = z.infer<typeof mutationStatusSchema>;

/** Why HQ rejected a mutation (status `rejected`) — business rules. */
export const rejectionCodeSchema = z.enum([
  'unknown_order',
  'wrong_store',
  'order_cancelled',
  'order_returned',
  'order_not_arrived',
  'forbidden_role',
  'unknown_staff',
  'unknown_slot',
  'zone_mismatch',
  'slot_full',
  'unknown_bag',
  'unknown_product',
  'invalid_amounts',
  'unknown_sale',
  'invalid_state',
  /** order.dispatched: the rider is not one of the store's (active) riders. */
  'unknown_rider',
  /** HQ could not process this one mutation (an unexpected failure, logged at HQ); the rest of the batch applied. */
  'unprocessable',
]);
export type RejectionCode = z.infer<typeof rejectionCodeSchema>;

/** Why HQ answered `conflict` — the state moved on under the terminal. */
export const conflictCodeSchema = z.enum([
  'already_collected',
  'already_shelved',
  'already_returned',
  'already_closed',
]);
export type ConflictCode = z.infer<typeof conflictCodeSchema>;

export const mutationResultSchema = z.object({
  id: uuidSchema,
  status: mutationStatusSchema,
  /** A RejectionCode or ConflictCode; kept open (string) so new codes never break old clients. */
  code: z.string().optional(),
  /** Human-readable reason, zh-CN. */
  reason: z.string().optional(),
  /** For `duplicate`: what the first delivery of this id answered (with its `code`/`reason` when refused). */
  originalStatus: z.enum(['applied', 'rejected', 'conflict']).optional(),
});
export type MutationResult = z.infer<typeof mutationResultSchema>;

/** One result per pushed mutation, in request order. */
export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;
