import type { HqTarget, HqTestResult } from '@shared/hq/testConnection';
import type { AppInfo, DrawerResult, PdfJob, PdfResult, PrintJob, PrintResult } from '@shared/ipc/contract';
import { applySettingsPatch, defaultSettings, type Settings } from '@shared/settings';
import type { ReceiptDocument } from '@shared/printing/receiptDocument';
import type { LightsShowCommand } from '@shared/shelf/lights';
import { createPageLights } from './page-services';
import type { Platform } from './types';

/** The part of a platform that keeps settings; each implementation adds its services. */
type StoredCore = Pick<
  Platform,
  'kind' | 'appInfo' | 'getSettings' | 'updateSettings' | 'writeLog' | 'onSettingsChanged'
>;

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
): StoredCore {
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

/** What a host without a cash drawer answers (the browser build; the testing platform by default). */
export const NO_DRAWER: DrawerResult = {
  ok: false,
  reason: 'noDrawer',
  message: 'no cash drawer on this terminal',
};

/** What a host that cannot reach a network receipt printer answers (a browser tab). */
export const NO_NETWORK_PRINTER: PrintResult = {
  ok: false,
  error: '此终端不能直连网络小票打印机 / no network receipt printer from this terminal',
};

/** The testing platform: what a component asked of the host, for assertions. */
export interface TestingPlatform extends Platform {
  readonly printJobs: PrintJob[];
  /** Every drawer kick asked for, with its reason (undefined for a cash tender). */
  readonly drawerOpens: (string | undefined)[];
  /** What `openCashDrawer` answers (default: no drawer). */
  drawerResult: DrawerResult;
  /** Receipts sent as documents (network ESC/POS); answered with `printResult`. */
  readonly receiptDocuments: ReceiptDocument[];
  readonly lightCommands: (LightsShowCommand | 'clear')[];
  /** What `printHtml` answers (default: printed). */
  printResult: PrintResult;
  readonly pdfJobs: PdfJob[];
  /** What `savePdf` answers (default: saved in /exports). */
  pdfResult: PdfResult | null;
  readonly hqTests: HqTarget[];
  /** What `testHqConnection` answers (default: ok). */
  hqTestResult: HqTestResult;
  /** How many times the customer display was opened. */
  customerDisplayOpened: number;
}

/** What only the desktop app has: folders to open, updates. */
export const noDesktopServices: Pick<
  Platform,
  'dataFolders' | 'openFolder' | 'updateStatus' | 'installUpdate' | 'onUpdateChanged'
> = {
  dataFolders: () => Promise.resolve(null),
  openFolder: () => Promise.resolve({ ok: false, error: 'not available here' }),
  updateStatus: () => Promise.resolve({ state: 'off' }),
  installUpdate: () => Promise.resolve({ installing: false, reason: 'notReady' }),
  onUpdateChanged: () => () => undefined,
};

/** In-memory platform for component tests: records print jobs and light commands; lights are simulated. */
export function createTestingPlatform(initial: Partial<Settings> = {}): TestingPlatform {
  let settings = applySettingsPatch(defaultSettings(), initial);
  const core = createStoredPlatform(
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
  const lights = createPageLights(() => settings);
  const platform: TestingPlatform = {
    ...core,
    printJobs: [],
    lightCommands: [],
    printResult: { ok: true, error: null },
    demoHqStatus: () => Promise.resolve({ running: false, url: null, error: null }),
    printHtml: (job) => {
      platform.printJobs.push(job);
      return Promise.resolve(platform.printResult);
    },
    listPrinters: () => Promise.resolve([]),
    pdfJobs: [],
    pdfResult: null,
    savePdf: (job) => {
      platform.pdfJobs.push(job);
      return Promise.resolve(
        platform.pdfResult ?? { ok: true, path: `/exports/${job.name}.pdf`, error: null },
      );
    },
    showLights: (command) => {
      platform.lightCommands.push(command);
      return lights.showLights(command);
    },
    clearLights: () => {
      platform.lightCommands.push('clear');
      return lights.clearLights();
    },
    onLightsChanged: lights.onLightsChanged,
    hqTests: [],
    hqTestResult: { stage: 'ok', status: 200, detail: null },
    testHqConnection: (target) => {
      platform.hqTests.push(target);
      return Promise.resolve(platform.hqTestResult);
    },
    drawerOpens: [],
    drawerResult: NO_DRAWER,
    openCashDrawer: (reason) => {
      platform.drawerOpens.push(reason);
      return Promise.resolve(platform.drawerResult);
    },
    receiptDocuments: [],
    printReceiptDocument: (document) => {
      platform.receiptDocuments.push(document);
      return Promise.resolve(platform.printResult);
    },
    ...noDesktopServices,
    customerDisplayOpened: 0,
    openCustomerDisplay: () => {
      platform.customerDisplayOpened += 1;
      return Promise.resolve({ opened: true, secondMonitor: false, error: null });
    },
  };
  return platform;
}
