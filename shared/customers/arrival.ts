import type { CustomerNote, Product, StockLevel } from '../contract';
import { businessDateOf } from '../time/storeTime';

/**
 * 今天刚到: a wish comes back at the right moment. A wish has arrived when the
 * product it names (or a product of its category) is in stock now AND, after
 * the wish was made, its stock went from none to some (`restockedAt`), HQ
 * received a new batch of it (`receivedAt`), or the product itself was first
 * offered (`createdAt`). Stock that was there all along is not news.
 */

export type ArrivalSource = 'restocked' | 'received' | 'newProduct';

export interface WishArrival {
  sku: string;
  /** ISO 8601: when it arrived (the latest qualifying event after the wish). */
  at: string;
  source: ArrivalSource;
}

type ArrivalStock = Pick<StockLevel, 'qty' | 'restockedAt' | 'receivedAt'>;
type ArrivalProduct = Pick<Product, 'sku' | 'category' | 'active' | 'createdAt'>;

/** When `product` arrived after `since` (ISO 8601), or null: nothing in stock or nothing new. */
export function arrivalSince(
  since: string,
  product: ArrivalProduct,
  stock: ArrivalStock | undefined,
): WishArrival | null {
  if (!product.active || !stock || stock.qty <= 0) return null;
  const after = Date.parse(since);
  let best: WishArrival | null = null;
  const consider = (at: string | undefined, source: ArrivalSource) => {
    if (at === undefined) return;
    const t = Date.parse(at);
    if (!(t > after)) return;
    if (!best || t > Date.parse(best.at)) best = { sku: product.sku, at, source };
  };
  consider(stock.restockedAt, 'restocked');
  consider(stock.receivedAt, 'received');
  consider(product.createdAt, 'newProduct');
  return best;
}

/** The products a wish names: its product, or the active products of its category. */
export function wishProducts<P extends ArrivalProduct>(
  wish: Pick<CustomerNote, 'sku' | 'category'>,
  products: { bySku(sku: string): P | undefined; byCategory(category: string): readonly P[] },
): P[] {
  if (wish.sku !== undefined) {
    const product = products.bySku(wish.sku);
    return product ? [product] : [];
  }
  if (wish.category !== undefined) return products.byCategory(wish.category).filter((p) => p.active);
  return [];
}

/** An open wish's arrival (the latest among the products it names), or null. */
export function wishArrival<P extends ArrivalProduct>(
  wish: Pick<CustomerNote, 'kind' | 'status' | 'createdAt' | 'sku' | 'category'>,
  products: { bySku(sku: string): P | undefined; byCategory(category: string): readonly P[] },
  stockOf: (sku: string) => ArrivalStock | undefined,
): WishArrival | null {
  if (wish.kind !== 'wish' || wish.status !== 'open') return null;
  let best: WishArrival | null = null;
  for (const product of wishProducts(wish, products)) {
    const arrival = arrivalSince(wish.createdAt, product, stockOf(product.sku));
    if (arrival && (!best || Date.parse(arrival.at) > Date.parse(best.at))) best = arrival;
  }
  return best;
}

/** True when the arrival is on the store's business day `today` (the 今天刚到 badge). */
export const arrivedOn = (arrival: Pick<WishArrival, 'at'>, today: string, timeZone: string): boolean =>
  businessDateOf(arrival.at, timeZone) === today;

/**
 * The stock level after a movement, keeping `restockedAt` true: it is set when
 * the quantity goes from none (≤ 0) to some (> 0). HQ calls this for every
 * movement it applies; `received` marks a delivery (the receive endpoint).
 */
export function movedStock<S extends Pick<StockLevel, 'qty' | 'updatedAt' | 'restockedAt' | 'receivedAt'>>(
  level: S,
  delta: number,
  at: string,
  options: { received?: boolean } = {},
): S {
  const qty = level.qty + delta;
  return {
    ...level,
    qty,
    updatedAt: at,
    ...(level.qty <= 0 && qty > 0 ? { restockedAt: at } : {}),
    ...(options.received ? { receivedAt: at } : {}),
  };
}
