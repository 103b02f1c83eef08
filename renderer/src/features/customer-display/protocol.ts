/**
 * What the customer-facing display (顾客屏) shows, as messages over one
 * BroadcastChannel between the staff window and the display window (same
 * origin: the web build's two tabs, or Electron's two windows on app://).
 * Only what a customer may see crosses it: never a phone number, an order's
 * items, notes, audit rows or anything from a manager dialog.
 */
export const CUSTOMER_DISPLAY_CHANNEL = 'linli-customer-display';

/** The display's URL hash (the web build opens it in a second window; Electron on the second monitor). */
export const CUSTOMER_DISPLAY_HASH = '#/customer-display';

export interface DisplayCartLine {
  name: string;
  qty: number;
  unit: string;
  amountFen: number;
}

export type CustomerDisplayState =
  /** Waiting: "请出示取货码" and the store's name. */
  | { kind: 'idle'; storeName: string | null }
  /** A pickup scan found the order: its number, the customer's masked name, how many bags. */
  | { kind: 'pickup'; storeName: string | null; orderNo: string; maskedName: string; bagCount: number }
  /** Handed over: a thank-you, then idle again. */
  | { kind: 'handedOver'; storeName: string | null; orderNo: string }
  /** The till's cart as it is rung up. */
  | { kind: 'cart'; storeName: string | null; lines: DisplayCartLine[]; totalFen: number }
  /** Paid: total, amount tendered and change. */
  | { kind: 'paid'; storeName: string | null; totalFen: number; paidFen: number; changeFen: number };

export type CustomerDisplayMessage =
  | { type: 'state'; state: CustomerDisplayState }
  /** A display that just opened asks for the current state. */
  | { type: 'hello' };

/** The pickup confirmation for an order: exactly the three things a customer may see. */
export function pickupState(
  order: { orderNo: string; customer: { maskedName: string }; bags: readonly unknown[] },
  storeName: string | null,
): CustomerDisplayState {
  return {
    kind: 'pickup',
    storeName,
    orderNo: order.orderNo,
    maskedName: order.customer.maskedName,
    bagCount: order.bags.length,
  };
}
