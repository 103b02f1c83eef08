/**
 * The stock an order moves at the store. Stock levels count pieces for piece
 * goods and grams for weighed goods (see `StockLevel`).
 */
import type { Order, Product } from '../contract/entities';

/** One change to a product's stock level, in stock units. */
export interface StockMovement {
  sku: string;
  delta: number;
}

/** A quantity in stock units: grams for weighed goods (the scale's weight when known), whole pieces otherwise. */
export function stockUnits(
  product: Pick<Product, 'weighed'> | undefined,
  qty: number,
  weightGrams?: number,
): number {
  if (product?.weighed) return weightGrams ?? Math.round(qty * 1000);
  return Math.round(qty);
}

/**
 * Returning an uncollected order to stock puts every item back, for the
 * products the store stocks (`productOf` answers undefined for the others).
 * A handover (whole or partial) moves none: the goods left the store's stock
 * when HQ packed the order, and missing items are refunded by HQ.
 */
export function returnToStockMovements(
  order: { items: readonly Pick<Order['items'][number], 'sku' | 'qty'>[] },
  productOf: (sku: string) => Pick<Product, 'weighed'> | undefined,
): StockMovement[] {
  const movements: StockMovement[] = [];
  for (const item of order.items) {
    const product = productOf(item.sku);
    if (product) movements.push({ sku: item.sku, delta: stockUnits(product, item.qty) });
  }
  return movements;
}
