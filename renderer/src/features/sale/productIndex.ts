/**
 * The till's product index: every active product of the catalogue with its
 * search keys (name, pinyin initials and full pinyin per character, SKU, PLU),
 * built once from the products table and kept for the session (20k products:
 * one table read plus pinyin per distinct character). Rebuilt when the
 * catalogue changes size or the pull writes products (the caller passes a
 * `version`). Barcode lookups do not use it: they go to the `barcodes` index.
 */
import type { LinliDb } from '../../db/database';
import type { ProductRow } from '../../db/types';
import { buildSearchEntry, searchProducts, type SearchEntry, type SearchHit } from '@shared/sale/search';

export interface ProductIndex {
  entries: SearchEntry<ProductRow>[];
  bySku: Map<string, ProductRow>;
  byPlu: Map<string, ProductRow>;
  /** Weighed and unbarcoded products by category, for the quick keys. */
  quickKeys: Map<string, ProductRow[]>;
  size: number;
}

const cache = new WeakMap<LinliDb, { version: string; index: Promise<ProductIndex> }>();

export function buildProductIndex(products: readonly ProductRow[]): ProductIndex {
  const active = products.filter((p) => p.active);
  const quickKeys = new Map<string, ProductRow[]>();
  for (const p of active) {
    if (!p.weighed && p.barcodes.length > 0) continue;
    const list = quickKeys.get(p.category) ?? [];
    list.push(p);
    quickKeys.set(p.category, list);
  }
  for (const list of quickKeys.values()) list.sort((a, b) => (a.plu ?? a.sku).localeCompare(b.plu ?? b.sku));
  return {
    entries: active.map((p) => buildSearchEntry(p)),
    bySku: new Map(active.map((p) => [p.sku, p])),
    byPlu: new Map(active.filter((p) => p.plu).map((p) => [p.plu!, p])),
    quickKeys,
    size: active.length,
  };
}

/** The index for `db` at catalogue `version` (built once per version). */
export function productIndex(db: LinliDb, version: string): Promise<ProductIndex> {
  const hit = cache.get(db);
  if (hit && hit.version === version) return hit.index;
  const index = db.products.toArray().then(buildProductIndex);
  cache.set(db, { version, index });
  index.catch(() => cache.delete(db));
  return index;
}

export const searchIndex = (index: ProductIndex, text: string, limit = 20): SearchHit<ProductRow>[] =>
  searchProducts(index.entries, text, limit);

/** A product by a scanned barcode (EAN-13/EAN-8, or a UPC-A as its 13-digit GTIN). */
export async function productByBarcode(
  db: LinliDb,
  text: string,
  gtin: string,
): Promise<ProductRow | undefined> {
  const found = await db.products
    .where('barcodes')
    .anyOf(text === gtin ? [text] : [text, gtin])
    .first();
  return found?.active === false ? undefined : found;
}
