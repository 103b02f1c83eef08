/**
 * The cart being rung up: UI state only (zustand). It becomes data in one step,
 * completeSale; a held cart is stored by holdCart. Every change the clerk
 * types is checked by shared/sale first — a refused change leaves the cart as
 * it was and returns the reason for the message.
 */
import { create } from 'zustand';
import type { Cart, CartCustomer, CartLine } from '@shared/sale/cart';
import { lineGrossFen } from '@shared/sale/cart';
import {
  checkDiscount,
  checkPrice,
  checkQuantity,
  type PriceRefusal,
  type QuantityRefusal,
} from '@shared/sale/validate';
import type { ProductRow } from '../../db/types';

export type CartChange =
  | { ok: true }
  | { ok: false; field: 'qty'; reason: QuantityRefusal }
  | { ok: false; field: 'price'; reason: PriceRefusal };

interface CartState extends Cart {
  /** The line +/−, override and discount act on (the last added, or chosen with ↑↓). */
  selectedId: string | null;
  /** The held cart this one was resumed from (removed when the sale completes). */
  heldCartId: string | null;
  addProduct(product: ProductRow, qty?: number): CartChange;
  addLine(line: Omit<CartLine, 'id'>): void;
  setQty(id: string, qty: number): CartChange;
  step(id: string, delta: 1 | -1): CartChange;
  remove(id: string): void;
  select(id: string | null): void;
  overridePrice(id: string, priceFen: number | null): CartChange;
  discountLine(id: string, fen: number | null): CartChange;
  discountSale(fen: number | null): CartChange;
  setCustomer(customer: CartCustomer | undefined): void;
  load(cart: Cart, heldCartId: string | null): void;
  clear(): void;
}

const ok = { ok: true } as const;

export const emptyCartState = {
  lines: [] as CartLine[],
  saleDiscountFen: 0,
  selectedId: null,
  heldCartId: null,
};

export const useCartStore = create<CartState>()((set, get) => {
  const update = (id: string, patch: (line: CartLine) => CartLine) =>
    set((s) => ({ lines: s.lines.map((l) => (l.id === id ? patch(l) : l)) }));
  return {
    ...emptyCartState,
    customer: undefined,
    addProduct(product, qty = 1) {
      const checked = checkQuantity(qty);
      if (!checked.ok) return { ok: false, field: 'qty', reason: checked.reason };
      const same = get().lines.find(
        (l) =>
          l.sku === product.sku && !l.weighed && l.unitPriceFen === l.listPriceFen && l.discountFen === 0,
      );
      if (same && !product.weighed) {
        const next = same.qty + qty;
        const total = checkQuantity(next);
        if (!total.ok) return { ok: false, field: 'qty', reason: total.reason };
        set((s) => ({
          // The line moves to the end, where the clerk is looking.
          lines: [...s.lines.filter((l) => l.id !== same.id), { ...same, qty: next }],
          selectedId: same.id,
        }));
        return ok;
      }
      get().addLine({
        sku: product.sku,
        name: product.name,
        unit: product.unit,
        weighed: product.weighed,
        qty,
        listPriceFen: product.priceFen,
        unitPriceFen: product.priceFen,
        discountFen: 0,
      });
      return ok;
    },
    addLine(line) {
      const id = crypto.randomUUID();
      set((s) => ({ lines: [...s.lines, { ...line, id }], selectedId: id }));
    },
    setQty(id, qty) {
      const line = get().lines.find((l) => l.id === id);
      if (!line || line.weighed) return ok;
      const checked = checkQuantity(qty);
      if (!checked.ok) return { ok: false, field: 'qty', reason: checked.reason };
      update(id, (l) => ({ ...l, qty, discountFen: Math.min(l.discountFen, lineGrossFen({ ...l, qty })) }));
      return ok;
    },
    step(id, delta) {
      const line = get().lines.find((l) => l.id === id);
      if (!line || line.weighed) return ok;
      if (line.qty + delta === 0) {
        get().remove(id);
        return ok;
      }
      return get().setQty(id, line.qty + delta);
    },
    remove(id) {
      set((s) => {
        const lines = s.lines.filter((l) => l.id !== id);
        return { lines, selectedId: s.selectedId === id ? (lines.at(-1)?.id ?? null) : s.selectedId };
      });
    },
    select(id) {
      set({ selectedId: id });
    },
    overridePrice(id, priceFen) {
      const checked = checkPrice(priceFen);
      if (!checked.ok || priceFen === null)
        return { ok: false, field: 'price', reason: checked.ok ? 'notANumber' : checked.reason };
      // A scale label's printed amount no longer holds once the price per kg changes.
      update(id, (l) => {
        const { fixedAmountFen: _fixed, ...rest } = l;
        const next = { ...rest, unitPriceFen: priceFen };
        return { ...next, discountFen: Math.min(next.discountFen, lineGrossFen(next)) };
      });
      return ok;
    },
    discountLine(id, fen) {
      const line = get().lines.find((l) => l.id === id);
      if (!line) return ok;
      const checked = checkDiscount(fen, lineGrossFen(line));
      if (!checked.ok || fen === null)
        return { ok: false, field: 'price', reason: checked.ok ? 'notANumber' : checked.reason };
      update(id, (l) => ({ ...l, discountFen: fen }));
      return ok;
    },
    discountSale(fen) {
      const lines = get().lines.reduce((s, l) => s + lineGrossFen(l) - l.discountFen, 0);
      const checked = checkDiscount(fen, lines);
      if (!checked.ok || fen === null)
        return { ok: false, field: 'price', reason: checked.ok ? 'notANumber' : checked.reason };
      set({ saleDiscountFen: fen });
      return ok;
    },
    setCustomer(customer) {
      set({ customer });
    },
    load(cart, heldCartId) {
      set({ ...cart, customer: cart.customer, selectedId: cart.lines.at(-1)?.id ?? null, heldCartId });
    },
    clear() {
      set({ ...emptyCartState, customer: undefined });
    },
  };
});

/** The cart as data (for completeSale / holdCart). */
export const cartOf = (s: Cart): Cart => ({
  lines: s.lines,
  saleDiscountFen: s.saleDiscountFen,
  ...(s.customer ? { customer: s.customer } : {}),
});
