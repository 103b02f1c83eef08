/**
 * The history window on the terminal: closed orders (collected, cancelled,
 * returned) last changed more than the store policy's `historyDays` ago are
 * deleted locally once nothing of this terminal still refers to them (no
 * pending mutation, no HQ version waiting as a shadow). HQ keeps them; the
 * counter finds them there when online (see `hqLookup.ts`).
 */
import { DEFAULT_HISTORY_DAYS } from '@shared/contract';
import { CLOSED_STATUSES } from '@shared/orders/state';
import type { LinliDb } from '../db/database';
import { getMetaByPrefix, metaKey } from '../db/meta';
import { entityRef } from '../db/types';

const DAY_MS = 86_400_000;
/** Orders deleted per transaction, so no clerk's write waits long behind one. */
const SLICE = 500;

async function historyDays(db: LinliDb): Promise<number> {
  const [policy] = await getMetaByPrefix(db, metaKey.storePolicy(''));
  return policy?.historyDays ?? DEFAULT_HISTORY_DAYS;
}

/** Deletes closed orders older than the window; resolves with how many went. */
export async function pruneHistory(db: LinliDb, now: Date): Promise<number> {
  const cutoff = now.getTime() - (await historyDays(db)) * DAY_MS;
  const old = await db.orders
    .where('status')
    .anyOf([...CLOSED_STATUSES])
    .filter((o) => Date.parse(o.updatedAt) < cutoff)
    .primaryKeys();
  let pruned = 0;
  for (let i = 0; i < old.length; i += SLICE) {
    const ids = old.slice(i, i + SLICE);
    pruned += await db.transaction('rw', [db.orders, db.outbox, db.shadows, db.slotOccupancy], async () => {
      const refs = ids.map((id) => entityRef('order', id));
      const [pending, shadowed] = await Promise.all([
        db.outbox.where('affects').anyOf(refs).toArray(),
        db.shadows.where('ref').anyOf(refs).primaryKeys(),
      ]);
      const kept = new Set<string>([...pending.flatMap((r) => r.affects as string[]), ...shadowed]);
      const gone = ids.filter((id) => !kept.has(entityRef('order', id)));
      await db.orders.bulkDelete(gone);
      await db.slotOccupancy.where('orderId').anyOf(gone).delete();
      return gone.length;
    });
  }
  return pruned;
}
