import type {
  CustomerNote,
  Mutation,
  MutationResult,
  Order,
  Product,
  Rider,
  ShelfLayout,
  Staff,
  StockLevel,
  StorePolicy,
} from '../../shared/contract';
import type { Db, Queryable } from './db';
import { customerKeys, loadCategories, scrubDeletedNotes } from './customers';
import { bodySql, loadEntities, lockStore, writeEntities, type EntityWrite } from './repo';
import {
  applyEffects,
  decide,
  DEFAULT_POLICY,
  ORDER_TYPES,
  reject,
  type DayRecord,
  type Outcome,
  type OrderView,
  type RuleState,
  type SaleRecord,
  type ShiftRecord,
} from './rules';

/**
 * Applies one pushed batch in one transaction, set-based: the batch's
 * mutations are inserted at once (the primary key on (store, id) makes a replay
 * a `duplicate`, even when two deliveries race), the state they touch is loaded
 * at once, each mutation is decided in order against that state in memory by
 * the rules (`rules.ts`: a rejected one changes nothing and blocks nothing), and
 * the effects are written back at once. The store lock serialises writers of
 * one store, so the in-memory checks see the committed truth.
 *
 * A batch that fails anyway (something the database refuses, a bug) is applied
 * again one mutation at a time, each in a savepoint: the one that fails is
 * answered `rejected` / `unprocessable` and the rest apply, so one poison
 * mutation never jams a terminal's queue.
 */

export interface PushContext {
  storeId: string;
  terminalId: string;
  now: () => Date;
  /** Where unexpected failures are reported (the server's logger). */
  log?: { error(object: unknown, message?: string): void };
}

const UNPROCESSABLE = reject('unprocessable', 'HQ 无法处理此操作 / HQ could not process this mutation');

export async function applyPush(
  db: Db,
  ctx: PushContext,
  mutations: readonly Mutation[],
): Promise<MutationResult[]> {
  try {
    return await db.transaction((tx) => applyPushInTx(tx, ctx, mutations));
  } catch (error) {
    ctx.log?.error({ err: error, storeId: ctx.storeId, terminalId: ctx.terminalId }, 'push batch failed');
    return db.transaction((tx) => applyOneByOne(tx, ctx, mutations));
  }
}

async function applyOneByOne(
  tx: Queryable,
  ctx: PushContext,
  mutations: readonly Mutation[],
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const m of mutations) {
    await tx.query('SAVEPOINT one_mutation');
    try {
      results.push(...(await applyPushInTx(tx, ctx, [m])));
      await tx.query('RELEASE SAVEPOINT one_mutation');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT one_mutation');
      ctx.log?.error({ err: error, storeId: ctx.storeId, mutationId: m.id, type: m.type }, 'mutation failed');
      results.push(await recordUnprocessable(tx, ctx, m));
    }
  }
  return results;
}

/** Records the refusal (without the payload HQ could not store), so a replay answers the same. */
async function recordUnprocessable(tx: Queryable, ctx: PushContext, m: Mutation): Promise<MutationResult> {
  await tx.query('SAVEPOINT unprocessable');
  try {
    const { rows } = await tx.query<{
      status: Outcome['status'];
      code: string | null;
      reason: string | null;
      inserted: boolean;
    }>(
      `INSERT INTO mutations (store_id, id, terminal_id, seq, type, staff_id, payload, created_at, status, code, reason)
       VALUES ($1, $2, $3, $4, $5, $6, '{"unprocessable":true}'::jsonb, $7, 'rejected', $8, $9)
       ON CONFLICT (store_id, id) DO UPDATE SET id = mutations.id
       RETURNING status, code, reason, (xmax = 0) AS inserted`,
      [
        ctx.storeId,
        m.id,
        ctx.terminalId,
        m.seq,
        m.type,
        m.staffId,
        ctx.now().toISOString(),
        UNPROCESSABLE.code,
        UNPROCESSABLE.reason,
      ],
    );
    await tx.query('RELEASE SAVEPOINT unprocessable');
    const row = rows[0];
    // delivered before: answer what the first delivery was answered
    if (row && !row.inserted)
      return {
        id: m.id,
        status: 'duplicate',
        originalStatus: row.status,
        ...(row.code ? { code: row.code } : {}),
        ...(row.reason ? { reason: row.reason } : {}),
      };
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT unprocessable');
    ctx.log?.error({ err: error, mutationId: m.id }, 'could not record an unprocessable mutation');
  }
  return { id: m.id, status: 'rejected', code: UNPROCESSABLE.code, reason: UNPROCESSABLE.reason };
}

async function applyPushInTx(
  tx: Queryable,
  ctx: PushContext,
  mutations: readonly Mutation[],
): Promise<MutationResult[]> {
  const { storeId, terminalId } = ctx;
  await lockStore(tx, storeId);
  const now = ctx.now();
  const nowIso = now.toISOString();

  // ---- idempotency: first occurrence of each id in the batch, then the table ----
  const idOf = (m: Mutation) => m.id.toLowerCase();
  const firstIndex = new Map<string, number>();
  mutations.forEach((m, i) => {
    if (!firstIndex.has(idOf(m))) firstIndex.set(idOf(m), i);
  });
  const unique = [...firstIndex.values()].map((i) => mutations[i] as Mutation);
  const insertedRows = await tx.query<{ id: string }>(
    `INSERT INTO mutations (id, store_id, terminal_id, seq, type, staff_id, payload, created_at)
     SELECT x.id, $1, $2, x.seq, x.type, x."staffId", x.payload, x."createdAt"
     FROM jsonb_to_recordset($3::jsonb)
       AS x(id uuid, seq bigint, type text, "staffId" text, payload jsonb, "createdAt" timestamptz)
     ON CONFLICT (store_id, id) DO NOTHING
     RETURNING id`,
    [storeId, terminalId, JSON.stringify(unique)],
  );
  const inserted = new Set(insertedRows.rows.map((r) => String(r.id).toLowerCase()));
  const replayIds = unique.map(idOf).filter((id) => !inserted.has(id));
  const original = new Map<string, Outcome>();
  if (replayIds.length) {
    const { rows } = await tx.query<{
      id: string;
      status: Outcome['status'];
      code: string | null;
      reason: string | null;
    }>('SELECT id, status, code, reason FROM mutations WHERE store_id = $1 AND id = ANY($2::uuid[])', [
      storeId,
      replayIds,
    ]);
    for (const r of rows)
      original.set(String(r.id).toLowerCase(), {
        status: r.status,
        ...(r.code ? { code: r.code as Outcome['code'] } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
      });
  }
  const fresh = unique.filter((m) => inserted.has(idOf(m)));

  // ---- decide each fresh mutation in order against the state it touches ----
  const state = await loadState(tx, storeId, fresh);
  const rules = { storeId, terminalId, at: nowIso };
  const writes: EntityWrite[] = [];
  const orderPatches = new Map<string, Partial<Order>>();
  const newSales: (SaleRecord & { terminal_id: string; mutation_id: string })[] = [];
  const shiftWrites = new Map<string, ShiftRecord>();
  const dayWrites = new Map<string, DayRecord>();
  const dayReopens = new Set<string>();
  const outcomes = new Map<string, Outcome>();
  const deletedNotes: string[] = [];
  for (const m of fresh) {
    const { outcome, effects } = decide(m, state, rules);
    outcomes.set(idOf(m), outcome);
    if (outcome.status !== 'applied') continue;
    for (const level of applyEffects(state, effects, rules))
      writes.push({ entity: 'stockLevel', key: level.sku, data: level });
    for (const e of effects) {
      if (e.kind === 'order')
        orderPatches.set(e.orderId, { ...orderPatches.get(e.orderId), ...e.patch, updatedAt: nowIso });
      else if (e.kind === 'sale') {
        // The payload stays in the mutation row (the join reads it back).
        const { payload: _payload, ...sale } = e.sale;
        newSales.push({ ...sale, terminal_id: terminalId, mutation_id: m.id });
      } else if (e.kind === 'shift') shiftWrites.set(e.shift.id, e.shift);
      else if (e.kind === 'day') {
        dayReopens.delete(e.day.business_date);
        dayWrites.set(e.day.business_date, e.day);
      } else if (e.kind === 'dayReopened') {
        dayWrites.delete(e.businessDate);
        dayReopens.add(e.businessDate);
      } else if (e.kind === 'note') {
        writes.push({ entity: 'customerNote', key: e.noteId, data: e.note });
        if (!e.note) deletedNotes.push(e.noteId);
      }
    }
  }

  // ---- write the effects back, set-based ----
  for (const [key, patch] of orderPatches) writes.push({ entity: 'order', key, patch });
  await writeEntities(tx, storeId, writes);
  await scrubDeletedNotes(tx, storeId, deletedNotes);
  if (newSales.length)
    await tx.query(
      `INSERT INTO sales (id, kind, sale_id, store_id, terminal_id, mutation_id, total_fen)
       SELECT x.id, x.kind, x.sale_id, $1, x.terminal_id, x.mutation_id, x.total_fen
       FROM jsonb_to_recordset($2::jsonb)
         AS x(id uuid, kind text, sale_id uuid, terminal_id text, mutation_id uuid, total_fen bigint)`,
      [storeId, JSON.stringify(newSales)],
    );
  if (shiftWrites.size)
    await tx.query(
      `INSERT INTO shifts (id, store_id, terminal_id, status, data)
       SELECT x.id, $1, x.terminal_id, x.status, x.data
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, terminal_id text, status text, data jsonb)
       ON CONFLICT (store_id, id) DO UPDATE SET status = EXCLUDED.status, data = EXCLUDED.data`,
      [storeId, JSON.stringify([...shiftWrites.values()])],
    );
  if (dayReopens.size)
    await tx.query('DELETE FROM day_closes WHERE store_id = $1 AND business_date = ANY($2::text[])', [
      storeId,
      [...dayReopens],
    ]);
  if (dayWrites.size)
    await tx.query(
      `INSERT INTO day_closes (store_id, business_date, provisional, mutation_id)
       SELECT $1, x.business_date, x.provisional, x.mutation_id
       FROM jsonb_to_recordset($2::jsonb) AS x(business_date text, provisional boolean, mutation_id uuid)
       ON CONFLICT (store_id, business_date) DO UPDATE
       SET provisional = EXCLUDED.provisional, mutation_id = EXCLUDED.mutation_id`,
      [storeId, JSON.stringify([...dayWrites.values()])],
    );
  const notApplied = [...outcomes.entries()]
    .filter(([, o]) => o.status !== 'applied')
    .map(([id, o]) => ({ id, status: o.status, code: o.code ?? null, reason: o.reason ?? null }));
  if (notApplied.length)
    await tx.query(
      `UPDATE mutations SET status = x.status, code = x.code, reason = x.reason
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, status text, code text, reason text)
       WHERE mutations.store_id = $1 AND mutations.id = x.id`,
      [storeId, JSON.stringify(notApplied)],
    );

  return mutations.map((m, i): MutationResult => {
    const id = idOf(m);
    const first = firstIndex.get(id) === i;
    const outcome = outcomes.get(id);
    if (first && outcome)
      return { id: m.id, status: outcome.status, code: outcome.code, reason: outcome.reason };
    // a replay tells what the first delivery answered, with its code and reason when it was refused
    const first0 = outcome ?? original.get(id);
    return {
      id: m.id,
      status: 'duplicate',
      ...(first0 ? { originalStatus: first0.status } : {}),
      ...(first0?.code ? { code: first0.code } : {}),
      ...(first0?.reason ? { reason: first0.reason } : {}),
    };
  });
}

async function loadState(tx: Queryable, storeId: string, fresh: readonly Mutation[]): Promise<RuleState> {
  const orderIds = new Set<string>();
  const skus = new Set<string>();
  const saleIds = new Set<string>();
  const shiftIds = new Set<string>();
  const days = new Set<string>();
  let putAway = false;
  let returnToStock = false;
  let dispatched = false;
  for (const m of fresh) {
    if (m.type === 'order.dispatched') {
      dispatched = true;
      for (const id of m.payload.orderIds) orderIds.add(id);
    }
    if (m.type === 'order.returnToStock') returnToStock = true;
    if (ORDER_TYPES.has(m.type)) orderIds.add((m.payload as { orderId: string }).orderId);
    if (m.type === 'order.putAway') putAway = true;
    if (m.type === 'sale.completed') {
      saleIds.add(m.payload.saleId);
      for (const l of m.payload.lines) skus.add(l.sku);
    }
    if (m.type === 'sale.refunded') {
      saleIds.add(m.payload.saleId);
      saleIds.add(m.payload.refundId);
      for (const l of m.payload.lines) skus.add(l.sku);
    }
    if (m.type === 'stock.counted' || m.type === 'stock.adjusted')
      for (const l of m.payload.lines) skus.add(l.sku);
    if (m.type === 'shift.opened' || m.type === 'cash.moved' || m.type === 'shift.closed')
      shiftIds.add(m.payload.shiftId);
    if (m.type === 'day.closed' || m.type === 'day.reopened') days.add(m.payload.businessDate);
  }
  const state: RuleState = {
    staff: await loadEntities<Staff>(tx, storeId, 'staff'),
    policy: { storeId, ...DEFAULT_POLICY },
    orders: new Map(),
    products: new Map(),
    stock: new Map(),
    slots: new Map(),
    occupancy: new Map(),
    sales: new Map(),
    shifts: new Map(),
    days: new Map(),
    notes: new Map(),
    categories: new Set(),
  };
  const customer = customerKeys(fresh);
  for (const sku of customer.skus) skus.add(sku);
  if (customer.noteIds.length)
    state.notes = await loadEntities<CustomerNote>(tx, storeId, 'customerNote', customer.noteIds);
  state.categories = await loadCategories(tx, storeId, customer.categories);
  const policy = (await loadEntities<StorePolicy>(tx, storeId, 'storePolicy', [storeId])).get(storeId);
  if (policy) state.policy = policy;
  if (orderIds.size) {
    // a projection: what the rules read, not the whole order (customer, names, prices stay in the database)
    // one aggregated value instead of a row per order; the immutable body (bags, items)
    // is parsed only when a rule in this batch reads it (a plain handover does not)
    const needBody = fresh.some(
      (m) =>
        m.type === 'order.putAway' ||
        m.type === 'order.partialHandOver' ||
        m.type === 'order.returnToStock' ||
        m.type === 'order.dispatched' ||
        (m.type === 'order.handOver' && (m.payload.bags?.length ?? 0) > 0),
    );
    const bodyFields = needBody
      ? `'bags', b->'bags',
         'items', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', i->'sku', 'qty', i->'qty')), '[]'::jsonb)
                   FROM jsonb_array_elements(b->'items') AS i)`
      : `'bags', '[]'::jsonb, 'items', '[]'::jsonb`;
    // a rider's run reads the delivery: its window, its rider, what kind of order it is
    const dispatchFields = dispatched
      ? `, 'orderNo', b->'orderNo', 'fulfilment', b->'fulfilment', 'pickupWindow', b->'pickupWindow',
         'delivery', state->'delivery'`
      : '';
    const { rows } = await tx.query<{ orders: string | null }>(
      `SELECT json_agg(jsonb_build_object(
         'storeId', store_id, 'id', key, 'status', state->'status',
         'slotAssignments', state->'slotAssignments', 'collection', state->'collection',
         'cancelReason', state->'cancelReason', 'shelvedAt', state->'shelvedAt', ${bodyFields}${dispatchFields}))::text AS orders
       FROM (SELECT store_id, key, state, ${needBody ? `${bodySql()}::jsonb` : 'NULL::jsonb'} AS b FROM entities
             WHERE entity = 'order' AND key = ANY($1::text[]) AND NOT deleted) AS o`,
      [[...orderIds]],
    );
    const views = JSON.parse(rows[0]?.orders ?? '[]') as (OrderView & { storeId: string })[];
    // the path's store wins when an id exists in several stores
    for (const { storeId: orderStore, ...view } of views)
      if (!state.orders.has(view.id) || orderStore === storeId)
        state.orders.set(view.id, { storeId: orderStore, data: view });
  }
  if (dispatched) state.riders = await loadEntities<Rider>(tx, storeId, 'rider');
  if (putAway) {
    const layout = (await loadEntities<ShelfLayout>(tx, storeId, 'shelfLayout', [storeId])).get(storeId);
    for (const zone of layout?.zones ?? [])
      for (const unit of zone.units)
        for (const slot of unit.slots)
          state.slots.set(slot.id, { zone: zone.zone, capacity: slot.capacityBags });
    const { rows } = await tx.query<{ slot_id: string; bags: number }>(
      `SELECT a->>'slotId' AS slot_id, count(*)::int AS bags
       FROM entities, jsonb_array_elements(state->'slotAssignments') AS a
       WHERE store_id = $1 AND entity = 'order' AND NOT deleted AND state->>'status' = 'shelved'
       GROUP BY 1`,
      [storeId],
    );
    for (const r of rows) state.occupancy.set(r.slot_id, Number(r.bags));
  }
  if (returnToStock) {
    // returnToStock restocks the order's items: their products and stock too
    for (const o of state.orders.values()) for (const i of o.data.items) skus.add(i.sku);
  }
  if (skus.size) {
    const list = [...skus];
    state.products = await loadEntities<Product>(tx, storeId, 'product', list);
    state.stock = await loadEntities<StockLevel>(tx, storeId, 'stockLevel', list);
  }
  if (saleIds.size) {
    const { rows } = await tx.query<SaleRecord>(
      `SELECT s.id, s.kind, s.sale_id, s.total_fen, m.payload FROM sales s JOIN mutations m ON m.store_id = s.store_id AND m.id = s.mutation_id
       WHERE s.store_id = $1 AND (s.id = ANY($2::uuid[]) OR s.sale_id = ANY($2::uuid[]))`,
      [storeId, [...saleIds]],
    );
    for (const r of rows)
      state.sales.set(String(r.id).toLowerCase(), {
        ...r,
        id: String(r.id),
        sale_id: r.sale_id ? String(r.sale_id).toLowerCase() : null,
      });
  }
  if (shiftIds.size) {
    const { rows } = await tx.query<ShiftRecord>(
      'SELECT id, terminal_id, status, data FROM shifts WHERE store_id = $1 AND id = ANY($2::text[])',
      [storeId, [...shiftIds]],
    );
    for (const r of rows) state.shifts.set(r.id, r);
  }
  if (days.size) {
    const { rows } = await tx.query<{ business_date: string; provisional: boolean; mutation_id: string }>(
      'SELECT business_date, provisional, mutation_id FROM day_closes WHERE store_id = $1 AND business_date = ANY($2::text[])',
      [storeId, [...days]],
    );
    for (const r of rows) state.days.set(r.business_date, { ...r, mutation_id: String(r.mutation_id) });
  }
  return state;
}
