/**
 * Writing HQ's answers into the local database: pull pages (with the overlay of
 * pending local changes) and push results (confirmations, exceptions inbox,
 * restoring HQ's version of entities whose mutation HQ refused).
 */
import type { Table, Transaction } from 'dexie';
import type { Change, EntityName, FirstSyncProgress, MutationResult, ShelfLayout } from '@shared/contract';
import { type Clock, isoAt } from '../db/clock';
import type { LinliDb } from '../db/database';
import { metaKey } from '../db/meta';
import { slotIdsOf } from '../db/repositories/orders';
import type { TableName } from '../db/schema';
import {
  entityRef,
  type EntityRef,
  type ExceptionRow,
  type OrderRow,
  type OutboxBaseRow,
  type OutboxRow,
  type ShadowRow,
  type SlotOccupancyRow,
  type SlotRow,
} from '../db/types';

/** Where each entity of the feed lives locally; the rest go to meta as `entity:<name>:<key>`. */
const ENTITY_TABLES = {
  order: 'orders',
  product: 'products',
  stockLevel: 'stock',
  staff: 'staff',
  shelfLayout: 'layout',
  groupBatch: 'batches',
  groupLeader: 'leaders',
  customerNote: 'customerNotes',
} as const satisfies Partial<Record<EntityName, TableName>>;

type TabledEntity = keyof typeof ENTITY_TABLES;
const hasTable = (entity: EntityName): entity is TabledEntity => entity in ENTITY_TABLES;

/** Tables a pull page or a push result may write. */
export const APPLY_TABLES: readonly TableName[] = [
  ...Object.values(ENTITY_TABLES),
  'slots',
  'slotOccupancy',
  'shadows',
  'outbox',
  'outboxBases',
  'exceptions',
  'meta',
];

export const singletonMetaKey = (entity: EntityName, key: string) => metaKey.singleton(entity, key);

/** A pulled or restored entity state: data null means "does not exist". */
interface EntityState {
  entity: EntityName;
  key: string;
  data: unknown;
}

/**
 * The stored row for HQ data. `data` is ours to change (a fresh parse or an
 * IndexedDB read): orders get `slotIds` in place, saving a copy per order on
 * large pulls.
 */
function toRow(entity: EntityName, data: unknown): unknown {
  if (entity === 'order') {
    const order = data as OrderRow;
    order.slotIds = slotIdsOf(order);
  }
  return data;
}

function flattenLayout(layout: ShelfLayout): SlotRow[] {
  return layout.zones.flatMap((zone) =>
    zone.units.flatMap((unit) =>
      unit.slots.map((slot) => ({
        id: slot.id,
        zone: zone.zone,
        unitId: unit.id,
        label: slot.label,
        row: slot.row,
        column: slot.column,
        capacityBags: slot.capacityBags,
        distance: unit.distance,
      })),
    ),
  );
}

/** Occupancy as HQ sees it: shelved orders' bags by slot. */
function occupancyOf(order: OrderRow): SlotOccupancyRow[] {
  if (order.status !== 'shelved') return [];
  const bySlot = new Map<string, SlotOccupancyRow>();
  for (const a of order.slotAssignments) {
    const row = bySlot.get(a.slotId) ?? { slotId: a.slotId, orderId: order.id, bagLabels: [], since: a.at };
    row.bagLabels.push(a.bagLabel);
    if (a.at < row.since) row.since = a.at;
    bySlot.set(a.slotId, row);
  }
  return [...bySlot.values()];
}

/** Rows per IndexedDB request batch inside a page transaction on the UI thread (see `bulkInSlices`). */
export const UI_WRITE_SLICE = 200;

/**
 * bulkPut/bulkDelete in slices, awaiting each: the structured clone of a slice
 * runs in its own task, so other tasks (input, paint) run between slices while
 * the transaction stays open (a request is always pending or just completed).
 * A worker passes `Infinity`: one request batch per table.
 */
async function bulkInSlices<T>(
  items: readonly T[],
  slice: number,
  write: (slice: T[]) => Promise<unknown>,
): Promise<void> {
  if (items.length <= slice) {
    if (items.length > 0) await write(items as T[]);
    return;
  }
  for (let i = 0; i < items.length; i += slice) await write(items.slice(i, i + slice));
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Writes entity states in bulk (sliced bulkPut/bulkDelete per table). Every
 * request is issued before any is awaited (a transaction runs its requests in
 * the order they were made): one round trip to IndexedDB's backend, not one
 * per table — on a busy machine each wait for a reply costs a scheduling slot.
 * `occupied`: the slot occupancy, already asked for in this transaction.
 */
async function writeStates(
  tx: Transaction,
  states: readonly EntityState[],
  slice = UI_WRITE_SLICE,
  occupied?: PromiseLike<SlotOccupancyRow[]>,
): Promise<void> {
  const puts = new Map<TableName, unknown[]>();
  const deletes = new Map<TableName, string[]>();
  const touchedOrders: string[] = [];
  const upsertedOrders: OrderRow[] = [];
  const writes: PromiseLike<unknown>[] = [];
  let layout: { data: ShelfLayout | null } | null = null;
  for (const { entity, key, data } of states) {
    if (!hasTable(entity)) {
      // Asked for here: a pull transaction without singletons does not hold meta.
      const meta = tx.table('meta');
      writes.push(
        data === null
          ? meta.delete(singletonMetaKey(entity, key))
          : meta.put({ key: singletonMetaKey(entity, key), value: data }),
      );
      continue;
    }
    const table = ENTITY_TABLES[entity];
    if (data === null) {
      pushTo(deletes, table, key);
    } else {
      const row = toRow(entity, data);
      pushTo(puts, table, row);
      if (entity === 'order') upsertedOrders.push(row as OrderRow);
    }
    if (entity === 'order') touchedOrders.push(key);
    if (entity === 'shelfLayout') layout = { data: data as ShelfLayout | null };
  }
  // Occupancy is bounded by the shelf's capacity (hundreds of rows): one read of the
  // whole table beats an `anyOf` cursor over a thousand order ids. Read before the writes.
  const occupancy = tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy');
  const before = touchedOrders.length > 0 ? (occupied ?? occupancy.toArray()) : null;
  for (const [table, keys] of deletes)
    writes.push(bulkInSlices(keys, slice, (part) => tx.table(table).bulkDelete(part)));
  for (const [table, rows] of puts)
    writes.push(bulkInSlices(rows, slice, (part) => tx.table(table).bulkPut(part)));
  if (before) {
    const touched = new Set(touchedOrders);
    writes.push(
      Promise.resolve(before).then(async (rows) => {
        const stale = rows
          .filter((row) => touched.has(row.orderId))
          .map((row): [string, string] => [row.slotId, row.orderId]);
        if (stale.length > 0) await occupancy.bulkDelete(stale);
        await bulkInSlices(upsertedOrders.flatMap(occupancyOf), slice, (part) => occupancy.bulkPut(part));
      }),
    );
  }
  if (layout) {
    const slots = tx.table<SlotRow, string>('slots');
    const data = layout.data;
    writes.push(slots.clear().then(() => (data ? slots.bulkPut(flattenLayout(data)) : undefined)));
  }
  await Promise.all(writes);
}

/**
 * Entity refs among `refs` that have at least one mutation still in the outbox.
 * A large outbox is asked with one count request per ref, all issued at once:
 * IndexedDB pipelines them, where an `anyOf` cursor waits a round trip per step.
 */
async function pendingAmong(tx: Transaction, refs: readonly EntityRef[]): Promise<Set<EntityRef>> {
  const outbox = tx.table<OutboxRow, number>('outbox');
  const pending = new Set<EntityRef>();
  const size = refs.length === 0 ? 0 : await outbox.count();
  if (size === 0) return pending;
  const wanted = new Set(refs);
  if (size <= refs.length) {
    // A small outbox: read it whole (one request).
    for (const row of await outbox.toArray())
      for (const ref of row.affects) if (wanted.has(ref)) pending.add(ref);
    return pending;
  }
  const counts = await Promise.all(refs.map((ref) => outbox.where('affects').equals(ref).count()));
  counts.forEach((count, i) => {
    if (count > 0) pending.add(refs[i]!);
  });
  return pending;
}

/** The tables a pull transaction writing `changes` needs (the cursor's meta when `withCursor`). */
function pullTables(changes: readonly Change[], withCursor: boolean): TableName[] {
  const tables = new Set<TableName>(['outbox', 'shadows']);
  if (withCursor) tables.add('meta');
  for (const { entity } of changes) {
    if (!hasTable(entity)) {
      tables.add('meta');
      continue;
    }
    tables.add(ENTITY_TABLES[entity]);
    if (entity === 'order') tables.add('slotOccupancy');
    if (entity === 'shelfLayout') tables.add('slots');
  }
  return [...tables];
}

/**
 * Applies one pull page and stores its cursor. An entity with a pending local
 * mutation is not overwritten: HQ's version is kept as its shadow, to be used
 * once the mutation's result is known.
 *
 * `transactionRows` splits the page into transactions of that many changes,
 * the cursor written with the last: a clerk's read waits behind the one
 * transaction running, not the whole page (IndexedDB runs a read after every
 * earlier write transaction on its tables). Each transaction holds only the
 * tables its changes touch, so a catalog page does not hold up an order
 * lookup. A crash between two of them leaves the cursor before the page, and
 * the page is applied again: pulled states are idempotent.
 */
export async function applyPullPage(
  db: LinliDb,
  changes: readonly Change[],
  cursor: string,
  options: { writeSlice?: number; firstSync?: FirstSyncProgress; transactionRows?: number } = {},
): Promise<void> {
  // Later changes to the same entity win; keep feed order otherwise.
  const latest = new Map<EntityRef, Change>();
  for (const change of changes) latest.set(entityRef(change.entity, change.key), change);
  const all = [...latest.values()];
  const size = Math.max(1, options.transactionRows ?? Number.POSITIVE_INFINITY);
  for (let from = 0; ; from += size) {
    const part = Number.isFinite(size) ? all.slice(from, from + size) : all;
    const last = from + size >= all.length;
    await db.transaction(
      'rw',
      pullTables(part, last).map((t) => db.table(t)),
      async (tx) => {
        // Both reads at once: occupancy is read before anything here is written.
        const occupied = part.some((c) => c.entity === 'order')
          ? tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy').toArray()
          : undefined;
        const pending = await pendingAmong(
          tx,
          part.map((c) => entityRef(c.entity, c.key)),
        );
        const states: EntityState[] = [];
        const shadows: ShadowRow[] = [];
        for (const change of part) {
          const ref = entityRef(change.entity, change.key);
          const data = change.op === 'delete' ? null : change.data;
          if (pending.has(ref)) {
            shadows.push({ ref, entity: change.entity, key: change.key, data, version: change.version });
          } else {
            states.push({ entity: change.entity, key: change.key, data });
          }
        }
        const writes: PromiseLike<unknown>[] = [writeStates(tx, states, options.writeSlice, occupied)];
        if (shadows.length > 0) writes.push(tx.table('shadows').bulkPut(shadows));
        if (last) {
          const meta = tx.table('meta');
          writes.push(meta.put({ key: 'pullCursor', value: cursor }));
          // With its cursor: a terminal restarted mid-way knows what it already holds.
          if (options.firstSync) writes.push(meta.put({ key: 'firstSync', value: options.firstSync }));
        }
        await Promise.all(writes);
      },
    );
    if (last) return;
  }
}

export interface PushTally {
  applied: number;
  duplicate: number;
  rejected: number;
  conflict: number;
}

/** What a result means for the outbox: a duplicate of a refused mutation is still refused. */
export function effectiveStatus(result: MutationResult): 'confirmed' | 'rejected' | 'conflict' {
  if (result.status === 'applied') return 'confirmed';
  if (result.status === 'duplicate') {
    return result.originalStatus === 'rejected' || result.originalStatus === 'conflict'
      ? result.originalStatus
      : 'confirmed';
  }
  return result.status;
}

const REFUSED_EARLIER =
  '总部此前已拒绝此操作（当时的回复未送达）/ HQ refused this earlier; its answer was lost';

/** Deletes rows by seq: one key-range request when the seqs are contiguous (the usual batch). */
async function deleteBySeq(table: Table<unknown, number>, seqs: readonly number[]): Promise<void> {
  if (seqs.length === 0) return;
  const sorted = [...seqs].sort((a, b) => a - b);
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  if (last - first + 1 === sorted.length) await table.where(':id').between(first, last, true, true).delete();
  else await table.bulkDelete(sorted);
}

/**
 * Records HQ's per-mutation answers for one pushed batch, in one transaction:
 * confirmed mutations leave the outbox; refused ones (rejected/conflict) move to
 * the exceptions inbox — the rest of the queue carries on. When an entity has
 * no pending mutation left it is settled: after a refusal it returns to HQ's
 * version (pulled meanwhile, else as it was before the mutation); after a
 * first-time `applied`, data pulled meanwhile predates the change and is
 * dropped (the next pull brings HQ's new version); after a `duplicate`, data
 * pulled meanwhile is taken. The common case — everything applied, nothing
 * pulled meanwhile — costs two key-range deletes and a count.
 */
export async function applyPushResults(
  db: LinliDb,
  batch: readonly OutboxRow[],
  results: readonly MutationResult[],
  clock: Clock,
): Promise<PushTally> {
  const tally: PushTally = { applied: 0, duplicate: 0, rejected: 0, conflict: 0 };
  const byId = new Map(results.map((r) => [r.id, r]));
  await db.transaction(
    'rw',
    APPLY_TABLES.map((t) => db.table(t)),
    async (tx) => {
      const outbox = tx.table<OutboxRow, number>('outbox');
      const bases = tx.table<OutboxBaseRow, number>('outboxBases');
      const exceptions = tx.table<ExceptionRow, string>('exceptions');
      const shadows = tx.table<ShadowRow, string>('shadows');
      const settled = new Map<EntityRef, 'applied' | 'duplicate' | 'refused'>();
      const receivedAt = isoAt(clock);
      const refused: ExceptionRow[] = [];
      const answered: number[] = [];
      for (const row of batch) {
        const result = byId.get(row.id);
        if (!result) continue;
        answered.push(row.seq);
        tally[result.status]++;
        const status = effectiveStatus(result);
        if (status !== 'confirmed') {
          refused.push({
            id: row.id,
            mutation: row,
            status,
            code: result.code ?? null,
            // A duplicate of a refused mutation: the first answer (with HQ's reason) was lost in transit.
            reason: result.reason ?? (result.status === 'duplicate' ? REFUSED_EARLIER : null),
            receivedAt,
            state: 'open',
            resolvedBy: null,
            resolvedAt: null,
          });
        }
        const outcome =
          status === 'confirmed' ? (result.status === 'applied' ? 'applied' : 'duplicate') : 'refused';
        for (const ref of row.affects) {
          // A refusal anywhere in the batch wins: HQ's version must come back.
          if (settled.get(ref) !== 'refused') settled.set(ref, outcome);
        }
      }
      // What refused mutations changed, as it was before (earliest mutation first).
      const refusedBases = refused.length > 0 ? await bases.bulkGet(refused.map((e) => e.mutation.seq)) : [];
      const baseOf = new Map<EntityRef, EntityState>();
      refusedBases
        .filter((b): b is OutboxBaseRow => b !== undefined)
        .sort((a, b) => a.seq - b.seq)
        .forEach((b) => {
          for (const e of b.entries) if (!baseOf.has(e.ref)) baseOf.set(e.ref, e);
        });
      await deleteBySeq(outbox as Table<unknown, number>, answered);
      await deleteBySeq(bases as Table<unknown, number>, answered);
      if (refused.length > 0) await exceptions.bulkPut(refused);

      const hasShadows = (await shadows.count()) > 0;
      const candidates = [...settled]
        .filter(([, outcome]) => outcome === 'refused' || hasShadows)
        .map(([ref]) => ref);
      if (candidates.length === 0) return;
      const pulled = hasShadows ? await shadows.bulkGet(candidates) : [];
      const stillPending = await pendingAmong(tx, candidates);
      const restore: EntityState[] = [];
      const drop: EntityRef[] = [];
      candidates.forEach((ref, i) => {
        if (stillPending.has(ref)) return;
        const shadow = pulled[i];
        const outcome = settled.get(ref);
        if (shadow) drop.push(ref);
        if (outcome === 'refused') {
          const hq = shadow ?? baseOf.get(ref);
          if (hq) restore.push({ entity: hq.entity, key: hq.key, data: hq.data });
        } else if (outcome === 'duplicate' && shadow) {
          restore.push({ entity: shadow.entity, key: shadow.key, data: shadow.data });
        }
      });
      await writeStates(tx, restore);
      if (drop.length > 0) await shadows.bulkDelete(drop);
    },
  );
  return tally;
}
