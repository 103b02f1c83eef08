import type { MutationPayload } from '@shared/contract';
import { cartTotals, lineAmountFen, type Cart } from '@shared/sale/cart';
import { customerDisplay, type CustomerDisplayPublisher } from '../customer-display';
import { useCartStore } from './cartStore';

/** The customer display's till part: the cart as it changes (names, quantities, amounts, total). */
export function showCart(cart: Cart, publisher: CustomerDisplayPublisher = customerDisplay): void {
  if (cart.lines.length === 0) {
    publisher.idle();
    return;
  }
  publisher.cart({
    lines: cart.lines.map((line) => ({
      name: line.name,
      qty: line.weighed && line.weightGrams ? line.weightGrams / 1000 : line.qty,
      unit: line.weighed ? 'kg' : line.unit,
      amountFen: lineAmountFen(line),
    })),
    totalFen: cartTotals(cart).subtotalFen,
  });
}

/** Paid: the total, what the customer handed over and the change, large on the display. */
export function showPaid(
  sale: MutationPayload<'sale.completed'>,
  changeFen: number,
  publisher: CustomerDisplayPublisher = customerDisplay,
): void {
  const paidFen = sale.tenders.reduce((sum, t) => sum + (t.tenderedFen ?? t.amountFen), 0);
  publisher.paid({ totalFen: sale.totalFen, paidFen, changeFen });
}

/** Follows the till's cart while the till is open; returns the unsubscribe. */
export function followCartOnCustomerDisplay(
  publisher: CustomerDisplayPublisher = customerDisplay,
): () => void {
  return useCartStore.subscribe((state, previous) => {
    if (state.lines !== previous.lines || state.saleDiscountFen !== previous.saleDiscountFen)
      showCart(state, publisher);
  });
}
