import { type Cart, cartTotals, lineAmountFen } from './cart';

/**
 * 整单作废: what voiding a cart at the till puts on record. A void is never a
 * sale (no receipt, no stock, no money): the Z report counts it apart, with
 * the amount the cart stood at (line and cart discounts taken off, before
 * cash rounding). An empty cart voids nothing.
 */
export interface CartVoid {
  totalFen: number;
  itemCount: number;
  /** Each line with its amount after its own discount. */
  lines: { sku: string; qty: number; amountFen: number }[];
}

export function cartVoid(cart: Cart): CartVoid | null {
  if (cart.lines.length === 0) return null;
  const totals = cartTotals(cart);
  return {
    totalFen: totals.subtotalFen,
    itemCount: totals.itemCount,
    lines: cart.lines.map((l) => ({ sku: l.sku, qty: l.qty, amountFen: lineAmountFen(l) })),
  };
}
