import { useLiveQuery } from 'dexie-react-hooks';
import { catalogueView, customerCard, type CardEntry } from '@shared/customers';
import { businessDateOf, DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import type { LinliDb } from '../../db/database';
import { getMeta, metaKey } from '../../db/meta';
import type { StorePolicy } from '@shared/contract';
import type { ProductRow } from '../../db/types';

export interface CustomerNotesView {
  entries: CardEntry[];
  staffNames: Map<string, string>;
  products: Map<string, ProductRow>;
  timeZone: string;
  storeName: string | null;
  policy: StorePolicy | undefined;
}

/** The store's zone, name and policy, live (they arrive with the first pull). */
export async function storeContext(db: LinliDb) {
  const identity = await getMeta(db, 'terminal');
  const storeId = identity?.storeId ?? '';
  const [store, policy] = await Promise.all([
    getMeta(db, metaKey.store(storeId)),
    getMeta(db, metaKey.storePolicy(storeId)),
  ]);
  return { timeZone: store?.timeZone ?? DEFAULT_STORE_TIME_ZONE, storeName: store?.name ?? null, policy };
}

/**
 * A customer's notes and open wishes as the card shows them (今天刚到 first),
 * live: a pull that brings stock or another terminal's note updates it.
 */
export function useCustomerNotes(
  db: LinliDb,
  customerRef: string | undefined,
  now: number,
): CustomerNotesView | undefined {
  return useLiveQuery(async () => {
    if (!customerRef) return undefined;
    const [notes, context] = await Promise.all([
      db.customerNotes.where('customerRef').equals(customerRef).toArray(),
      storeContext(db),
    ]);
    const skus = new Set(notes.flatMap((n) => (n.sku ? [n.sku] : [])));
    const categories = new Set(notes.flatMap((n) => (n.category ? [n.category] : [])));
    const bySku = await db.products.bulkGet([...skus]);
    const inCategories =
      categories.size > 0
        ? await db.products
            .where('category')
            .anyOf([...categories])
            .toArray()
        : [];
    const products = [...bySku.filter((p): p is ProductRow => !!p), ...inCategories];
    const stock = (await db.stock.bulkGet(products.map((p) => p.sku))).filter((s) => s !== undefined);
    const staff = await db.staff.bulkGet([...new Set(notes.map((n) => n.createdBy))]);
    const today = businessDateOf(now, context.timeZone);
    return {
      entries: customerCard(notes, catalogueView(products, stock), today, context.timeZone),
      staffNames: new Map(staff.filter((s) => s !== undefined).map((s) => [s.id, s.name])),
      products: new Map(products.map((p) => [p.sku, p])),
      ...context,
    };
    // `now` is read for "today" on each run; the day changes rarely, the notes often
  }, [db, customerRef]);
}
