import type { Settings } from '@shared/settings';
import type { LinliDb } from '../database';
import { deleteMeta, getMeta, setMeta } from '../meta';
import type { TerminalIdentity } from '../types';

/** The terminal this database belongs to (written by terminal setup). */
export const getTerminalIdentity = (db: LinliDb): Promise<TerminalIdentity | undefined> =>
  getMeta(db, 'terminal');

export const setTerminalIdentity = (db: LinliDb, identity: TerminalIdentity): Promise<void> =>
  setMeta(db, 'terminal', identity);

/** Tables that hold a copy of one store's HQ data (not this terminal's own work). */
const HQ_TABLES = [
  'orders',
  'products',
  'stock',
  'staff',
  'layout',
  'slots',
  'slotOccupancy',
  'batches',
  'leaders',
  'customerNotes',
  'shadows',
] as const;

/**
 * When the terminal is pointed at another HQ or store, the local copy of the
 * old store's data and its pull cursor are dropped, so the next pull starts
 * the new store's feed from the beginning. The terminal's own unsent work is
 * never touched (the settings screen refuses the move while any is pending).
 */
export async function adoptTerminalIdentity(db: LinliDb, settings: Settings): Promise<void> {
  const next = { hqUrl: settings.hqUrl, storeId: settings.storeId, terminalId: settings.terminalId };
  const previous = await getTerminalIdentity(db);
  const sameFeed = previous && previous.hqUrl === next.hqUrl && previous.storeId === next.storeId;
  if (previous && !sameFeed) {
    await db.transaction('rw', [...HQ_TABLES, 'meta'], async () => {
      await Promise.all(HQ_TABLES.map((name) => db.table(name).clear()));
      await deleteMeta(db, 'pullCursor');
    });
  }
  await setTerminalIdentity(db, next);
}
