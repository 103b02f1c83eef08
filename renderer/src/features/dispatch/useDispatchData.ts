import { useLiveQuery } from 'dexie-react-hooks';
import type { Rider } from '@shared/contract';
import { isOutForDelivery } from '@shared/dispatch';
import { HANDOVER_STATUSES } from '@shared/orders';
import { DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import type { LinliDb } from '../../db/database';
import { getMeta, metaKey } from '../../db/meta';
import { loadRiders } from '../../db/repositories/dispatch';
import type { OrderRow } from '../../db/types';

/**
 * What the dispatch board reads, live: the store's scheduled deliveries that
 * are at the store (arrived or shelved: bounded by the shelf, a few hundred at
 * most), those out with riders (collected ones, bounded by the terminal's
 * history window, see sync/prune.ts), HQ's riders, and the store's time zone.
 */
export interface DispatchData {
  /** Scheduled deliveries at the store (waiting for a rider, or back from a failed delivery). */
  orders: OrderRow[];
  /** Scheduled deliveries out with a rider now (no word from HQ yet). */
  out: OrderRow[];
  riders: Rider[];
  timeZone: string;
}

export function useDispatchData(db: LinliDb): DispatchData | undefined {
  return useLiveQuery(async () => {
    const identity = await getMeta(db, 'terminal');
    const storeId = identity?.storeId;
    const [here, out, riders, store] = await Promise.all([
      db.orders
        .where('status')
        .anyOf([...HANDOVER_STATUSES])
        .toArray(),
      // Dispatched deliveries only (a sparse index), not every collected order.
      db.orders.where('delivery.dispatchedAt').above('').filter(isOutForDelivery).toArray(),
      loadRiders(db),
      storeId ? getMeta(db, metaKey.store(storeId)) : undefined,
    ]);
    const ours = (x: { storeId: string }) => !storeId || x.storeId === storeId;
    return {
      orders: here.filter((o) => o.fulfilment === 'scheduled_delivery' && ours(o)),
      out: out.filter(ours),
      riders: riders.filter(ours),
      timeZone: store?.timeZone ?? DEFAULT_STORE_TIME_ZONE,
    };
  }, [db]);
}
