/**
 * The till's cart and its totals: pure, integer fen. A line's gross is its unit
 * price × quantity (for weighed goods price per kg × grams, half up — the
 * formula HQ checks), less the line discount; a whole-sale discount is shared
 * by the lines by largest remainder, so the lines' net amounts always add up to
 * the sale total.
 */
import { allocateByLargestRemainder } from '../money/allocate';
import { weighedAmountFen } from '../money/rounding';

export interface CartLine {
  /** Local id of the line in the cart (React key, focus). */
  id: string;
  sku: string;
  name: string;
  unit: string;
  weighed: boolean;
  /** Units; for weighed goods kilograms (= weightGrams / 1000). */
  qty: number;
  /** Weighed goods: grams (authoritative). */
  weightGrams?: number;
  /** The catalogue price (per unit, or per kg when weighed). */
  listPriceFen: number;
  /** The price charged: the catalogue price unless a manager overrode it. */
  unitPriceFen: number;
  /** The amount printed on a scale label, when it carries one (agrees with price × weight within 1 fen). */
  fixedAmountFen?: number;
  /** Line discount in fen (manager above the store's threshold). */
  discountFen: number;
}

export interface CartCustomer {
  /** Last four digits of the customer's phone. */
  phoneLast4?: string;
  /** HQ's customer reference, when known (from the pickup order). */
  ref?: string;
  name?: string;
  /** The pickup order this add-on sale was opened from. */
  orderId?: string;
  orderNo?: string;
}

export interface Cart {
  lines: CartLine[];
  /** Whole-sale discount in fen. */
  saleDiscountFen: number;
  customer?: CartCustomer;
}

export const emptyCart = (): Cart => ({ lines: [], saleDiscountFen: 0 });

/** Price × quantity before the line discount. */
export function lineGrossFen(
  line: Pick<CartLine, 'fixedAmountFen' | 'weightGrams' | 'unitPriceFen' | 'qty'>,
): number {
  if (line.fixedAmountFen !== undefined) return line.fixedAmountFen;
  if (line.weightGrams !== undefined) return weighedAmountFen(line.unitPriceFen, line.weightGrams);
  return Math.round(line.unitPriceFen * line.qty);
}

/** The line's amount after its own discount (what `amountFen` carries in `sale.completed`). */
export const lineAmountFen = (line: CartLine): number => lineGrossFen(line) - line.discountFen;

export interface CartTotals {
  /** Sum of line amounts (after line discounts). */
  linesFen: number;
  /** Whole-sale discount actually applied (never more than the lines). */
  saleDiscountFen: number;
  /** Each line's share of the whole-sale discount, in line order. */
  discountShares: number[];
  /** Due before 抹零: lines − sale discount. */
  subtotalFen: number;
  /** Line discounts + the sale discount, for the receipt. */
  totalDiscountFen: number;
  itemCount: number;
}

export function cartTotals(cart: Cart): CartTotals {
  const amounts = cart.lines.map(lineAmountFen);
  const linesFen = amounts.reduce((s, a) => s + a, 0);
  const saleDiscountFen = Math.min(Math.max(0, cart.saleDiscountFen), Math.max(0, linesFen));
  const discountShares = allocateByLargestRemainder(
    saleDiscountFen,
    amounts.map((a) => Math.max(0, a)),
  );
  return {
    linesFen,
    saleDiscountFen,
    discountShares,
    subtotalFen: linesFen - saleDiscountFen,
    totalDiscountFen: saleDiscountFen + cart.lines.reduce((s, l) => s + l.discountFen, 0),
    itemCount: cart.lines.reduce((s, l) => s + (l.weighed ? 1 : l.qty), 0),
  };
}
