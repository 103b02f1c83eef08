/**
 * The customer panel's suggestions: explainable rules over the customer's own
 * orders on this terminal, nothing opaque.
 *   weekly         a product in the customer's orders in ≥ 3 of the last 6 weeks
 *   newInCategory  an active product of a category they buy that they never ordered
 */
import type { Product } from '@shared/contract';
import type { LinliDb } from '../../db/database';
import type { OrderRow } from '../../db/types';

export type Suggestion =
  | { kind: 'weekly'; sku: string; name: string; weeks: number }
  | { kind: 'newInCategory'; sku: string; name: string; category: string };

const WEEK_MS = 7 * 24 * 3600_000;

/** The customer's orders (same phone last 4 and masked name), newest first. */
export async function customerOrders(db: LinliDb, order: OrderRow, limit = 20): Promise<OrderRow[]> {
  const same = await db.orders
    .where('customer.phoneLast4')
    .equals(order.customer.phoneLast4)
    .filter((o) =>
      order.customer.customerRef
        ? o.customer.customerRef === order.customer.customerRef
        : o.customer.maskedName === order.customer.maskedName,
    )
    .toArray();
  return same.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
}

/** Products bought in at least `minWeeks` distinct weeks of the last `spanWeeks`. */
export function weeklyProducts(
  orders: readonly OrderRow[],
  now: number,
  minWeeks = 3,
  spanWeeks = 6,
): Suggestion[] {
  const weeksBySku = new Map<string, { name: string; weeks: Set<number> }>();
  for (const o of orders) {
    const age = now - Date.parse(o.createdAt);
    if (age < 0 || age > spanWeeks * WEEK_MS) continue;
    const week = Math.floor(age / WEEK_MS);
    for (const item of o.items) {
      const entry = weeksBySku.get(item.sku) ?? { name: item.name, weeks: new Set<number>() };
      entry.weeks.add(week);
      weeksBySku.set(item.sku, entry);
    }
  }
  return [...weeksBySku]
    .filter(([, e]) => e.weeks.size >= minWeeks)
    .sort((a, b) => b[1].weeks.size - a[1].weeks.size)
    .map(([sku, e]) => ({ kind: 'weekly' as const, sku, name: e.name, weeks: e.weeks.size }));
}

/** Categories of the customer's purchases, most bought first. */
export function favouriteCategories(
  orders: readonly OrderRow[],
  categoryOf: ReadonlyMap<string, string>,
): string[] {
  const count = new Map<string, number>();
  for (const o of orders)
    for (const item of o.items) {
      const category = categoryOf.get(item.sku);
      if (category) count.set(category, (count.get(category) ?? 0) + 1);
    }
  return [...count].sort((a, b) => b[1] - a[1]).map(([c]) => c);
}

export async function suggestFor(
  db: LinliDb,
  orders: readonly OrderRow[],
  now: number,
): Promise<Suggestion[]> {
  const weekly = weeklyProducts(orders, now).slice(0, 3);
  const skus = [...new Set(orders.flatMap((o) => o.items.map((i) => i.sku)))];
  const bought = new Set(skus);
  const products = (await db.products.bulkGet(skus)).filter((p): p is Product => !!p);
  const categoryOf = new Map(products.map((p) => [p.sku, p.category]));
  const categories = favouriteCategories(orders, categoryOf).slice(0, 2);
  const fresh: Suggestion[] = [];
  for (const category of categories) {
    // A bounded scan: stops at the first product found, never loads the catalogue.
    const found = await db.products
      .filter((p) => p.active && p.category === category && !bought.has(p.sku))
      .first();
    if (found) fresh.push({ kind: 'newInCategory', sku: found.sku, name: found.name, category });
  }
  return [...weekly, ...fresh];
}
