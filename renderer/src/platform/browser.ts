import { createStoredPlatform, NO_DRAWER, NO_NETWORK_PRINTER, noDesktopServices } from './memory';
import { createPageLights, pdfInFrame, printInFrame } from './page-services';
import { testHqConnection } from '@shared/hq/testConnection';
import { defaultSettings, settingsSchema, type Settings } from '@shared/settings';
import type { Platform } from './types';
import { openDisplayWindow } from './page-services';

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

/**
 * The browser implementation: settings in localStorage, app info from the
 * build, printing through the print dialog, shelf lights simulated on screen.
 */
export function createBrowserPlatform(storage: Storage = window.localStorage): Platform {
  const core = createStoredPlatform(
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
  return {
    ...core,
    // `npm run web` runs the demo HQ beside the page, not inside it.
    demoHqStatus: () => Promise.resolve({ running: false, url: null, error: null }),
    printHtml: (job) => printInFrame(job),
    savePdf: (job) => pdfInFrame(job),
    // A page cannot list printers; the dialog offers them.
    listPrinters: () => Promise.resolve([]),
    ...createPageLights(() => loadSettings(storage)),
    // The web build's CSP is fixed when `npm run web` starts (LINLI_CONNECT_ORIGINS):
    // an HQ it does not name reads as unreachable here.
    ...noDesktopServices,
    testHqConnection: (target) =>
      testHqConnection(target, (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(5000) })),
    // A page cannot reach the printer's kick connector: the clerk opens the drawer by its key.
    openCashDrawer: () => Promise.resolve(NO_DRAWER),
    printReceiptDocument: () => Promise.resolve(NO_NETWORK_PRINTER),
    openCustomerDisplay: () => Promise.resolve(openDisplayWindow()),
  };
}
