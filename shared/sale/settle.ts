/**
 * Paying: what is due, the tenders, change (from cash only) and the
 * `sale.completed` payload's lines and totals — one pure function shared by the
 * tender panel (live) and completeSale (before it writes).
 */
import type { MutationPayload, Tender, TenderMethod } from '../contract';
import { roundDue, roundingApplies } from '../money/rounding';
import { type Cart, cartTotals, lineAmountFen } from './cart';
import type { TillPolicy } from './policy';

export interface TenderInput {
  /** The tender's id: the payment gateway's idempotency key for e-wallets. */
  id: string;
  method: TenderMethod;
  /** What this tender pays towards the sale. */
  amountFen: number;
  /** Cash: what the customer handed over (≥ amount; the rest is change). */
  tenderedFen?: number;
  /** Card slip number or the e-wallet payment's reference (never the payment code). */
  reference?: string;
}

/** What is due for a sale paid with these methods: 抹零 only when the policy applies it to them. */
export function amountDue(
  cart: Cart,
  policy: TillPolicy,
  methods: readonly TenderMethod[],
): {
  subtotalFen: number;
  dueFen: number;
  roundingFen: number;
} {
  const { subtotalFen } = cartTotals(cart);
  const dueFen = roundingApplies(policy.roundingScope, methods)
    ? roundDue(subtotalFen, policy.rounding)
    : subtotalFen;
  return { subtotalFen, dueFen, roundingFen: dueFen - subtotalFen };
}

/** A cash tender towards `remainingFen`: the part that pays, and the change. */
export function cashTender(id: string, remainingFen: number, tenderedFen: number): TenderInput {
  return { id, method: 'cash', amountFen: Math.min(tenderedFen, remainingFen), tenderedFen };
}

/** The cart's lines as `sale.completed` carries them. */
export function saleLines(cart: Cart): MutationPayload<'sale.completed'>['lines'] {
  return cart.lines.map((l) => ({
    sku: l.sku,
    name: l.name,
    qty: l.qty,
    ...(l.weightGrams !== undefined ? { weightGrams: l.weightGrams } : {}),
    unitPriceFen: l.unitPriceFen,
    ...(l.unitPriceFen !== l.listPriceFen ? { listPriceFen: l.listPriceFen } : {}),
    ...(l.discountFen > 0 ? { discountFen: l.discountFen } : {}),
    amountFen: lineAmountFen(l),
  }));
}

export type SettleRefusal =
  | { reason: 'emptyCart' }
  | { reason: 'noTender' }
  | { reason: 'badAmount' }
  /** Paid less than due: `shortFen` still to pay. */
  | { reason: 'underpaid'; shortFen: number }
  /** A card or e-wallet tender for more than was left to pay: change comes only from cash. */
  | { reason: 'changeFromNonCash'; method: TenderMethod }
  /** Cash handed over less than the cash tender's amount. */
  | { reason: 'tenderedLessThanAmount' };

export type Settlement =
  | {
      ok: true;
      dueFen: number;
      changeFen: number;
      payload: Pick<
        MutationPayload<'sale.completed'>,
        'lines' | 'totalFen' | 'discountFen' | 'roundingFen' | 'tenders'
      >;
    }
  | ({ ok: false } & SettleRefusal);

export function settle(cart: Cart, tenders: readonly TenderInput[], policy: TillPolicy): Settlement {
  if (cart.lines.length === 0) return { ok: false, reason: 'emptyCart' };
  if (tenders.length === 0) return { ok: false, reason: 'noTender' };
  const { dueFen, roundingFen } = amountDue(
    cart,
    policy,
    tenders.map((t) => t.method),
  );
  let left = dueFen;
  const out: Tender[] = [];
  let changeFen = 0;
  for (const t of tenders) {
    if (!Number.isSafeInteger(t.amountFen) || t.amountFen <= 0) return { ok: false, reason: 'badAmount' };
    if (t.method === 'cash') {
      const tendered = t.tenderedFen ?? t.amountFen;
      if (!Number.isSafeInteger(tendered) || tendered < t.amountFen)
        return { ok: false, reason: 'tenderedLessThanAmount' };
      if (t.amountFen > left) return { ok: false, reason: 'badAmount' };
      const change = tendered - t.amountFen;
      changeFen += change;
      out.push({ method: 'cash', amountFen: t.amountFen, tenderedFen: tendered, changeFen: change });
    } else {
      if (t.amountFen > left) return { ok: false, reason: 'changeFromNonCash', method: t.method };
      out.push({
        method: t.method,
        amountFen: t.amountFen,
        ...(t.reference ? { reference: t.reference } : {}),
        // The gateway's id of the charge: a refund goes back to this payment.
        ...(t.method === 'wechat' || t.method === 'alipay' ? { paymentId: t.id } : {}),
      });
    }
    left -= t.amountFen;
  }
  if (left > 0) return { ok: false, reason: 'underpaid', shortFen: left };
  const totals = cartTotals(cart);
  return {
    ok: true,
    dueFen,
    changeFen,
    payload: {
      lines: saleLines(cart),
      totalFen: dueFen,
      ...(totals.saleDiscountFen > 0 ? { discountFen: totals.saleDiscountFen } : {}),
      ...(roundingFen !== 0 ? { roundingFen } : {}),
      tenders: out,
    },
  };
}
