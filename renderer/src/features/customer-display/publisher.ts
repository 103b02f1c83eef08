import {
  CUSTOMER_DISPLAY_CHANNEL,
  pickupState,
  type CustomerDisplayMessage,
  type CustomerDisplayState,
  type DisplayCartLine,
} from './protocol';

/** The part of BroadcastChannel the publisher uses (tests pass a fake pair). */
export interface DisplayChannel {
  postMessage(message: CustomerDisplayMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<CustomerDisplayMessage>) => void): void;
  close(): void;
}

export interface CustomerDisplayPublisher {
  /** The store's name for the idle screen (the counter sets it from HQ's store record). */
  setStoreName(name: string | null): void;
  /** Back to "请出示取货码". */
  idle(): void;
  /** A pickup scan found this order: number, masked name and bag count only (never phone or items). */
  pickup(order: { orderNo: string; customer: { maskedName: string }; bags: readonly unknown[] }): void;
  /** The order was handed over: a thank-you, then idle. */
  handedOver(orderNo: string): void;
  /** The till: the cart as it stands (call again on every change). */
  cart(cart: { lines: DisplayCartLine[]; totalFen: number }): void;
  /** The till: the sale is paid. */
  paid(payment: { totalFen: number; paidFen: number; changeFen: number }): void;
  /** What the display shows now (tests, and a display that opens late gets it). */
  current(): CustomerDisplayState;
  close(): void;
}

/**
 * The staff window's side of the customer display. Every call replaces what the
 * display shows; a display window that opens later says hello and gets the
 * current state. Without BroadcastChannel (old hosts) it only keeps the state.
 *
 *   import { customerDisplay } from '../customer-display';
 *   customerDisplay.cart({ lines, totalFen });            // the till, on every cart change
 *   customerDisplay.paid({ totalFen, paidFen, changeFen }); // after payment
 *   customerDisplay.idle();                                 // sale done or cancelled
 */
export function createCustomerDisplayPublisher(
  open: () => DisplayChannel | null = defaultChannel,
): CustomerDisplayPublisher {
  let channel: DisplayChannel | null | undefined;
  let storeName: string | null = null;
  let state: CustomerDisplayState = { kind: 'idle', storeName };
  // Opened on first use: no channel (and no listener) in windows that never show anything.
  const connect = () => {
    if (channel !== undefined) return channel;
    channel = open();
    channel?.addEventListener('message', (event) => {
      if (event.data?.type === 'hello') channel?.postMessage({ type: 'state', state });
    });
    return channel;
  };
  const show = (next: CustomerDisplayState) => {
    state = next;
    connect()?.postMessage({ type: 'state', state });
  };
  return {
    setStoreName(name) {
      storeName = name;
      connect();
      if (state.kind === 'idle') show({ kind: 'idle', storeName });
    },
    idle: () => show({ kind: 'idle', storeName }),
    pickup: (order) => show(pickupState(order, storeName)),
    handedOver: (orderNo) => show({ kind: 'handedOver', storeName, orderNo }),
    cart: ({ lines, totalFen }) =>
      show({
        kind: 'cart',
        storeName,
        lines: lines.map(({ name, qty, unit, amountFen }) => ({ name, qty, unit, amountFen })),
        totalFen,
      }),
    paid: ({ totalFen, paidFen, changeFen }) =>
      show({ kind: 'paid', storeName, totalFen, paidFen, changeFen }),
    current: () => state,
    close() {
      channel?.close();
      channel = undefined;
    },
  };
}

function defaultChannel(): DisplayChannel | null {
  return typeof BroadcastChannel === 'undefined'
    ? null
    : (new BroadcastChannel(CUSTOMER_DISPLAY_CHANNEL) as unknown as DisplayChannel);
}

/** The app's one publisher (the counter and the till call it). */
export const customerDisplay: CustomerDisplayPublisher = createCustomerDisplayPublisher();
