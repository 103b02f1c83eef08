import type {
  ConflictCode,
  CustomerNote,
  Mutation,
  MutationPayload,
  MutationStatus,
  Order,
  Product,
  RejectionCode,
  Staff,
  StockLevel,
  StorePolicy,
  TemperatureZone,
} from '../../shared/contract';
import { MANAGER_MUTATIONS, MAX_STOCK_QTY } from '../../shared/contract';
import {
  closedRefusal,
  handOverRefusal,
  refusalResult,
  returnRefusal,
  returnToStockMovements,
  stockUnits,
  type OrderRefusal,
} from '../../shared/orders';
import { putAwayRefusal, type PlacementRefusal } from '../../shared/shelf/placement';
import { saleApprovalNeed } from '../../shared/sale/approval';
import { refundExceedsSale } from '../../shared/sale/refund';
import { movedStock } from '../../shared/customers/arrival';
import { CUSTOMER_TYPES, decideCustomer } from './customers';
import type { Rider } from '../../shared/contract/dispatch';
import { decideDispatch } from './dispatch';

/**
 * HQ's rules for one pushed mutation, apart from SQL: `decide(mutation, state)`
 * answers the outcome and the effects it would have, reading the state and
 * changing nothing; `applyEffects` folds those effects into the batch's working
 * state, so the next mutation of the batch sees them. `push.ts` loads the
 * state, runs these in order and writes the effects back.
 */

export interface Outcome {
  status: Exclude<MutationStatus, 'duplicate'>;
  code?: RejectionCode | ConflictCode;
  reason?: string;
}

export const applied: Outcome = { status: 'applied' };
export const reject = (code: RejectionCode, reason: string): Outcome => ({
  status: 'rejected',
  code,
  reason,
});
const conflict = (code: ConflictCode, reason: string): Outcome => ({ status: 'conflict', code, reason });

export const ORDER_TYPES = new Set<Mutation['type']>([
  'order.putAway',
  'order.handOver',
  'order.partialHandOver',
  'order.remind',
  'order.extend',
  'order.returnToStock',
]);

/** The fields of an order the rules read. */
export type OrderView = Pick<
  Order,
  'id' | 'status' | 'bags' | 'slotAssignments' | 'collection' | 'cancelReason' | 'shelvedAt'
> &
  Partial<Pick<Order, 'orderNo' | 'fulfilment' | 'pickupWindow' | 'delivery'>> & {
    items: { sku: string; qty: number }[];
  };

/** A sale or refund as HQ keeps it (ids lower-case). */
export interface SaleRecord {
  id: string;
  kind: 'sale' | 'refund';
  /** The refunded sale (refunds only). */
  sale_id: string | null;
  total_fen: number;
  /** The sale's or refund's payload (lines): refund limits are per line (shared/sale/refund.ts). */
  payload?: MutationPayload<'sale.completed'> | MutationPayload<'sale.refunded'>;
}

export interface ShiftRecord {
  id: string;
  terminal_id: string;
  status: 'open' | 'closed';
  data: unknown;
}

export interface DayRecord {
  business_date: string;
  provisional: boolean;
  mutation_id: string;
}

/** What the rules see of one store: the part of it the batch touches. */
export interface RuleState {
  staff: Map<string, Staff>;
  policy: StorePolicy;
  orders: Map<string, { storeId: string; data: OrderView }>;
  products: Map<string, Product>;
  stock: Map<string, StockLevel>;
  slots: Map<string, { zone: TemperatureZone; capacity: number }>;
  /** Bags on each slot, counted from shelved orders. */
  occupancy: Map<string, number>;
  sales: Map<string, SaleRecord>;
  shifts: Map<string, ShiftRecord>;
  days: Map<string, DayRecord>;
  /** Customer notes the batch names (customers.ts). */
  notes: Map<string, CustomerNote>;
  /** Product categories the batch's wishes name that the store has. */
  categories: Set<string>;
  /** The store's riders, loaded when the batch dispatches a run (定时送达). */
  riders?: Map<string, Rider>;
}

export type Effect =
  | { kind: 'order'; orderId: string; patch: Partial<Order> }
  | { kind: 'stock'; sku: string; delta: number }
  | { kind: 'occupancy'; slotId: string; delta: number }
  | { kind: 'sale'; sale: SaleRecord }
  | { kind: 'shift'; shift: ShiftRecord }
  | { kind: 'day'; day: DayRecord }
  | { kind: 'dayReopened'; businessDate: string }
  /** A customer note written, resolved (the new note) or deleted (null). */
  | { kind: 'note'; noteId: string; note: CustomerNote | null };

export interface Decision {
  outcome: Outcome;
  /** Empty unless applied. */
  effects: Effect[];
}

export interface RuleContext {
  storeId: string;
  terminalId: string;
}

export const DEFAULT_POLICY = {
  pickupGraceHours: 2,
  dueSoonMinutes: 30,
  cashDifferenceThresholdFen: 500,
  refundApprovalThresholdFen: 10_000,
  rounding: 'none',
} as const;

const refused = (outcome: Outcome): Decision => ({ outcome, effects: [] });

/** The outcome of `m` against `state` and what it would change; `state` is not modified. */
export function decide(m: Mutation, state: Readonly<RuleState>, ctx: RuleContext): Decision {
  const actor = state.staff.get(m.staffId);
  if (!actor) return refused(reject('unknown_staff', `店员 ${m.staffId} 不属于本店 / unknown staff`));
  // A deactivated member can neither act nor approve, even from a terminal that has not pulled the change yet.
  if (!actor.active)
    return refused(reject('unknown_staff', `店员 ${m.staffId} 已停用 / staff member deactivated`));
  const named =
    'approvedBy' in m.payload && m.payload.approvedBy ? state.staff.get(m.payload.approvedBy) : undefined;
  const approver = named?.active ? named : undefined;
  const managerOk = actor.role === 'manager' || approver?.role === 'manager';
  const needManager = (why: string) =>
    managerOk ? null : reject('forbidden_role', `需要店长授权：${why} / manager approval required`);
  if (MANAGER_MUTATIONS.includes(m.type)) {
    const denied = needManager(m.type);
    if (denied) return refused(denied);
  }
  if (ORDER_TYPES.has(m.type))
    return decideOrder(m as Extract<Mutation, { payload: { orderId: string } }>, state, ctx);
  if (CUSTOMER_TYPES.has(m.type))
    return decideCustomer(
      m as Extract<Mutation, { type: `customer.${string}` }>,
      state,
      ctx,
      actor.role,
      managerOk,
    );

  const effects: Effect[] = [];
  const stock = stockMover(state, effects);
  const done = (): Decision => {
    const overflow = stock.overflow();
    if (overflow)
      return refused(reject('invalid_amounts', `库存数量超出范围 ${overflow} / stock out of range`));
    return { outcome: applied, effects };
  };

  switch (m.type) {
    case 'sale.completed': {
      const p = m.payload;
      for (const line of p.lines) {
        if (!state.products.has(line.sku))
          return refused(reject('unknown_product', `未知商品 ${line.sku} / unknown product`));
        const gross =
          line.weightGrams !== undefined
            ? Math.round((line.unitPriceFen * line.weightGrams) / 1000)
            : Math.round(line.unitPriceFen * line.qty);
        if (Math.abs(line.amountFen - (gross - (line.discountFen ?? 0))) > 1)
          return refused(reject('invalid_amounts', `${line.name} 金额不符 / line amount does not match`));
      }
      const linesSum = p.lines.reduce((s, l) => s + l.amountFen, 0);
      if (linesSum - (p.discountFen ?? 0) + (p.roundingFen ?? 0) !== p.totalFen)
        return refused(reject('invalid_amounts', '合计不符 / total does not match the lines'));
      const tenderError = checkTenders(p.tenders, p.totalFen);
      if (tenderError) return refused(tenderError);
      // The till's rule: any price override, and reductions above the store's threshold.
      if (saleApprovalNeed(p, state.policy.discountApprovalThresholdFen ?? 0).needsManager) {
        const denied = needManager('改价或折扣');
        if (denied) return refused(denied);
      }
      if (state.sales.has(p.saleId.toLowerCase()))
        return refused(reject('invalid_state', '销售单号重复 / sale id already recorded'));
      effects.push({
        kind: 'sale',
        sale: { id: p.saleId.toLowerCase(), kind: 'sale', sale_id: null, total_fen: p.totalFen, payload: p },
      });
      for (const line of p.lines)
        stock.move(line.sku, -stockQty(state, line.sku, line.qty, line.weightGrams));
      return done();
    }
    case 'sale.refunded': {
      const p = m.payload;
      const sale = state.sales.get(p.saleId.toLowerCase());
      if (!sale || sale.kind !== 'sale')
        return refused(reject('unknown_sale', `未找到原销售 ${p.saleId} / unknown sale`));
      if (state.sales.has(p.refundId.toLowerCase()))
        return refused(reject('invalid_state', '退款单号重复 / refund id already recorded'));
      const refunded = [...state.sales.values()]
        .filter((s) => s.kind === 'refund' && s.sale_id === p.saleId.toLowerCase())
        .reduce((s, r) => s + Number(r.total_fen), 0);
      if (refunded + p.totalFen > Number(sale.total_fen))
        return refused(reject('invalid_amounts', '退款超过原销售金额 / refund exceeds the sale'));
      if (p.lines.reduce((s, l) => s + l.amountFen, 0) !== p.totalFen)
        return refused(reject('invalid_amounts', '退款合计不符 / refund total does not match'));
      // No line beyond what was sold, across every refund from every terminal.
      const earlier = [...state.sales.values()]
        .filter((s) => s.kind === 'refund' && s.sale_id === p.saleId.toLowerCase() && s.payload)
        .map((s) => s.payload as MutationPayload<'sale.refunded'>);
      const over =
        sale.payload && 'receiptNo' in sale.payload ? refundExceedsSale(sale.payload, earlier, p) : null;
      if (over)
        return refused(
          reject(
            'invalid_amounts',
            over.reason === 'alreadyRefunded'
              ? `${over.name} 已全部退过 / line ${over.line} already refunded`
              : `退货超过已售数量 / refund exceeds what was sold (line ${'line' in over ? over.line : '?'})`,
          ),
        );
      const tenderError = checkTenders(p.tenders, p.totalFen);
      if (tenderError) return refused(tenderError);
      if (p.totalFen > state.policy.refundApprovalThresholdFen) {
        const denied = needManager('超额退款');
        if (denied) return refused(denied);
      }
      for (const line of p.lines)
        if (!state.products.has(line.sku))
          return refused(reject('unknown_product', `未知商品 ${line.sku} / unknown product`));
      effects.push({
        kind: 'sale',
        sale: {
          id: p.refundId.toLowerCase(),
          kind: 'refund',
          sale_id: p.saleId.toLowerCase(),
          total_fen: p.totalFen,
          payload: p,
        },
      });
      if (p.restock !== false)
        for (const line of p.lines) stock.move(line.sku, stockQty(state, line.sku, line.qty));
      return done();
    }
    case 'stock.counted': {
      for (const line of m.payload.lines)
        if (!state.products.has(line.sku))
          return refused(reject('unknown_product', `未知商品 ${line.sku} / unknown product`));
      return done();
    }
    case 'stock.adjusted': {
      for (const line of m.payload.lines)
        if (!state.products.has(line.sku))
          return refused(reject('unknown_product', `未知商品 ${line.sku} / unknown product`));
      for (const line of m.payload.lines) stock.move(line.sku, line.deltaQty);
      return done();
    }
    case 'shift.opened': {
      const p = m.payload;
      if (state.shifts.has(p.shiftId))
        return refused(reject('invalid_state', '班次已存在 / shift already opened'));
      effects.push({
        kind: 'shift',
        shift: {
          id: p.shiftId,
          terminal_id: ctx.terminalId,
          status: 'open',
          data: { ...p, openedBy: m.staffId },
        },
      });
      return done();
    }
    case 'cash.moved': {
      const shift = state.shifts.get(m.payload.shiftId);
      if (!shift) return refused(reject('invalid_state', '班次不存在 / unknown shift'));
      if (shift.status === 'closed')
        return refused(conflict('already_closed', '班次已结束 / shift already closed'));
      return done();
    }
    case 'shift.closed': {
      const p = m.payload;
      const shift = state.shifts.get(p.shiftId);
      if (!shift) return refused(reject('invalid_state', '班次不存在 / unknown shift'));
      if (shift.status === 'closed')
        return refused(conflict('already_closed', '班次已结束 / shift already closed'));
      if (Math.abs(p.differenceFen) > state.policy.cashDifferenceThresholdFen) {
        const denied = needManager('现金差额超限');
        if (denied) return refused(denied);
        if (!p.note) return refused(reject('invalid_state', '现金差额超限需填写说明 / a note is required'));
      }
      effects.push({
        kind: 'shift',
        shift: { ...shift, status: 'closed', data: { ...(shift.data as object), closed: p } },
      });
      return done();
    }
    case 'day.closed': {
      const p = m.payload;
      const existing = state.days.get(p.businessDate);
      if (existing && !existing.provisional)
        return refused(conflict('already_closed', '当日已日结 / day already closed'));
      effects.push({
        kind: 'day',
        day: { business_date: p.businessDate, provisional: p.provisional, mutation_id: m.id },
      });
      return done();
    }
    case 'day.reopened': {
      if (!state.days.has(m.payload.businessDate))
        return refused(reject('invalid_state', '当日未日结 / day not closed'));
      effects.push({ kind: 'dayReopened', businessDate: m.payload.businessDate });
      return done();
    }
    case 'order.dispatched':
      return decideDispatch(m, state, ctx);
    case 'audit.recorded':
    case 'shelf.audited':
    case 'shelf.auditResolved':
      return done();
    default:
      return refused(reject('invalid_state', '不支持的操作 / unsupported mutation'));
  }
}

function decideOrder(
  m: Extract<Mutation, { payload: { orderId: string } }>,
  state: Readonly<RuleState>,
  ctx: RuleContext,
): Decision {
  const found = state.orders.get(m.payload.orderId);
  if (!found) return refused(reject('unknown_order', `未知订单 ${m.payload.orderId} / unknown order`));
  if (found.storeId !== ctx.storeId)
    return refused(
      reject('wrong_store', `该订单属于门店 ${found.storeId} / order belongs to store ${found.storeId}`),
    );
  const order = found.data;
  // which states refuse which action is shared/orders' rule; HQ adds the code and the words
  const refusal =
    m.type === 'order.handOver' || m.type === 'order.partialHandOver' || m.type === 'order.putAway'
      ? handOverRefusal(order)
      : m.type === 'order.returnToStock'
        ? returnRefusal(order)
        : closedRefusal(order);
  if (refusal) return refused(orderRefused(refusal));
  const effects: Effect[] = [];
  // only the changed fields travel back to the database
  const save = (patch: Partial<Order>): Decision => {
    effects.push({ kind: 'order', orderId: order.id, patch });
    return { outcome: applied, effects };
  };
  switch (m.type) {
    case 'order.handOver':
    case 'order.partialHandOver': {
      const p = m.payload;
      const labels = new Set(order.bags.map((x) => x.label));
      for (const bag of p.bags ?? [])
        if (!labels.has(bag)) return refused(reject('unknown_bag', `袋号 ${bag} 不属于该订单`));
      const missing = m.type === 'order.partialHandOver' ? m.payload.missing : undefined;
      if (missing) {
        const skus = new Set(order.items.map((i) => i.sku));
        for (const item of missing)
          if (!skus.has(item.sku))
            return refused(reject('unknown_product', `订单中没有商品 ${item.sku} / not in the order`));
      }
      return save({
        status: 'collected',
        collection: {
          at: m.createdAt,
          terminalId: ctx.terminalId,
          staffId: m.staffId,
          verifiedBy: p.verifiedBy,
          partial: m.type === 'order.partialHandOver',
          ...(missing ? { missing } : {}),
          ...(p.proxy ? { proxy: p.proxy } : {}),
        },
      });
    }
    case 'order.putAway': {
      const assignments = new Map(order.slotAssignments.map((a) => [a.bagLabel, a]));
      // occupancy counts the bags of shelved orders: this order's own are recounted
      const counts = new Map(state.occupancy);
      const freed: [string, number][] = [];
      if (order.status === 'shelved')
        for (const a of order.slotAssignments) {
          counts.set(a.slotId, (counts.get(a.slotId) ?? 1) - 1);
          freed.push([a.slotId, -1]);
        }
      const moving = new Set(m.payload.placements.map((p) => p.bagLabel));
      const placementRefused = putAwayRefusal(
        order.bags,
        m.payload.placements,
        (slotId) => {
          const slot = state.slots.get(slotId);
          return slot && { zone: slot.zone, capacityBags: slot.capacity };
        },
        // bags already in the slot: other orders', and this order's that stay where they are
        (slotId) =>
          (counts.get(slotId) ?? 0) +
          order.slotAssignments.filter((a) => a.slotId === slotId && !moving.has(a.bagLabel)).length,
      );
      if (placementRefused) return refused(placementOutcome(placementRefused));
      for (const placement of m.payload.placements)
        assignments.set(placement.bagLabel, {
          bagLabel: placement.bagLabel,
          slotId: placement.slotId,
          at: m.createdAt,
        });
      const mine = new Map<string, number>();
      for (const a of assignments.values()) mine.set(a.slotId, (mine.get(a.slotId) ?? 0) + 1);
      const allPlaced = order.bags.every((bag) => assignments.has(bag.label));
      // a fully placed order occupies its slots; until then its bags count for nothing
      for (const [slotId, delta] of freed) effects.push({ kind: 'occupancy', slotId, delta });
      if (allPlaced) for (const [slotId, n] of mine) effects.push({ kind: 'occupancy', slotId, delta: n });
      return save({
        slotAssignments: [...assignments.values()],
        status: allPlaced ? 'shelved' : order.status,
        shelvedAt: allPlaced ? (order.shelvedAt ?? m.createdAt) : (order.shelvedAt ?? null),
      });
    }
    case 'order.remind':
      return save({ lastRemindedAt: m.createdAt });
    case 'order.extend':
      return save({ extendedUntil: m.payload.until });
    case 'order.returnToStock': {
      effects.push(...slotsReleasedBy(order));
      const stock = stockMover(state, effects);
      for (const move of returnToStockMovements(order, (sku) => state.products.get(sku)))
        stock.move(move.sku, move.delta);
      const overflow = stock.overflow();
      if (overflow)
        return refused(reject('invalid_amounts', `库存数量超出范围 ${overflow} / stock out of range`));
      return save({ status: 'returned', returnedAt: m.createdAt });
    }
    default:
      return refused(reject('invalid_state', '不支持的操作 / unsupported mutation'));
  }
}

/** A shelved order leaving the shelf (returned to stock, handed to a rider): each of its bags frees its slot. */
export function slotsReleasedBy(order: Pick<Order, 'status' | 'slotAssignments'>): Effect[] {
  return order.status === 'shelved'
    ? order.slotAssignments.map((a) => ({ kind: 'occupancy' as const, slotId: a.slotId, delta: -1 }))
    : [];
}

/** Units that leave or enter stock (shared/orders' rule): grams for weighed goods, whole units otherwise. */
const stockQty = (state: Readonly<RuleState>, sku: string, qty: number, weightGrams?: number) =>
  stockUnits(state.products.get(sku), qty, weightGrams);

/** HQ's answer to an order in a state that refuses the action. */
function orderRefused(refusal: OrderRefusal): Outcome {
  const { status, code } = refusalResult(refusal);
  const reason = {
    collected:
      refusal.reason === 'collected'
        ? `订单已于 ${refusal.at ?? ''} 由 ${refusal.terminalId ?? ''} 交付 / already collected`
        : '',
    cancelled:
      refusal.reason === 'cancelled'
        ? `订单已被总部取消：${refusal.cancelReason ?? ''} / order cancelled`
        : '',
    returned: '订单已退回库存 / already returned to stock',
    notArrived: '订单尚未到店 / order not yet arrived',
  }[refusal.reason];
  return { status, code, reason };
}

/** HQ's answer to a put-away the placement rule (shared/shelf/placement) refuses. */
function placementOutcome(refusal: PlacementRefusal): Outcome {
  switch (refusal.reason) {
    case 'unknownBag':
      return reject('unknown_bag', `袋号 ${refusal.bagLabel} 不属于该订单 / unknown bag`);
    case 'unknownSlot':
      return reject('unknown_slot', `未知货位 ${refusal.slotId} / unknown slot`);
    case 'wrongZone':
      return reject(
        'zone_mismatch',
        `${refusal.bagZone} 袋不能放在 ${refusal.slotZone} 货位 / wrong temperature zone`,
      );
    case 'full':
      return reject('slot_full', `货位 ${refusal.slotId} 已满 / slot full`);
  }
}

/**
 * Collects stock movements as effects and keeps the running level of each
 * product, so a movement that would take stock beyond what HQ keeps
 * (±MAX_STOCK_QTY, a safe integer in every feed) is refused.
 */
function stockMover(state: Readonly<RuleState>, effects: Effect[]) {
  const levels = new Map<string, number>();
  let over: string | null = null;
  return {
    move(sku: string, delta: number) {
      const next = (levels.get(sku) ?? state.stock.get(sku)?.qty ?? 0) + delta;
      levels.set(sku, next);
      if (Math.abs(next) > MAX_STOCK_QTY) over ??= sku;
      effects.push({ kind: 'stock', sku, delta });
    },
    overflow: () => over,
  };
}

export function checkTenders(
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

/**
 * Folds an applied mutation's effects into the batch's working state, so the
 * mutations after it see them. Returns the stock levels it changed.
 */
export function applyEffects(
  state: RuleState,
  effects: readonly Effect[],
  ctx: RuleContext & { at: string },
): StockLevel[] {
  const changedStock = new Map<string, StockLevel>();
  for (const e of effects) {
    switch (e.kind) {
      case 'order': {
        const current = state.orders.get(e.orderId);
        if (current)
          state.orders.set(e.orderId, { ...current, data: { ...current.data, ...e.patch } as OrderView });
        break;
      }
      case 'stock': {
        const level = state.stock.get(e.sku) ?? {
          storeId: ctx.storeId,
          sku: e.sku,
          qty: 0,
          updatedAt: ctx.at,
        };
        // restockedAt marks none → some: a customer's wish is back in stock (shared/customers)
        const next = movedStock(level, e.delta, ctx.at);
        state.stock.set(e.sku, next);
        changedStock.set(e.sku, next);
        break;
      }
      case 'occupancy':
        state.occupancy.set(e.slotId, Math.max(0, (state.occupancy.get(e.slotId) ?? 0) + e.delta));
        break;
      case 'sale':
        state.sales.set(e.sale.id, e.sale);
        break;
      case 'shift':
        state.shifts.set(e.shift.id, e.shift);
        break;
      case 'day':
        state.days.set(e.day.business_date, e.day);
        break;
      case 'dayReopened':
        state.days.delete(e.businessDate);
        break;
      case 'note':
        if (e.note) state.notes.set(e.noteId, e.note);
        else state.notes.delete(e.noteId);
        break;
    }
  }
  return [...changedStock.values()];
}
