/**
 * From the counter to the till: "add to sale" on a pickup card opens the till
 * with the customer attached, the sale linked to the pickup order (the day's
 * report counts add-on sales by `orderId`) and the suggested product in the
 * cart. UI state only; the till takes it once.
 */
import { create } from 'zustand';
import type { CartCustomer } from '@shared/sale/cart';

export interface TillHandoff {
  customer: CartCustomer & { orderId: string };
  /** A product to put in the cart straight away. */
  sku?: string;
}

interface HandoffState {
  pending: TillHandoff | null;
  take(): TillHandoff | null;
}

export const useTillHandoff = create<HandoffState>()((set, get) => ({
  pending: null,
  take() {
    const pending = get().pending;
    if (pending) set({ pending: null });
    return pending;
  },
}));

/** Opens the till for an add-on sale to a pickup order. */
export function openTillWith(handoff: TillHandoff): void {
  useTillHandoff.setState({ pending: handoff });
  window.location.hash = '#/sale';
}
