import type {
  AppInfo,
  DataFolders,
  Folder,
  CustomerDisplayOpenResult,
  DemoHqStatus,
  DrawerResult,
  PrinterInfo,
  PrintJob,
  PrintResult,
  RendererLogEntry,
} from '@shared/ipc/contract';
import type { HqTarget, HqTestResult } from '@shared/hq/testConnection';
import type { ReceiptDocument } from '@shared/printing/receiptDocument';
import type { InstallAnswer, UpdateSafety, UpdateState } from '@shared/updates/safeMoment';
import type { Settings, SettingsPatch } from '@shared/settings';
import type { LightsResult, LightsShowCommand, LightsState } from '@shared/shelf/lights';

/**
 * Platform services the UI needs from its host. Three implementations:
 * `electron` (over the preload's `window.linli`), `browser` (a plain Chromium
 * tab: how the app runs in development and end-to-end tests) and `testing`
 * (in-memory, for component tests).
 */
export interface Platform {
  readonly kind: 'electron' | 'browser' | 'testing';
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** A line in the host's log: Electron's rotating log file; the console in a browser. */
  writeLog(entry: RendererLogEntry): Promise<void>;
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
  /** The in-app demo HQ (Electron only; a browser tab reaches the one `npm run web` starts). */
  demoHqStatus(): Promise<DemoHqStatus>;
  /**
   * Prints HTML (receipts, slot labels). Electron: a hidden script-less window,
   * silent jobs straight to Settings → printer. Browser: the print dialog.
   * Inline images only (data: URLs): the printed page loads nothing.
   */
  printHtml(job: PrintJob): Promise<PrintResult>;
  listPrinters(): Promise<PrinterInfo[]>;
  /**
   * Lights shelf slots (pick-to-light). Resolves with a result even when the
   * controller is down or slow — callers need not wait on it or catch.
   */
  showLights(command: LightsShowCommand): Promise<LightsResult>;
  clearLights(): Promise<LightsResult>;
  /** Lights to show on screen (the `simulated` driver); `<SimulatedLights>` listens. */
  onLightsChanged(listener: (state: LightsState) => void): () => void;
  /**
   * Settings → HQ connection → Test. Electron runs it in the main process (the
   * page's CSP names only the HQ it loaded with); the web build from the page.
   */
  testHqConnection(target: HqTarget): Promise<HqTestResult>;
  /**
   * Kicks the cash drawer through the receipt printer (Electron: the driver's
   * option or the ESC/POS pulse, per Settings). Resolves, never rejects, when
   * there is no drawer or the printer is off; a browser has no drawer.
   */
  openCashDrawer(reason?: string): Promise<DrawerResult>;
  /**
   * Prints a receipt as ESC/POS on a network receipt printer (Electron, when
   * Settings → receipt printer is `network`); elsewhere answers not printed.
   */
  printReceiptDocument(document: ReceiptDocument): Promise<PrintResult>;
  /** Data, log and export folders; null where the host has none to show (a browser tab). */
  dataFolders(): Promise<DataFolders | null>;
  openFolder(folder: Folder): Promise<{ ok: boolean; error: string | null }>;
  /** Updates exist only in the desktop app: `{ state: 'off' }` elsewhere. */
  updateStatus(): Promise<UpdateState>;
  installUpdate(safety: UpdateSafety): Promise<InstallAnswer>;
  onUpdateChanged(listener: (state: UpdateState) => void): () => void;
  /**
   * Opens the customer display (顾客屏). Electron: a window on the second monitor
   * when there is one. Browser: a second window at `#/customer-display`.
   */
  openCustomerDisplay(): Promise<CustomerDisplayOpenResult>;
}
