/**
 * Refund limits: no line is refunded beyond what was sold, across every refund
 * of the sale (several refunds, several terminals). The same functions run at
 * the till and at HQ. A refund line names the sale line by index (`line`); an
 * older refund that only names the SKU is charged to that SKU's lines in order.
 *
 * Amounts: each line's net is what the customer paid for it — its amount less
 * its share (largest remainder) of the whole-sale discount and 抹零 — so the
 * nets add up to the sale total and refunds never pay out more than was paid.
 * A partial refund pays the proportional part (rounded down); the refund that
 * takes the last of a line pays exactly what is left of its net.
 */
import type { MutationPayload } from '../contract';
import { allocateByLargestRemainder } from '../money/allocate';

type Sale = Pick<MutationPayload<'sale.completed'>, 'lines' | 'totalFen'>;
type Refund = Pick<MutationPayload<'sale.refunded'>, 'lines'>;

export interface RefundableLine {
  line: number;
  sku: string;
  name: string;
  weighed: boolean;
  soldQty: number;
  refundedQty: number;
  remainingQty: number;
  /** What the customer paid for the whole line. */
  netFen: number;
  refundedFen: number;
  remainingFen: number;
}

/** Quantities compare with a tolerance: weighed lines carry kilograms (grams / 1000). */
const EPS = 1e-9;

/** Each line's net: its amount less its share of (lines − total), which is the sale discount and 抹零. */
export function lineNets(sale: Sale): number[] {
  const amounts = sale.lines.map((l) => l.amountFen);
  const linesSum = amounts.reduce((s, a) => s + a, 0);
  const reduction = linesSum - sale.totalFen;
  if (reduction <= 0) return amounts;
  const shares = allocateByLargestRemainder(Math.min(reduction, linesSum), amounts);
  return amounts.map((a, i) => a - shares[i]!);
}

export function refundable(sale: Sale, previousRefunds: readonly Refund[]): RefundableLine[] {
  const nets = lineNets(sale);
  const rows: RefundableLine[] = sale.lines.map((l, i) => ({
    line: i,
    sku: l.sku,
    name: l.name,
    weighed: l.weightGrams !== undefined,
    soldQty: l.qty,
    refundedQty: 0,
    remainingQty: l.qty,
    netFen: nets[i]!,
    refundedFen: 0,
    remainingFen: nets[i]!,
  }));
  for (const refund of previousRefunds) {
    for (const rl of refund.lines) {
      const targets =
        rl.line !== undefined ? rows.filter((r) => r.line === rl.line) : rows.filter((r) => r.sku === rl.sku);
      let qty = rl.qty;
      let amount = rl.amountFen;
      for (const row of targets) {
        if (qty <= EPS) break;
        const take = rl.line !== undefined ? qty : Math.min(qty, row.remainingQty);
        const takeFen = take === qty ? amount : Math.min(amount, Math.floor((amount * take) / qty));
        row.refundedQty += take;
        row.remainingQty = row.soldQty - row.refundedQty;
        row.refundedFen += takeFen;
        row.remainingFen = row.netFen - row.refundedFen;
        qty -= take;
        amount -= takeFen;
      }
    }
  }
  return rows;
}

export interface RefundRequestLine {
  line: number;
  qty: number;
}

export type RefundRefusal =
  | { reason: 'empty' }
  | { reason: 'unknownLine'; line: number }
  | { reason: 'badQuantity'; line: number }
  | { reason: 'alreadyRefunded'; line: number; name: string }
  | { reason: 'exceedsSold'; line: number; name: string; remainingQty: number }
  /** A weighed line is refunded whole. */
  | { reason: 'partialWeighed'; line: number; name: string };

export type RefundPlan =
  | {
      ok: true;
      lines: { line: number; sku: string; qty: number; amountFen: number }[];
      totalFen: number;
    }
  | ({ ok: false } & RefundRefusal);

/** Checks a refund request against the sale and its earlier refunds and prices it. */
export function planRefund(
  sale: Sale,
  previousRefunds: readonly Refund[],
  request: readonly RefundRequestLine[],
): RefundPlan {
  const wanted = request.filter((r) => r.qty !== 0);
  if (wanted.length === 0) return { ok: false, reason: 'empty' };
  const rows = refundable(sale, previousRefunds);
  const seen = new Set<number>();
  const lines: { line: number; sku: string; qty: number; amountFen: number }[] = [];
  for (const req of wanted) {
    const row = rows[req.line];
    if (!row || seen.has(req.line)) return { ok: false, reason: 'unknownLine', line: req.line };
    seen.add(req.line);
    if (!Number.isFinite(req.qty) || req.qty < 0) return { ok: false, reason: 'badQuantity', line: req.line };
    if (row.remainingQty <= EPS)
      return { ok: false, reason: 'alreadyRefunded', line: req.line, name: row.name };
    if (req.qty > row.remainingQty + EPS)
      return {
        ok: false,
        reason: 'exceedsSold',
        line: req.line,
        name: row.name,
        remainingQty: row.remainingQty,
      };
    if (row.weighed && Math.abs(req.qty - row.remainingQty) > EPS)
      return { ok: false, reason: 'partialWeighed', line: req.line, name: row.name };
    if (!row.weighed && !Number.isInteger(req.qty))
      return { ok: false, reason: 'badQuantity', line: req.line };
    const last = Math.abs(req.qty - row.remainingQty) <= EPS;
    const amountFen = last ? row.remainingFen : Math.floor((row.netFen * req.qty) / row.soldQty);
    lines.push({ line: req.line, sku: row.sku, qty: req.qty, amountFen });
  }
  return { ok: true, lines, totalFen: lines.reduce((s, l) => s + l.amountFen, 0) };
}

/**
 * HQ's check of a pushed refund: every line within what is left of the sale
 * after the refunds already recorded (from any terminal), and no line paying
 * out more than is left of its net. Null when it is within the limits.
 */
export function refundExceedsSale(
  sale: Sale,
  previousRefunds: readonly Refund[],
  refund: Refund,
): RefundRefusal | null {
  const rows = refundable(sale, previousRefunds);
  const after = refundable(sale, [...previousRefunds, refund]);
  for (const rl of refund.lines) {
    const candidates = rl.line !== undefined ? [rows[rl.line]] : rows.filter((r) => r.sku === rl.sku);
    if (candidates.length === 0 || candidates[0] === undefined)
      return { reason: 'unknownLine', line: rl.line ?? -1 };
  }
  for (const row of after) {
    const before = rows[row.line]!;
    if (row.refundedQty > row.soldQty + EPS || row.refundedFen > row.netFen) {
      return before.remainingQty <= EPS
        ? { reason: 'alreadyRefunded', line: row.line, name: row.name }
        : { reason: 'exceedsSold', line: row.line, name: row.name, remainingQty: before.remainingQty };
    }
  }
  // A SKU refunded by name beyond every line of that SKU leaves quantity unassigned.
  const assigned = after.reduce((s, r) => s + r.refundedQty, 0) - rows.reduce((s, r) => s + r.refundedQty, 0);
  const asked = refund.lines.reduce((s, l) => s + l.qty, 0);
  if (asked - assigned > EPS) {
    const first = refund.lines[0]!;
    return { reason: 'exceedsSold', line: first.line ?? -1, name: first.sku, remainingQty: 0 };
  }
  return null;
}
