/**
 * Dexie schema versions. Each version is a named constant that is never edited
 * once released: a change is a new constant, a new `db.version(n).stores(...)`
 * line in `database.ts` with its `upgrade()`, and a test in
 * `migrations.test.ts` that seeds the previous version and opens the new one.
 *
 * Index syntax: first entry is the primary key; `&` unique, `*` multi-entry,
 * `[a+b]` compound.
 */

/**
 * v1 — 2026-11-24: first release.
 * - orders: lookups by order number, pickup-code hash, phone last 4, status, slot
 *   (`slotIds`: a local multi-entry field derived from HQ's `slotAssignments`)
 *   and group-leader batch. Order numbers are not declared unique: a unique
 *   index would let one bad HQ record abort a whole pull page.
 * - products: barcodes multi-entry (one product, several EANs), pinyin initials.
 * - layout: HQ's shelf layout document; slots: its slots flattened for lookups.
 * - outbox: primary key is the terminal sequence (assigned from meta in the same
 *   transaction), so reading "the next batch" is a key-range scan `seq > acked`;
 *   the client id is unique; `*affects` lists the entity refs a mutation changes
 *   (the pull overlay asks "is anything pending for order:X?").
 * - outboxBases: per mutation (same seq), the affected rows as they were before
 *   it — what an entity returns to if HQ refuses it. Kept apart from the outbox
 *   so push reads stay small and confirmed batches are deleted as key ranges.
 * - shadows: HQ data pulled for an entity while it had a pending local mutation
 *   (the local change keeps showing; HQ's version waits here for the result).
 */
export const SCHEMA_V1 = {
  orders: 'id, orderNo, pickupCodeHash, customer.phoneLast4, status, *slotIds, batchId',
  products: 'sku, *barcodes, pinyin, name, plu',
  stock: 'sku',
  staff: 'id, badge',
  layout: 'storeId',
  slots: 'id, zone, unitId, label',
  slotOccupancy: '[slotId+orderId], slotId, orderId',
  batches: 'id, code, leaderId, businessDate',
  leaders: 'id',
  sales: 'id, createdAt, shiftId',
  shifts: 'id, openedAt, state',
  outbox: 'seq, &id, state, *affects',
  outboxBases: 'seq',
  shadows: 'ref',
  exceptions: 'id, state, receivedAt',
  audit: 'id, at, action, staffId, *refs',
  meta: 'key',
} as const;

/**
 * v2 — 2026-11-30: the till.
 * - sales: one row per completed sale (`SaleRow`: the pushed `sale.completed`
 *   payload plus local fields). Receipt numbers are unique; the Z report reads a
 *   business day (`businessDate`, store zone) and a shift; add-on sales are
 *   found by the pickup order they were opened from (`orderId`).
 * - refunds: one row per refund, by sale (refund limits across refunds) and day.
 * - heldCarts: 挂单 — parked carts, oldest first.
 * - receiptCounters: the last receipt serial per `${terminalId}:${businessDate}`.
 * Product search needs no index: the till builds an in-memory index (name,
 * pinyin initials and full pinyin) from the products table — see
 * renderer/src/features/sale/productIndex.ts.
 */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  sales: 'id, &receiptNo, businessDate, createdAt, shiftId, orderId',
  refunds: 'id, saleId, businessDate, createdAt',
  heldCarts: 'id, heldAt',
  receiptCounters: 'key',
} as const;

/**
 * v3 — 2026-11-30: closing the day (日结).
 * - shifts: one open shift per terminal (`[terminalId+state]`); the v1 table was
 *   a placeholder nothing wrote to (`ShiftRow`).
 * - cashMovements: pay-ins and pay-outs, by shift and time.
 * - stockCounts / stockCountLines: scan-and-count sessions, written scan by scan
 *   so a count resumes after a restart; a line per counted product.
 * - dayCloses: one row per business day that was closed (or reopened).
 * - shelfAudits: shelf audit sessions with their scans, result and resolutions.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  shifts: 'id, openedAt, state, [terminalId+state]',
  cashMovements: 'id, shiftId, createdAt',
  stockCounts: 'id, state, startedAt',
  stockCountLines: '[countId+sku], countId',
  dayCloses: 'businessDate, state',
  shelfAudits: 'id, state, startedAt',
} as const;

/**
 * v4 — 2026-11-30: the Z report's running totals (B5).
 * - dayTotals: one row per business day and terminal (`DayTotalsRow`), folded
 *   by `foldDayWork` (shared/dayend/dayWork.ts) in the same transaction that
 *   writes each sale, refund, cash movement and void, so the report reads a few
 *   rows instead of folding the day's 20k sales. The upgrade backfills them
 *   from the rows already there.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  dayTotals: '[businessDate+terminalId], businessDate',
} as const;

/**
 * v5 — 2026-11-30: the regulars (issue #17). (v4 is assigned to day-end.)
 * - customerNotes: HQ's `customerNote` entities — notes and wishes on a
 *   customer, found by the customer (`customerRef`) for the pickup card and the
 *   till, and by kind and status for the manager's list of open wishes.
 */
export const SCHEMA_V5 = {
  // on top of v4 (merged after this was written against v3: Dexie keeps v4's table either way)
  ...SCHEMA_V4,
  customerNotes: 'id, customerRef, [kind+status]',
} as const;

/**
 * v6 — 2026-11-30: products by category. A customer's wish for a category
 * ("想试试无糖酸奶" as 酸奶) is shown on the pickup card; without this index the
 * card read all 20k products on each such scan.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  products: `${SCHEMA_V5.products}, category`,
} as const;

/**
 * v7 — 2026-11-30: orders by dispatch time. 配送's list of what is out for
 * delivery read every collected order (the whole history window) on each
 * change; the index holds only dispatched deliveries (a path absent from an
 * order is not indexed), so the list reads those.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  orders: `${SCHEMA_V6.orders}, delivery.dispatchedAt`,
} as const;

export const DB_VERSION = 7;
export const DB_NAME = 'linli-counter';

/** Every version in order, for the migration harness. */
export const SCHEMA_HISTORY = {
  1: SCHEMA_V1,
  2: SCHEMA_V2,
  3: SCHEMA_V3,
  4: SCHEMA_V4,
  5: SCHEMA_V5,
  6: SCHEMA_V6,
  7: SCHEMA_V7,
} as const satisfies Record<number, Record<string, string>>;

export type TableName = keyof typeof SCHEMA_V5;
