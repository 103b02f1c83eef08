import { createContext, useContext } from 'react';
import type { Settings } from '@shared/settings';
import type { LinliDb } from '../db/database';
import { getTerminalIdentity, setTerminalIdentity } from '../db/repositories/terminal';
import { createPullWorkerRunner, createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../sync';
import type { Platform } from '../platform/types';

/**
 * The app's long-lived services: the local database and the sync engine for
 * the terminal the settings name. The engine is rebuilt when the HQ URL,
 * store, terminal or key change (terminal setup, re-authorisation).
 */
export interface Services {
  db: LinliDb;
  sync: SyncController;
}

export interface SyncController {
  current(): SyncEngine | null;
  /** Stops the running engine and starts one for these settings. */
  restart(settings: Settings): Promise<void>;
  subscribe(listener: () => void): () => void;
  stop(): Promise<void>;
}

const hqKey = (s: Settings) => JSON.stringify([s.hqUrl, s.storeId, s.terminalId, s.apiKey]);

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
      await db.meta.delete('pullCursor');
    });
  }
  await setTerminalIdentity(db, next);
}

export function createSyncController(
  db: LinliDb,
  extra: Partial<Omit<SyncEngineOptions, 'db' | 'hqUrl' | 'storeId' | 'terminalId' | 'apiKey'>> = {},
): SyncController {
  let engine: SyncEngine | null = null;
  let key: string | null = null;
  const listeners = new Set<() => void>();
  return {
    current: () => engine,
    async restart(settings) {
      if (engine && key === hqKey(settings)) return;
      await engine?.stop();
      await adoptTerminalIdentity(db, settings);
      engine = createSyncEngine({
        db,
        hqUrl: settings.hqUrl,
        storeId: settings.storeId,
        terminalId: settings.terminalId,
        apiKey: settings.apiKey,
        ...extra,
      });
      key = hqKey(settings);
      engine.start();
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      await engine?.stop();
      engine = null;
      key = null;
    },
  };
}

/** Opens the database, starts sync for the configured terminal and follows settings changes. */
export async function startServices(platform: Platform, db: LinliDb, settings: Settings): Promise<Services> {
  await db.open();
  // The pull (the heaviest sync work: a first pull writes every order and product) runs in a worker.
  const sync = createSyncController(
    db,
    typeof Worker === 'undefined' ? {} : { pullRunner: createPullWorkerRunner({ dbName: db.name }) },
  );
  await sync.restart(settings);
  platform.onSettingsChanged((next) => void sync.restart(next));
  return { db, sync };
}

export const ServicesContext = createContext<Services | null>(null);

/** Null where the shell runs without services (component tests of the shell). */
export function useServices(): Services | null {
  return useContext(ServicesContext);
}
