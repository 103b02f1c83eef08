import type { AppInfo } from '@shared/ipc/contract';
import { applySettingsPatch, defaultSettings, type Settings } from '@shared/settings';
import type { Platform } from './types';

interface SettingsStore {
  load(): Settings;
  save(settings: Settings): void;
}

/**
 * Shared core of the browser and testing platforms: settings kept in a store,
 * change listeners notified after every update.
 */
export function createStoredPlatform(
  kind: 'browser' | 'testing',
  store: SettingsStore,
  info: AppInfo,
): Platform {
  const listeners = new Set<(settings: Settings) => void>();
  return {
    kind,
    appInfo: () => Promise.resolve(info),
    getSettings: () => Promise.resolve(store.load()),
    updateSettings: async (patch) => {
      const next = applySettingsPatch(store.load(), patch);
      store.save(next);
      for (const listener of listeners) listener(next);
      return next;
    },
    writeLog: (entry) => {
      // Tests stay quiet; a browser tab has only the console.
      if (kind === 'browser' && entry.level === 'error') console.error(entry.message, entry.context ?? '');
      if (kind === 'browser' && entry.level === 'warn') console.warn(entry.message, entry.context ?? '');
      return Promise.resolve();
    },
    onSettingsChanged: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** In-memory platform for component tests. */
export function createTestingPlatform(initial: Partial<Settings> = {}): Platform {
  let settings = applySettingsPatch(defaultSettings(), initial);
  return createStoredPlatform(
    'testing',
    { load: () => settings, save: (next) => (settings = next) },
    {
      name: 'Linli Counter',
      version: '0.0.0-test',
      platform: 'test',
      electron: null,
      chrome: null,
      node: null,
    },
  );
}
