import type { AdminReceiveStockRequest, Product, StockLevel } from '../../shared/contract';
import { movedStock } from '../../shared/customers/arrival';
import type { Db } from './db';
import { loadEntities, lockStore, writeEntities } from './repo';

/**
 * HQ receives a delivery for a store (demo/test endpoint): each line's stock
 * goes up and is marked received (`receivedAt`; `restockedAt` when it was out),
 * as new feed versions — so a customer's wish for it shows 今天刚到 on every
 * terminal at the next pull. Unknown products refuse the whole delivery.
 */
export async function receiveStock(
  db: Db,
  storeId: string,
  lines: AdminReceiveStockRequest['lines'],
  at: Date,
): Promise<{ stock: StockLevel[] } | { unknown: string[] }> {
  return db.transaction(async (tx) => {
    await lockStore(tx, storeId);
    const skus = [...new Set(lines.map((l) => l.sku))];
    const products = await loadEntities<Product>(tx, storeId, 'product', skus);
    const unknown = skus.filter((sku) => !products.has(sku));
    if (unknown.length) return { unknown };
    const levels = await loadEntities<StockLevel>(tx, storeId, 'stockLevel', skus);
    const iso = at.toISOString();
    for (const line of lines) {
      const level = levels.get(line.sku) ?? { storeId, sku: line.sku, qty: 0, updatedAt: iso };
      levels.set(line.sku, movedStock(level, line.qty, iso, { received: true }));
    }
    const stock = skus.map((sku) => levels.get(sku) as StockLevel);
    await writeEntities(
      tx,
      storeId,
      stock.map((s) => ({ entity: 'stockLevel' as const, key: s.sku, data: s })),
    );
    return { stock };
  });
}
