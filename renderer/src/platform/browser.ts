import { defaultSettings, settingsSchema, type Settings } from '@shared/settings';
import { createStoredPlatform } from './memory';
import type { Platform } from './types';

const SETTINGS_KEY = 'linli.settings';

function loadSettings(storage: Storage): Settings {
  const raw = storage.getItem(SETTINGS_KEY);
  if (!raw) return defaultSettings();
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(raw));
    // A damaged entry falls back to defaults rather than stopping the counter.
    return parsed.success ? parsed.data : defaultSettings();
  } catch {
    return defaultSettings();
  }
}

/** The browser implementation: settings in localStorage, app info from the build. */
export function createBrowserPlatform(storage: Storage = window.localStorage): Platform {
  return createStoredPlatform(
    'browser',
    {
      load: () => loadSettings(storage),
      save: (settings) => storage.setItem(SETTINGS_KEY, JSON.stringify(settings)),
    },
    {
      name: 'Linli Counter',
      version: import.meta.env.VITE_APP_VERSION ?? '0.0.0',
      platform: 'browser',
      electron: null,
      chrome: /Chrome\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? null,
      node: null,
    },
  );
}
