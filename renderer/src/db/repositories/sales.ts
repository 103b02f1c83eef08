import type { Transaction } from 'dexie';
import { type MutationPayload, staffIdSchema, type Tender } from '@shared/contract';
import { walletRefundRequests } from '@shared/payments/refunds';
import { type Cart, cartTotals } from '@shared/sale/cart';
import { saleApprovalNeed } from '@shared/sale/approval';
import { cartVoid } from '@shared/sale/void';
import { type TillPolicy, tillPolicyOf } from '@shared/sale/policy';
import { formatReceiptNo, receiptCounterKey } from '@shared/sale/receipt';
import { planRefund, type RefundRefusal, type RefundRequestLine } from '@shared/sale/refund';
import { type SettleRefusal, settle, type TenderInput } from '@shared/sale/settle';
import { checkPrice, checkQuantity, checkWeight } from '@shared/sale/validate';
import { PermissionDeniedError } from '@shared/staff/roles';
import { businessDateOf } from '@shared/time/storeTime';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { getMeta, metaKey, setMeta } from '../meta';
import type {
  HeldCartRow,
  MetaRow,
  OutboxRow,
  ReceiptCounterRow,
  RefundRow,
  SaleRow,
  StockRow,
  TerminalIdentity,
  WalletRefund,
} from '../types';
import { saleWork } from '@shared/dayend/dayWork';
import { logAuditEvent, recordAuditEvent } from './audit';
import { addDayWork, DAY_TOTALS_TABLES } from './dayTotals';
import { type AffectedEntity, recordMutation, writeAction } from './outbox';
import { currentOpenShift, requireOpenShift } from './shifts';
import { approvalDetailOf, approvedByOf, authorize, type PrivilegedActor } from './staff';

/**
 * The till's data actions. completeSale and refundSale each run in ONE `rw`
 * transaction: the sale (or refund) row, local stock, the receipt counter, the
 * outbox mutation and the audit row — a refusal writes nothing. The rules
 * (totals, tenders, approval, refund limits) are shared/sale's, the same HQ runs.
 */

export type SaleRefusal =
  | SettleRefusal
  | { reason: 'badLine'; sku: string; detail: string }
  | { reason: 'noTerminal' }
  | { reason: 'saleNotFound' }
  | { reason: 'alreadyRecorded' }
  | RefundRefusal;

/** A till action refused for its input; nothing was written. */
export class SaleRefusedError extends Error {
  readonly kind = 'sale-refused' as const;
  constructor(readonly refusal: SaleRefusal) {
    super(`sale refused: ${refusal.reason}`);
    this.name = 'SaleRefusedError';
  }
}

/**
 * The stores each action's transaction locks (besides the outbox's): no more
 * than it touches, so a read elsewhere (the catalogue, the day's refunds) never
 * makes a sale wait for its turn.
 */
const SALE_TABLES = [
  'sales',
  'receiptCounters',
  'stock',
  'staff',
  'heldCarts',
  'shifts',
  ...DAY_TOTALS_TABLES,
] as const;
const REFUND_TABLES = ['sales', 'refunds', 'stock', 'staff', 'shifts', ...DAY_TOTALS_TABLES] as const;

interface TillContext {
  terminal: TerminalIdentity;
  timeZone: string;
  policy: TillPolicy;
}

type MetaTable = ReturnType<Transaction['table']>;

async function tillContext(meta: MetaTable): Promise<TillContext> {
  const terminal = ((await meta.get('terminal')) as MetaRow<'terminal'> | undefined)?.value;
  if (!terminal) throw new SaleRefusedError({ reason: 'noTerminal' });
  const [store, policy] = await Promise.all([
    getMeta(meta, metaKey.store(terminal.storeId)),
    getMeta(meta, metaKey.storePolicy(terminal.storeId)),
  ]);
  return {
    terminal,
    // Until HQ's store record arrives the store is assumed to be in China's zone.
    timeZone: store?.timeZone ?? 'Asia/Shanghai',
    policy: tillPolicyOf(policy),
  };
}

/** The till's policy and business context, for screens (read-only). */
export function readTillContext(db: LinliDb): Promise<TillContext> {
  return db.transaction('r', db.meta, () => tillContext(db.meta as unknown as MetaTable));
}

/**
 * The shift a sale or refund belongs to: a sale needs this terminal's open
 * shift (./shifts.ts); without one it is refused (DayEndRefusedError
 * `no-open-shift`) and nothing is written.
 */
async function shiftForSale(tx: Transaction): Promise<string | null> {
  return (await requireOpenShift(tx)).id;
}

/** Stock moves in the stock table's unit: pieces, or grams for weighed goods. */
function stockDelta(line: { qty: number; weightGrams?: number | undefined }): number {
  return line.weightGrams ?? Math.round(line.qty);
}

/** The stock rows of `skus` as they are (read once, before the move). */
async function readStock(tx: Transaction, skus: readonly string[]): Promise<Map<string, StockRow>> {
  const unique = [...new Set(skus)];
  const rows = await tx.table<StockRow, string>('stock').bulkGet(unique);
  const out = new Map<string, StockRow>();
  unique.forEach((sku, i) => {
    const row = rows[i];
    if (row) out.set(sku, row);
  });
  return out;
}

/** The stock rows after `moves`, and what they were before (for the outbox's bases). */
function stockAfter(
  storeId: string,
  before: ReadonlyMap<string, StockRow>,
  moves: { sku: string; delta: number }[],
  at: string,
): { next: StockRow[]; affected: AffectedEntity[] } {
  const bySku = new Map<string, number>();
  for (const m of moves) bySku.set(m.sku, (bySku.get(m.sku) ?? 0) + m.delta);
  const affected: AffectedEntity[] = [];
  const next: StockRow[] = [...bySku].map(([sku, delta]) => {
    const row = before.get(sku);
    affected.push({ entity: 'stockLevel', key: sku, before: row ?? null });
    return { storeId, sku, qty: (row?.qty ?? 0) + delta, updatedAt: at };
  });
  return { next, affected };
}

async function moveStock(
  tx: Transaction,
  storeId: string,
  moves: { sku: string; delta: number }[],
  at: string,
): Promise<AffectedEntity[]> {
  const before = await readStock(
    tx,
    moves.map((m) => m.sku),
  );
  const { next, affected } = stockAfter(storeId, before, moves, at);
  await tx.table<StockRow, string>('stock').bulkPut(next);
  return affected;
}

function checkLines(cart: Cart): void {
  for (const line of cart.lines) {
    const qty = line.weightGrams !== undefined ? checkWeight(line.weightGrams) : checkQuantity(line.qty);
    if (!qty.ok)
      throw new SaleRefusedError({ reason: 'badLine', sku: line.sku, detail: `qty:${qty.reason}` });
    // A zero catalogue price may stand (a free item HQ priced so); a price the clerk set may not.
    if (line.unitPriceFen !== line.listPriceFen) {
      const price = checkPrice(line.unitPriceFen);
      if (!price.ok)
        throw new SaleRefusedError({ reason: 'badLine', sku: line.sku, detail: `price:${price.reason}` });
    }
    if (line.discountFen < 0 || !Number.isInteger(line.discountFen))
      throw new SaleRefusedError({ reason: 'badLine', sku: line.sku, detail: 'discount' });
  }
}

export interface CompleteSaleInput {
  cart: Cart;
  tenders: readonly TenderInput[];
  /** Pre-assigned when an e-wallet charge used it before the sale was written. */
  saleId?: string;
  /** The held cart this sale was resumed from: removed in the same transaction. */
  heldCartId?: string;
}

export interface CompletedSale {
  sale: SaleRow;
  changeFen: number;
  mutation: OutboxRow;
}

/**
 * Completes a sale: checks the cart and tenders (shared/sale), a manager's
 * approval for an override or a discount above the store threshold (the
 * approval is spent), then in one transaction hands out the receipt number,
 * decrements local stock, writes the sale, the `sale.completed` mutation and
 * the audit row. Refusals throw SaleRefusedError or PermissionDeniedError (the
 * latter audited) and write nothing.
 */
export async function completeSale(
  db: LinliDb,
  input: CompleteSaleInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<CompletedSale> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, SALE_TABLES, async (tx) => {
      const saleId = input.saleId ?? crypto.randomUUID();
      const sales = tx.table<SaleRow, string>('sales');
      // Every read that does not depend on another goes out at once: each awaited
      // IndexedDB request is a round trip, and the whole transaction has B8's 25 ms.
      const [ctx, existing, openShift, stockBefore] = await Promise.all([
        tillContext(tx.table('meta')),
        sales.get(saleId),
        currentOpenShift(tx),
        readStock(
          tx,
          input.cart.lines.map((l) => l.sku),
        ),
      ]);
      checkLines(input.cart);
      const settled = settle(input.cart, input.tenders, ctx.policy);
      if (!settled.ok) {
        const { ok: _ok, ...refusal } = settled;
        throw new SaleRefusedError(refusal);
      }
      const need = saleApprovalNeed(settled.payload, ctx.policy.discountApprovalThresholdFen);
      const auth = need.needsManager ? await authorize(tx, 'priceOverride', actor, clock) : null;

      if (existing) throw new SaleRefusedError({ reason: 'alreadyRecorded' });
      const createdAt = isoAt(clock);
      const businessDate = businessDateOf(createdAt, ctx.timeZone);
      const counters = tx.table<ReceiptCounterRow, string>('receiptCounters');
      const key = receiptCounterKey(ctx.terminal.terminalId, businessDate);
      const serial = ((await counters.get(key))?.last ?? 0) + 1;
      const receiptNo = formatReceiptNo(ctx.terminal.terminalId, businessDate, serial);
      // No open shift: requireOpenShift refuses (and the transaction writes nothing).
      const shiftId = (openShift ?? (await requireOpenShift(tx))).id;
      const customer = input.cart.customer;

      const payload: MutationPayload<'sale.completed'> = {
        saleId,
        receiptNo,
        ...settled.payload,
        ...(customer?.orderId ? { orderId: customer.orderId } : {}),
        ...(shiftId ? { shiftId } : {}),
        ...(auth ? approvedByOf(auth) : {}),
      };
      const { next: stockNext, affected: affects } = stockAfter(
        ctx.terminal.storeId,
        stockBefore,
        payload.lines.map((l) => ({ sku: l.sku, delta: -stockDelta(l) })),
        createdAt,
      );
      const sale: SaleRow = {
        id: saleId,
        receiptNo,
        businessDate,
        createdAt,
        terminalId: ctx.terminal.terminalId,
        staffId: actor.staffId,
        shiftId,
        ...(customer?.orderId ? { orderId: customer.orderId } : {}),
        ...(customer?.ref ? { customerRef: customer.ref } : {}),
        ...(customer?.phoneLast4 ? { customerPhoneLast4: customer.phoneLast4 } : {}),
        sale: payload,
        refundedQty: {},
        printed: false,
      };
      // The writes go out together with the mutation's (any failure aborts the transaction).
      const [mutation] = await Promise.all([
        recordMutation(
          tx,
          'sale.completed',
          payload,
          { staffId: actor.staffId, ...(auth ? approvedByOf(auth) : {}) },
          {
            affects,
            detail: {
              saleId,
              receiptNo,
              totalFen: payload.totalFen,
              tenders: payload.tenders.map((t) => ({ method: t.method, amountFen: t.amountFen })),
              ...(need.needsManager
                ? { reductionFen: need.reductionFen, priceOverride: need.priceOverride }
                : {}),
              ...(auth ? approvalDetailOf(auth) : {}),
            },
            clock,
          },
        ),
        counters.put({ key, last: serial }),
        tx.table<StockRow, string>('stock').bulkPut(stockNext),
        sales.add(sale),
        addDayWork(tx, [saleWork(sale)], ctx.timeZone),
        input.heldCartId ? tx.table<HeldCartRow, string>('heldCarts').delete(input.heldCartId) : null,
      ]);
      return { sale, changeFen: settled.changeFen, mutation };
    });
  } catch (error) {
    await auditDenied(db, error, actor, { cartTotalFen: cartTotals(input.cart).subtotalFen }, clock);
    throw error;
  }
}

async function auditDenied(
  db: LinliDb,
  error: unknown,
  actor: PrivilegedActor,
  detail: Record<string, unknown>,
  clock: Clock,
): Promise<void> {
  if (error instanceof PermissionDeniedError && staffIdSchema.safeParse(actor.staffId).success) {
    await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
      subject: error.action,
      detail: { reason: error.reason, ...detail },
      clock,
    });
  }
}

/** Marks a sale's receipt printed (or waiting for a reprint when printing failed). */
export async function markReceiptPrinted(db: LinliDb, saleId: string, printed: boolean): Promise<void> {
  await db.sales.update(saleId, { printed });
}

export interface RefundInput {
  saleId: string;
  lines: readonly RefundRequestLine[];
  reason: string;
  /** Goods go back to stock (default true). */
  restock?: boolean;
}

/**
 * The refund's tenders: back to the sale's own tenders, last tender first (the
 * e-wallet or card part before cash), never more to one tender than it paid
 * less what earlier refunds already returned to it.
 */
export function refundTenders(
  saleTenders: readonly Tender[],
  previousRefunds: readonly MutationPayload<'sale.refunded'>[],
  totalFen: number,
): Tender[] {
  // An e-wallet tender is its own payment (two WeChat payments are refunded separately).
  const keyOf = (t: Tender) => t.paymentId ?? t.method;
  const returned = new Map<string, number>();
  for (const r of previousRefunds)
    for (const t of r.tenders) returned.set(keyOf(t), (returned.get(keyOf(t)) ?? 0) + t.amountFen);
  const out: Tender[] = [];
  let left = totalFen;
  for (const t of [...saleTenders].reverse()) {
    if (left <= 0) break;
    const key = keyOf(t);
    const already = Math.min(returned.get(key) ?? 0, t.amountFen);
    returned.set(key, (returned.get(key) ?? 0) - already);
    const take = Math.min(left, t.amountFen - already);
    if (take <= 0) continue;
    out.push({
      method: t.method,
      amountFen: take,
      ...(t.reference ? { reference: t.reference } : {}),
      ...(t.paymentId ? { paymentId: t.paymentId } : {}),
    });
    left -= take;
  }
  return out;
}

export interface CompletedRefund {
  refund: RefundRow;
  mutation: OutboxRow;
}

/**
 * Refunds lines of a sale: limits across every earlier refund (planRefund),
 * a manager above the store's refund threshold, stock returned, the sale's
 * refunded quantities updated, the refund row, `sale.refunded` and the audit
 * row — one transaction.
 */
export async function refundSale(
  db: LinliDb,
  input: RefundInput,
  actor: PrivilegedActor,
  options: { clock?: Clock } = {},
): Promise<CompletedRefund> {
  const clock = options.clock ?? systemClock;
  try {
    return await writeAction(db, REFUND_TABLES, async (tx) => {
      const ctx = await tillContext(tx.table('meta'));
      const sales = tx.table<SaleRow, string>('sales');
      const refunds = tx.table<RefundRow, string>('refunds');
      const sale = await sales.get(input.saleId);
      if (!sale) throw new SaleRefusedError({ reason: 'saleNotFound' });
      const previous = (await refunds.where('saleId').equals(sale.id).toArray()).map((r) => r.refund);
      const plan = planRefund(sale.sale, previous, input.lines);
      if (!plan.ok) {
        const { ok: _ok, ...refusal } = plan;
        throw new SaleRefusedError(refusal);
      }
      const auth =
        plan.totalFen > ctx.policy.refundApprovalThresholdFen
          ? await authorize(tx, 'refundAboveThreshold', actor, clock)
          : null;
      const refundId = crypto.randomUUID();
      const createdAt = isoAt(clock);
      const shiftId = await shiftForSale(tx);
      const restock = input.restock ?? true;
      const payload: MutationPayload<'sale.refunded'> = {
        refundId,
        saleId: sale.id,
        lines: plan.lines.map((l) => ({ sku: l.sku, qty: l.qty, amountFen: l.amountFen, line: l.line })),
        totalFen: plan.totalFen,
        tenders: refundTenders(sale.sale.tenders, previous, plan.totalFen),
        reason: input.reason,
        restock,
        ...(shiftId ? { shiftId } : {}),
        ...(auth ? approvedByOf(auth) : {}),
      };
      const affects = restock
        ? await moveStock(
            tx,
            ctx.terminal.storeId,
            plan.lines.map((l) => ({
              sku: l.sku,
              delta: stockDelta(sale.sale.lines[l.line]!) * (l.qty / sale.sale.lines[l.line]!.qty),
            })),
            createdAt,
          )
        : [];
      const refundedQty = { ...sale.refundedQty };
      for (const l of plan.lines) refundedQty[l.line] = (refundedQty[l.line] ?? 0) + l.qty;
      await sales.update(sale.id, { refundedQty });
      const refund: RefundRow = {
        id: refundId,
        saleId: sale.id,
        businessDate: businessDateOf(createdAt, ctx.timeZone),
        createdAt,
        staffId: actor.staffId,
        shiftId,
        refund: payload,
      };
      // The e-wallet part waits for the gateway (sendWalletRefunds, right after, and again while pending).
      const wallet = walletRefundRequests(refundId, payload.tenders).map((w): WalletRefund =>
        w.paymentId
          ? { ...w, state: 'pending', attempts: 0, updatedAt: createdAt }
          : { ...w, state: 'declined', reason: 'noPaymentId', attempts: 0, updatedAt: createdAt },
      );
      if (wallet.length > 0) refund.wallet = wallet;
      await refunds.add(refund);
      for (const w of wallet)
        if (w.state === 'pending')
          await setMeta(tx, metaKey.pendingWalletRefund(w.gatewayRefundId), {
            refundId,
            gatewayRefundId: w.gatewayRefundId,
          });
      await addDayWork(
        tx,
        [{ kind: 'refund', terminalId: ctx.terminal.terminalId, createdAt, refund: payload }],
        ctx.timeZone,
      );
      const mutation = await recordMutation(
        tx,
        'sale.refunded',
        payload,
        { staffId: actor.staffId, ...(auth ? approvedByOf(auth) : {}) },
        {
          affects,
          detail: { ...payload, receiptNo: sale.receiptNo, ...(auth ? approvalDetailOf(auth) : {}) },
          clock,
        },
      );
      return { refund, mutation };
    });
  } catch (error) {
    await auditDenied(db, error, actor, { saleId: input.saleId }, clock);
    throw error;
  }
}

/** A sale by its receipt number (scanned from the receipt's code or typed). */
export const findSaleByReceipt = (db: LinliDb, receiptNo: string): Promise<SaleRow | undefined> =>
  db.sales.where('receiptNo').equals(receiptNo.trim().toUpperCase()).first();

/** Sales of a business day, newest first, optionally with a given total. */
export async function findSales(
  db: LinliDb,
  filter: { businessDate: string; totalFen?: number },
): Promise<SaleRow[]> {
  const rows = await db.sales.where('businessDate').equals(filter.businessDate).reverse().sortBy('createdAt');
  return filter.totalFen === undefined ? rows : rows.filter((r) => r.sale.totalFen === filter.totalFen);
}

export const refundsOf = (db: LinliDb, saleId: string): Promise<RefundRow[]> =>
  db.refunds.where('saleId').equals(saleId).toArray();

/** 挂单: parks the cart; the clerk serves the next customer. */
export async function holdCart(
  db: LinliDb,
  cart: Cart,
  actor: { staffId: string },
  options: { clock?: Clock } = {},
): Promise<HeldCartRow> {
  const row: HeldCartRow = {
    id: crypto.randomUUID(),
    heldAt: isoAt(options.clock ?? systemClock),
    staffId: actor.staffId,
    cart,
  };
  await db.heldCarts.add(row);
  return row;
}

/** Held carts, oldest first (the customer who waited longest). */
export const listHeldCarts = (db: LinliDb): Promise<HeldCartRow[]> =>
  db.heldCarts.orderBy('heldAt').toArray();

/**
 * 取单: takes a held cart back. The row stays until the sale completes (the
 * same transaction removes it) or the clerk holds or voids it again, so a
 * crash in between never loses a customer's basket.
 */
export const getHeldCart = (db: LinliDb, id: string): Promise<HeldCartRow | undefined> =>
  db.heldCarts.get(id);

export const dropHeldCart = (db: LinliDb, id: string): Promise<void> => db.heldCarts.delete(id);

/**
 * 整单作废: voids the cart at the till. An empty cart voids nothing (null).
 * Otherwise one transaction writes the `sale.voided` audit row (HQ hears it as
 * an audit event), adds the void to the day's running totals (the Z report's
 * voids) and drops the held cart the basket was resumed from.
 */
export async function voidCart(
  db: LinliDb,
  cart: Cart,
  actor: { staffId: string },
  options: { heldCartId?: string | null; clock?: Clock } = {},
): Promise<OutboxRow | null> {
  const record = cartVoid(cart);
  if (!record) return null;
  const clock = options.clock ?? systemClock;
  return writeAction(db, ['heldCarts', ...DAY_TOTALS_TABLES], async (tx) => {
    const ctx = await tillContext(tx.table('meta'));
    const mutation = await recordAuditEvent(tx, 'sale.voided', actor.staffId, {
      detail: {
        totalFen: record.totalFen,
        itemCount: record.itemCount,
        lines: record.lines,
        ...(cart.customer?.orderId ? { orderId: cart.customer.orderId } : {}),
      },
      clock,
    });
    await addDayWork(
      tx,
      [
        {
          kind: 'void',
          terminalId: ctx.terminal.terminalId,
          // the audit row's time: a recompute reads the void back from it
          createdAt: (mutation.payload as MutationPayload<'audit.recorded'>).at,
          amountFen: record.totalFen,
        },
      ],
      ctx.timeZone,
    );
    if (options.heldCartId) await tx.table<HeldCartRow, string>('heldCarts').delete(options.heldCartId);
    return mutation;
  });
}

/** A barcode the catalogue does not know, scanned at the till: on record for HQ to add. */
export function recordUnknownBarcode(db: LinliDb, staffId: string, code: string): Promise<OutboxRow> {
  return writeAction(db, [], (tx) =>
    recordAuditEvent(tx, 'till.unknownBarcode', staffId, {
      subject: code.slice(0, 64),
      detail: { code: code.slice(0, 64) },
    }),
  );
}
