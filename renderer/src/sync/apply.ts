/**
 * Writing HQ's answers into the local database: pull pages (with the overlay of
 * pending local changes) and push results (confirmations, exceptions inbox,
 * restoring HQ's version of entities whose mutation HQ refused).
 */
import type { Transaction } from 'dexie';
import type { Change, EntityName, MutationResult, ShelfLayout } from '@shared/contract';
import { type Clock, isoAt } from '../db/clock';
import type { LinliDb } from '../db/database';
import { slotIdsOf } from '../db/repositories/orders';
import type { TableName } from '../db/schema';
import {
  entityRef,
  type EntityRef,
  type ExceptionRow,
  type OrderRow,
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
  'exceptions',
  'meta',
];

export const singletonMetaKey = (entity: EntityName, key: string) => `entity:${entity}:${key}` as const;

/** A pulled or restored entity state: data null means "does not exist". */
interface EntityState {
  entity: EntityName;
  key: string;
  data: unknown;
}

function toRow(entity: EntityName, data: unknown): unknown {
  if (entity === 'order') {
    const order = data as Omit<OrderRow, 'slotIds'>;
    return { ...order, slotIds: slotIdsOf(order) };
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

/** Writes entity states in bulk (one bulkPut/bulkDelete per table). */
async function writeStates(tx: Transaction, states: readonly EntityState[]): Promise<void> {
  const puts = new Map<TableName, unknown[]>();
  const deletes = new Map<TableName, string[]>();
  const touchedOrders: string[] = [];
  const upsertedOrders: OrderRow[] = [];
  let layout: { data: ShelfLayout | null } | null = null;
  const meta = tx.table('meta');
  for (const { entity, key, data } of states) {
    if (!hasTable(entity)) {
      if (data === null) await meta.delete(singletonMetaKey(entity, key));
      else await meta.put({ key: singletonMetaKey(entity, key), value: data });
      continue;
    }
    const table = ENTITY_TABLES[entity];
    if (data === null) {
      deletes.set(table, [...(deletes.get(table) ?? []), key]);
    } else {
      const row = toRow(entity, data);
      puts.set(table, [...(puts.get(table) ?? []), row]);
      if (entity === 'order') upsertedOrders.push(row as OrderRow);
    }
    if (entity === 'order') touchedOrders.push(key);
    if (entity === 'shelfLayout') layout = { data: data as ShelfLayout | null };
  }
  for (const [table, keys] of deletes) await tx.table(table).bulkDelete(keys);
  for (const [table, rows] of puts) await tx.table(table).bulkPut(rows);
  if (touchedOrders.length > 0) {
    const occupancy = tx.table<SlotOccupancyRow, [string, string]>('slotOccupancy');
    await occupancy.where('orderId').anyOf(touchedOrders).delete();
    const rows = upsertedOrders.flatMap(occupancyOf);
    if (rows.length > 0) await occupancy.bulkPut(rows);
  }
  if (layout) {
    const slots = tx.table<SlotRow, string>('slots');
    await slots.clear();
    if (layout.data) await slots.bulkPut(flattenLayout(layout.data));
  }
}

/** Entity refs among `refs` that have at least one mutation still in the outbox. */
async function pendingAmong(tx: Transaction, refs: readonly EntityRef[]): Promise<Set<EntityRef>> {
  const outbox = tx.table<OutboxRow, number>('outbox');
  const pending = new Set<EntityRef>();
  if (refs.length === 0 || (await outbox.count()) === 0) return pending;
  const wanted = new Set(refs);
  const rows = await outbox
    .where('affects')
    .anyOf([...wanted])
    .toArray();
  for (const row of rows) for (const ref of row.affects) if (wanted.has(ref)) pending.add(ref);
  return pending;
}

/**
 * Applies one pull page and stores its cursor, in one transaction. An entity
 * with a pending local mutation is not overwritten: HQ's version is kept as its
 * shadow, to be used once the mutation's result is known.
 */
export async function applyPullPage(db: LinliDb, changes: readonly Change[], cursor: string): Promise<void> {
  await db.transaction(
    'rw',
    APPLY_TABLES.map((t) => db.table(t)),
    async (tx) => {
      // Later changes to the same entity win; keep feed order otherwise.
      const latest = new Map<EntityRef, Change>();
      for (const change of changes) latest.set(entityRef(change.entity, change.key), change);
      const pending = await pendingAmong(tx, [...latest.keys()]);
      const states: EntityState[] = [];
      const shadows: ShadowRow[] = [];
      for (const [ref, change] of latest) {
        const data = change.op === 'delete' ? null : change.data;
        if (pending.has(ref)) {
          shadows.push({
            ref,
            entity: change.entity,
            key: change.key,
            data,
            version: change.version,
            source: 'pulled',
          });
        } else {
          states.push({ entity: change.entity, key: change.key, data });
        }
      }
      await writeStates(tx, states);
      if (shadows.length > 0) await tx.table('shadows').bulkPut(shadows);
      await tx.table('meta').put({ key: 'pullCursor', value: cursor });
    },
  );
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

/**
 * Records HQ's per-mutation answers for one pushed batch, in one transaction:
 * confirmed mutations leave the outbox; refused ones (rejected/conflict) move to
 * the exceptions inbox — the rest of the queue carries on. When an entity has
 * no pending mutation left, its shadow is settled: after a refusal HQ's version
 * is restored; after a first-time `applied` the shadow predates the change and
 * is dropped (the next pull brings HQ's new version); after a `duplicate`, HQ
 * data pulled meanwhile is taken.
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
      const exceptions = tx.table<ExceptionRow, string>('exceptions');
      const shadows = tx.table<ShadowRow, string>('shadows');
      const settled = new Map<EntityRef, 'applied' | 'duplicate' | 'refused'>();
      const receivedAt = isoAt(clock);
      const refused: ExceptionRow[] = [];
      for (const row of batch) {
        const result = byId.get(row.id);
        if (!result) continue;
        tally[result.status]++;
        const status = effectiveStatus(result);
        if (status !== 'confirmed') {
          refused.push({
            id: row.id,
            mutation: row,
            status,
            code: result.code ?? null,
            reason: result.reason ?? null,
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
      await outbox.bulkDelete(batch.filter((r) => byId.has(r.id)).map((r) => r.seq));
      if (refused.length > 0) await exceptions.bulkPut(refused);
      const stillPending = await pendingAmong(tx, [...settled.keys()]);
      const restore: EntityState[] = [];
      const drop: EntityRef[] = [];
      for (const [ref, outcome] of settled) {
        if (stillPending.has(ref)) continue;
        const shadow = await shadows.get(ref);
        if (!shadow) continue;
        drop.push(ref);
        if (outcome === 'refused' || (outcome === 'duplicate' && shadow.source === 'pulled')) {
          restore.push({ entity: shadow.entity, key: shadow.key, data: shadow.data });
        }
      }
      await writeStates(tx, restore);
      await shadows.bulkDelete(drop);
    },
  );
  return tally;
}
