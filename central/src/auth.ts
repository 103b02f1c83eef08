import type { Queryable } from './db';
import { sha256Hex } from './keys';

/** The terminal a request's key belongs to. */
export interface Terminal {
  id: string;
  storeId: string;
}

/** How long a key lookup is trusted: a revoked key stops working within this. */
export const TERMINAL_CACHE_MS = 1000;
/** Lookups kept at once (the oldest goes first): guessing keys cannot grow memory. */
export const TERMINAL_CACHE_ENTRIES = 1024;

/**
 * Terminal keys → terminals, cached briefly and boundedly. Keys are random
 * 256-bit strings, so a fast hash (SHA-256) is enough to store them.
 */
export function createTerminalKeys(db: Queryable, clock: () => number = Date.now) {
  const cache = new Map<string, { at: number; terminal: Terminal | null }>();
  return {
    async lookup(key: string): Promise<Terminal | null> {
      const keyHash = sha256Hex(key);
      const hit = cache.get(keyHash);
      if (hit && hit.at > clock() - TERMINAL_CACHE_MS) return hit.terminal;
      const { rows } = await db.query<{ id: string; store_id: string }>(
        'SELECT id, store_id FROM terminals WHERE key_hash = $1 AND revoked_at IS NULL',
        [keyHash],
      );
      const row = rows[0];
      const terminal = row ? { id: row.id, storeId: row.store_id } : null;
      cache.delete(keyHash);
      cache.set(keyHash, { at: clock(), terminal });
      while (cache.size > TERMINAL_CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      return terminal;
    },
    get size() {
      return cache.size;
    },
  };
}
