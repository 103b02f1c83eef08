import type {
  ConflictCode,
  Mutation,
  MutationResult,
  MutationStatus,
  Order,
  Product,
  RejectionCode,
  ShelfLayout,
  Staff,
  StockLevel,
  StorePolicy,
  TemperatureZone,
} from '../../shared/contract';
import { MANAGER_MUTATIONS } from '../../shared/contract';
import type { Db, Queryable } from './db';
import { bodySql, loadEntities, lockStore, writeEntities, type EntityWrite } from './repo';

/**
 * Applies one pushed batch in one transaction, set-based: the batch's
 * mutations are inserted at once (the primary key on the id makes a replay a
 * `duplicate`, even when two deliveries race), the state they touch is loaded
 * at once, each mutation is checked and applied in order against that state in
 * memory (so a rejected one changes nothing and blocks nothing), and the
 * effects are written back at once. The store lock serialises writers of one
 * store, so the in-memory checks see the committed truth.
 */

interface Outcome {
  status: Exclude<MutationStatus, 'duplicate'>;
  code?: RejectionCode | ConflictCode;
  reason?: string;
}

const applied: Outcome = { status: 'applied' };
const reject = (code: RejectionCode, reason: string): Outcome => ({ status: 'rejected', code, reason });
const conflict = (code: ConflictCode, reason: string): Outcome => ({ status: 'conflict', code, reason });

const ORDER_TYPES = new Set<Mutation['type']>([
  'order.putAway',
  'order.handOver',
  'order.partialHandOver',
  'order.remind',
  'order.extend',
  'order.returnToStock',
]);

interface SaleRow {
  id: string;
  kind: string;
  sale_id: string | null;
  total_fen: number;
}

export interface PushContext {
  storeId: string;
  terminalId: string;
  now: () => Date;
}

export async function applyPush(
  db: Db,
  ctx: PushContext,
  mutations: readonly Mutation[],
): Promise<MutationResult[]> {
  return db.transaction((tx) => applyPushInTx(tx, ctx, mutations));
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
     ON CONFLICT (id) DO NOTHING
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
    }>('SELECT id, status, code, reason FROM mutations WHERE id = ANY($1::uuid[])', [replayIds]);
    for (const r of rows)
      original.set(String(r.id).toLowerCase(), {
        status: r.status,
        ...(r.code ? { code: r.code as Outcome['code'] } : {}),
        ...(r.reason ? { reason: r.reason } : {}),
      });
  }
  const fresh = unique.filter((m) => inserted.has(idOf(m)));

  // ---- load the state the fresh mutations touch ----
  const state = await loadState(tx, storeId, fresh);
  const writes: EntityWrite[] = [];
  const orderPatches = new Map<string, Partial<Order>>();
  const newSales: Record<string, unknown>[] = [];
  const shiftWrites = new Map<string, { id: string; terminal_id: string; status: string; data: unknown }>();
  const dayWrites = new Map<string, { business_date: string; provisional: boolean; mutation_id: string }>();
  const dayReopens = new Set<string>();

  const outcomes = new Map<string, Outcome>();
  for (const m of fresh) {
    const outcome = evaluate(m);
    outcomes.set(idOf(m), outcome);
  }

  function evaluate(m: Mutation): Outcome {
    const actor = state.staff.get(m.staffId);
    if (!actor) return reject('unknown_staff', `店员 ${m.staffId} 不属于本店 / unknown staff`);
    // A deactivated member can neither act nor approve, even from a terminal that has not pulled the change yet.
    if (!actor.active) return reject('unknown_staff', `店员 ${m.staffId} 已停用 / staff member deactivated`);
    const named =
      'approvedBy' in m.payload && m.payload.approvedBy ? state.staff.get(m.payload.approvedBy) : undefined;
    const approver = named?.active ? named : undefined;
    const managerOk = actor.role === 'manager' || approver?.role === 'manager';
    const needManager = (why: string) =>
      managerOk ? null : reject('forbidden_role', `需要店长授权：${why} / manager approval required`);
    if (MANAGER_MUTATIONS.includes(m.type)) {
      const denied = needManager(m.type);
      if (denied) return denied;
    }
    if (ORDER_TYPES.has(m.type))
      return evaluateOrder(m as Extract<Mutation, { payload: { orderId: string } }>);
    switch (m.type) {
      case 'sale.completed': {
        const p = m.payload;
        for (const line of p.lines) {
          if (!state.products.has(line.sku))
            return reject('unknown_product', `未知商品 ${line.sku} / unknown product`);
          const gross =
            line.weightGrams !== undefined
              ? Math.round((line.unitPriceFen * line.weightGrams) / 1000)
              : Math.round(line.unitPriceFen * line.qty);
          if (Math.abs(line.amountFen - (gross - (line.discountFen ?? 0))) > 1)
            return reject('invalid_amounts', `${line.name} 金额不符 / line amount does not match`);
        }
        const linesSum = p.lines.reduce((s, l) => s + l.amountFen, 0);
        if (linesSum - (p.discountFen ?? 0) + (p.roundingFen ?? 0) !== p.totalFen)
          return reject('invalid_amounts', '合计不符 / total does not match the lines');
        const tenderError = checkTenders(p.tenders, p.totalFen);
        if (tenderError) return tenderError;
        const overridden = p.lines.some(
          (l) =>
            (l.listPriceFen !== undefined && l.listPriceFen !== l.unitPriceFen) || (l.discountFen ?? 0) > 0,
        );
        if (overridden || (p.discountFen ?? 0) > 0) {
          const denied = needManager('改价或折扣');
          if (denied) return denied;
        }
        if (state.sales.has(p.saleId.toLowerCase()))
          return reject('invalid_state', '销售单号重复 / sale id already recorded');
        state.sales.set(p.saleId.toLowerCase(), {
          id: p.saleId,
          kind: 'sale',
          sale_id: null,
          total_fen: p.totalFen,
        });
        newSales.push({
          id: p.saleId,
          kind: 'sale',
          sale_id: null,
          terminal_id: terminalId,
          mutation_id: m.id,
          total_fen: p.totalFen,
        });
        for (const line of p.lines) moveStock(line.sku, -stockQty(line.sku, line.qty, line.weightGrams));
        return applied;
      }
      case 'sale.refunded': {
        const p = m.payload;
        const sale = state.sales.get(p.saleId.toLowerCase());
        if (!sale || sale.kind !== 'sale')
          return reject('unknown_sale', `未找到原销售 ${p.saleId} / unknown sale`);
        if (state.sales.has(p.refundId.toLowerCase()))
          return reject('invalid_state', '退款单号重复 / refund id already recorded');
        const refunded = [...state.sales.values()]
          .filter((s) => s.kind === 'refund' && s.sale_id === p.saleId.toLowerCase())
          .reduce((s, r) => s + Number(r.total_fen), 0);
        if (refunded + p.totalFen > Number(sale.total_fen))
          return reject('invalid_amounts', '退款超过原销售金额 / refund exceeds the sale');
        if (p.lines.reduce((s, l) => s + l.amountFen, 0) !== p.totalFen)
          return reject('invalid_amounts', '退款合计不符 / refund total does not match');
        const tenderError = checkTenders(p.tenders, p.totalFen);
        if (tenderError) return tenderError;
        if (p.totalFen > state.policy.refundApprovalThresholdFen) {
          const denied = needManager('超额退款');
          if (denied) return denied;
        }
        for (const line of p.lines)
          if (!state.products.has(line.sku))
            return reject('unknown_product', `未知商品 ${line.sku} / unknown product`);
        state.sales.set(p.refundId.toLowerCase(), {
          id: p.refundId,
          kind: 'refund',
          sale_id: p.saleId.toLowerCase(),
          total_fen: p.totalFen,
        });
        newSales.push({
          id: p.refundId,
          kind: 'refund',
          sale_id: p.saleId,
          terminal_id: terminalId,
          mutation_id: m.id,
          total_fen: p.totalFen,
        });
        if (p.restock !== false)
          for (const line of p.lines) moveStock(line.sku, stockQty(line.sku, line.qty));
        return applied;
      }
      case 'stock.counted': {
        for (const line of m.payload.lines)
          if (!state.products.has(line.sku))
            return reject('unknown_product', `未知商品 ${line.sku} / unknown product`);
        return applied;
      }
      case 'stock.adjusted': {
        for (const line of m.payload.lines)
          if (!state.products.has(line.sku))
            return reject('unknown_product', `未知商品 ${line.sku} / unknown product`);
        for (const line of m.payload.lines) moveStock(line.sku, line.deltaQty);
        return applied;
      }
      case 'shift.opened': {
        const p = m.payload;
        if (state.shifts.has(p.shiftId)) return reject('invalid_state', '班次已存在 / shift already opened');
        const shift = {
          id: p.shiftId,
          terminal_id: terminalId,
          status: 'open',
          data: { ...p, openedBy: m.staffId },
        };
        state.shifts.set(p.shiftId, shift);
        shiftWrites.set(p.shiftId, shift);
        return applied;
      }
      case 'cash.moved': {
        const shift = state.shifts.get(m.payload.shiftId);
        if (!shift) return reject('invalid_state', '班次不存在 / unknown shift');
        if (shift.status === 'closed') return conflict('already_closed', '班次已结束 / shift already closed');
        return applied;
      }
      case 'shift.closed': {
        const p = m.payload;
        const shift = state.shifts.get(p.shiftId);
        if (!shift) return reject('invalid_state', '班次不存在 / unknown shift');
        if (shift.status === 'closed') return conflict('already_closed', '班次已结束 / shift already closed');
        if (Math.abs(p.differenceFen) > state.policy.cashDifferenceThresholdFen) {
          const denied = needManager('现金差额超限');
          if (denied) return denied;
          if (!p.note) return reject('invalid_state', '现金差额超限需填写说明 / a note is required');
        }
        const closed = { ...shift, status: 'closed', data: { ...(shift.data as object), closed: p } };
        state.shifts.set(p.shiftId, closed);
        shiftWrites.set(p.shiftId, closed);
        return applied;
      }
      case 'day.closed': {
        const p = m.payload;
        const existing = state.days.get(p.businessDate);
        if (existing && !existing.provisional)
          return conflict('already_closed', '当日已日结 / day already closed');
        const row = { business_date: p.businessDate, provisional: p.provisional, mutation_id: m.id };
        dayReopens.delete(p.businessDate);
        state.days.set(p.businessDate, row);
        dayWrites.set(p.businessDate, row);
        return applied;
      }
      case 'day.reopened': {
        if (!state.days.has(m.payload.businessDate))
          return reject('invalid_state', '当日未日结 / day not closed');
        state.days.delete(m.payload.businessDate);
        dayWrites.delete(m.payload.businessDate);
        dayReopens.add(m.payload.businessDate);
        return applied;
      }
      case 'audit.recorded':
      case 'shelf.audited':
      case 'shelf.auditResolved':
        return applied;
      default:
        return reject('invalid_state', '不支持的操作 / unsupported mutation');
    }
  }

  function evaluateOrder(m: Extract<Mutation, { payload: { orderId: string } }>): Outcome {
    const found = state.orders.get(m.payload.orderId);
    if (!found) return reject('unknown_order', `未知订单 ${m.payload.orderId} / unknown order`);
    if (found.storeId !== storeId)
      return reject(
        'wrong_store',
        `该订单属于门店 ${found.storeId} / order belongs to store ${found.storeId}`,
      );
    const order = found.data;
    const blocked = (): Outcome | null => {
      if (order.status === 'cancelled')
        return reject('order_cancelled', `订单已被总部取消：${order.cancelReason ?? ''} / order cancelled`);
      if (order.status === 'collected')
        return conflict(
          'already_collected',
          `订单已于 ${order.collection?.at ?? ''} 由 ${order.collection?.terminalId ?? ''} 交付 / already collected`,
        );
      if (order.status === 'returned')
        return conflict('already_returned', '订单已退回库存 / already returned to stock');
      return null;
    };
    // only the changed fields travel back to the database
    const save = (patch: Partial<Order>) => {
      state.orders.set(order.id, { storeId, data: { ...order, ...patch } });
      orderPatches.set(order.id, { ...orderPatches.get(order.id), ...patch, updatedAt: nowIso });
      return applied;
    };
    switch (m.type) {
      case 'order.handOver':
      case 'order.partialHandOver': {
        const b = blocked();
        if (b) return b;
        if (order.status === 'pending')
          return reject('order_not_arrived', '订单尚未到店 / order not yet arrived');
        const p = m.payload;
        const labels = new Set(order.bags.map((x) => x.label));
        for (const bag of p.bags ?? [])
          if (!labels.has(bag)) return reject('unknown_bag', `袋号 ${bag} 不属于该订单`);
        const missing = m.type === 'order.partialHandOver' ? m.payload.missing : undefined;
        if (missing) {
          const skus = new Set(order.items.map((i) => i.sku));
          for (const item of missing)
            if (!skus.has(item.sku))
              return reject('unknown_product', `订单中没有商品 ${item.sku} / not in the order`);
        }
        return save({
          status: 'collected',
          collection: {
            at: m.createdAt,
            terminalId,
            staffId: m.staffId,
            verifiedBy: p.verifiedBy,
            partial: m.type === 'order.partialHandOver',
            ...(missing ? { missing } : {}),
            ...(p.proxy ? { proxy: p.proxy } : {}),
          },
        });
      }
      case 'order.putAway': {
        const b = blocked();
        if (b) return b;
        if (order.status === 'pending')
          return reject('order_not_arrived', '订单尚未到店 / order not yet arrived');
        const bags = new Map(order.bags.map((x) => [x.label, x]));
        const assignments = new Map(order.slotAssignments.map((a) => [a.bagLabel, a]));
        // occupancy counts the bags of shelved orders; this order's own bags are recounted below
        const counts = new Map(state.occupancy);
        if (order.status === 'shelved')
          for (const a of order.slotAssignments) counts.set(a.slotId, (counts.get(a.slotId) ?? 1) - 1);
        for (const placement of m.payload.placements) {
          const bag = bags.get(placement.bagLabel);
          if (!bag) return reject('unknown_bag', `袋号 ${placement.bagLabel} 不属于该订单 / unknown bag`);
          const slot = state.slots.get(placement.slotId);
          if (!slot) return reject('unknown_slot', `未知货位 ${placement.slotId} / unknown slot`);
          if (slot.zone !== bag.zone)
            return reject(
              'zone_mismatch',
              `${bag.zone} 袋不能放在 ${slot.zone} 货位 / wrong temperature zone`,
            );
          assignments.set(placement.bagLabel, {
            bagLabel: placement.bagLabel,
            slotId: placement.slotId,
            at: m.createdAt,
          });
        }
        const mine = new Map<string, number>();
        for (const a of assignments.values()) mine.set(a.slotId, (mine.get(a.slotId) ?? 0) + 1);
        for (const placement of m.payload.placements) {
          const capacity = state.slots.get(placement.slotId)?.capacity ?? 0;
          if ((counts.get(placement.slotId) ?? 0) + (mine.get(placement.slotId) ?? 0) > capacity)
            return reject('slot_full', `货位 ${placement.slotId} 已满 / slot full`);
        }
        const slotAssignments = [...assignments.values()];
        const allPlaced = order.bags.every((bag) => assignments.has(bag.label));
        if (allPlaced) for (const [slotId, n] of mine) counts.set(slotId, (counts.get(slotId) ?? 0) + n);
        state.occupancy = counts;
        return save({
          slotAssignments,
          status: allPlaced ? 'shelved' : order.status,
          shelvedAt: allPlaced ? (order.shelvedAt ?? m.createdAt) : (order.shelvedAt ?? null),
        });
      }
      case 'order.remind': {
        const b = blocked();
        if (b) return b;
        return save({ lastRemindedAt: m.createdAt });
      }
      case 'order.extend': {
        const b = blocked();
        if (b) return b;
        return save({ extendedUntil: m.payload.until });
      }
      case 'order.returnToStock': {
        const b = blocked();
        if (b) return b;
        if (order.status === 'pending')
          return reject('order_not_arrived', '订单尚未到店 / order not yet arrived');
        for (const a of order.status === 'shelved' ? order.slotAssignments : [])
          state.occupancy.set(a.slotId, (state.occupancy.get(a.slotId) ?? 1) - 1);
        for (const item of order.items)
          if (state.products.has(item.sku)) moveStock(item.sku, stockQty(item.sku, item.qty));
        return save({ status: 'returned', returnedAt: m.createdAt });
      }
      default:
        return reject('invalid_state', '不支持的操作 / unsupported mutation');
    }
  }

  function stockQty(sku: string, qty: number, weightGrams?: number): number {
    const product = state.products.get(sku);
    if (product?.weighed) return weightGrams ?? Math.round(qty * 1000);
    return Math.round(qty);
  }

  function moveStock(sku: string, delta: number) {
    const level = state.stock.get(sku) ?? { storeId, sku, qty: 0, updatedAt: nowIso };
    const next = { ...level, qty: level.qty + delta, updatedAt: nowIso };
    state.stock.set(sku, next);
    writes.push({ entity: 'stockLevel', key: sku, data: next });
  }

  // ---- write the effects back, set-based ----
  for (const [key, patch] of orderPatches) writes.push({ entity: 'order', key, patch });
  await writeEntities(tx, storeId, writes);
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
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, data = EXCLUDED.data`,
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
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text, code text, reason text)
       WHERE mutations.id = x.id`,
      [JSON.stringify(notApplied)],
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

function checkTenders(
  tenders: readonly { method: string; amountFen: number; tenderedFen?: number; changeFen?: number }[],
  totalFen: number,
): Outcome | null {
  if (tenders.reduce((s, t) => s + t.amountFen, 0) !== totalFen)
    return reject('invalid_amounts', '支付合计不符 / tenders do not add up to the total');
  for (const t of tenders)
    if (t.tenderedFen !== undefined && t.tenderedFen - (t.changeFen ?? 0) !== t.amountFen)
      return reject('invalid_amounts', '找零不符 / change does not match');
  return null;
}

/** The fields of an order the push rules read. */
type OrderView = Pick<
  Order,
  'id' | 'status' | 'bags' | 'slotAssignments' | 'collection' | 'cancelReason' | 'shelvedAt'
> & {
  items: { sku: string; qty: number }[];
};

interface PushState {
  staff: Map<string, Staff>;
  policy: StorePolicy;
  orders: Map<string, { storeId: string; data: OrderView }>;
  products: Map<string, Product>;
  stock: Map<string, StockLevel>;
  slots: Map<string, { zone: TemperatureZone; capacity: number }>;
  occupancy: Map<string, number>;
  sales: Map<string, SaleRow>;
  shifts: Map<string, { id: string; terminal_id: string; status: string; data: unknown }>;
  days: Map<string, { business_date: string; provisional: boolean; mutation_id: string }>;
}

const DEFAULT_POLICY = {
  pickupGraceHours: 2,
  dueSoonMinutes: 30,
  cashDifferenceThresholdFen: 500,
  refundApprovalThresholdFen: 10_000,
  rounding: 'none',
} as const;

async function loadState(tx: Queryable, storeId: string, fresh: readonly Mutation[]): Promise<PushState> {
  const orderIds = new Set<string>();
  const skus = new Set<string>();
  const saleIds = new Set<string>();
  const shiftIds = new Set<string>();
  const days = new Set<string>();
  let putAway = false;
  let returnToStock = false;
  for (const m of fresh) {
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
  const state: PushState = {
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
  };
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
        (m.type === 'order.handOver' && (m.payload.bags?.length ?? 0) > 0),
    );
    const bodyFields = needBody
      ? `'bags', b->'bags',
         'items', (SELECT coalesce(jsonb_agg(jsonb_build_object('sku', i->'sku', 'qty', i->'qty')), '[]'::jsonb)
                   FROM jsonb_array_elements(b->'items') AS i)`
      : `'bags', '[]'::jsonb, 'items', '[]'::jsonb`;
    const { rows } = await tx.query<{ orders: string | null }>(
      `SELECT json_agg(jsonb_build_object(
         'storeId', store_id, 'id', key, 'status', state->'status',
         'slotAssignments', state->'slotAssignments', 'collection', state->'collection',
         'cancelReason', state->'cancelReason', 'shelvedAt', state->'shelvedAt', ${bodyFields}))::text AS orders
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
    const { rows } = await tx.query<SaleRow>(
      'SELECT id, kind, sale_id, total_fen FROM sales WHERE store_id = $1 AND (id = ANY($2::uuid[]) OR sale_id = ANY($2::uuid[]))',
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
    const { rows } = await tx.query<{ id: string; terminal_id: string; status: string; data: unknown }>(
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
    for (const r of rows) state.days.set(r.business_date, r);
  }
  return state;
}
