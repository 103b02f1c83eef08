import { registerHoldBeforeReload, registerOpenSale } from '../../app/holdBeforeReload';
import type { LinliDb } from '../../db/database';
import { holdCart } from '../../db/repositories/sales';
import { useSessionStore } from '../../session/sessionStore';
import { cartOf, useCartStore } from './cartStore';

let tillDb: LinliDb | null = null;
let registered = false;

/**
 * Called when the till opens. From then on — on any screen, since the basket
 * outlives the till's screen — a reload for a new HQ (Settings → Save) parks a
 * basket in progress as a held sale (挂单) first, and an update waits while
 * one is open.
 */
export function keepBasketAcrossReload(db: LinliDb): void {
  tillDb = db;
  if (registered) return;
  registered = true;
  registerOpenSale(() => useCartStore.getState().lines.length > 0);
  registerHoldBeforeReload(async () => {
    const store = useCartStore.getState();
    if (!tillDb || store.lines.length === 0) return;
    await holdCart(tillDb, cartOf(store), { staffId: useSessionStore.getState().member?.id ?? 'unknown' });
    store.clear();
  });
}
