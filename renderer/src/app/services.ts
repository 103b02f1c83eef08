import { createContext, useContext } from 'react';
import type { Settings } from '@shared/settings';
import type { LinliDb } from '../db/database';
import { adoptTerminalIdentity } from '../db/repositories/terminal';
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
  // The pull (the heaviest sync work: a first pull writes every order and product) runs in a
  // worker, started now so that it loads while this thread opens the database.
  const pullRunner = typeof Worker === 'undefined' ? null : createPullWorkerRunner({ dbName: db.name });
  pullRunner?.warm();
  await db.open();
  const sync = createSyncController(db, pullRunner ? { pullRunner } : {});
  await sync.restart(settings);
  platform.onSettingsChanged((next) => void sync.restart(next));
  return { db, sync };
}

export const ServicesContext = createContext<Services | null>(null);

/** Null where the shell runs without services (component tests of the shell). */
export function useServices(): Services | null {
  return useContext(ServicesContext);
}
