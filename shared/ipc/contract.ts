import { z } from 'zod';
import { receiptDocumentSchema, type ReceiptDocument } from '../printing/receiptDocument';
import { hqTargetSchema, type HqTarget, type HqTestResult } from '../hq/testConnection';
import { settingsPatchSchema, type Settings, type SettingsPatch } from '../settings';
import {
  updateSafetySchema,
  type InstallAnswer,
  type UpdateSafety,
  type UpdateState,
} from '../updates/safeMoment';
import {
  lightsShowCommandSchema,
  type LightsResult,
  type LightsShowCommand,
  type LightsState,
} from '../shelf/lights';

/**
 * The one IPC contract between Electron's main process, the preload and the
 * renderer. Channel names are `domain:action`.
 *
 * Adding a channel:
 * 1. add it to `InvokeContract` (or `EventContract`) with its argument and result types;
 * 2. add its argument schema to `invokeArgs` (main validates every call with it);
 * 3. add a named function to `LinliApi` and map it in `apiChannels`;
 * 4. implement the handler in `electron/main/` and the function in the preload —
 *    the preload object `satisfies LinliApi`, so the compiler points at what is missing;
 * 5. the renderer's `Platform` is `LinliApi & { kind }`: the electron platform passes
 *    it through as it is, and the compiler asks the browser and testing platforms for it.
 */

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  electron: z.string().nullable(),
  chrome: z.string().nullable(),
  node: z.string().nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * A line for the rotating log in userData/logs, from the renderer (failed syncs,
 * rejected HQ responses, crashes caught by error boundaries). Bounded in size:
 * the renderer must not be able to fill the disk or forge multi-line entries.
 */
export const rendererLogEntrySchema = z
  .object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().min(1).max(2000),
    context: z
      .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
      .refine((context) => Object.keys(context).length <= 20, 'at most 20 context fields')
      .optional(),
  })
  .strict();
export type RendererLogEntry = z.infer<typeof rendererLogEntrySchema>;

/** The reference central run inside the app (Settings → Use demo HQ). */
export interface DemoHqStatus {
  running: boolean;
  /** Where it listens (127.0.0.1), null when it is not running. */
  url: string | null;
  /** Why it is not running when it should be; null otherwise. */
  error: string | null;
}

/**
 * The most HTML a print job may carry. It travels as a base64 `data:` URL,
 * which Chromium caps at 2 MiB: 400,000 characters of CJK text (3 UTF-8 bytes
 * each) stay below that. Receipts and a shelf unit's labels are far smaller.
 */
export const MAX_PRINT_HTML_CHARS = 400_000;

export const printJobSchema = z
  .object({
    html: z.string().min(1).max(MAX_PRINT_HTML_CHARS),
    /** Receipt paper width; null for the printer's page (A4 labels sheet). */
    widthMm: z.union([z.literal(58), z.literal(80), z.null()]),
    /** Straight to the chosen printer (Settings → printer) without a dialog. */
    silent: z.boolean(),
    copies: z.number().int().min(1).max(20).optional(),
    /** Which printer (Settings → printers); receipt paper by default, labels when `widthMm` is null. */
    purpose: z.enum(['receipt', 'label']).optional(),
  })
  .strict();
export type PrintJob = z.infer<typeof printJobSchema>;

export interface PrintResult {
  ok: boolean;
  /** Chromium's failure reason ('cancelled', 'Invalid deviceName provided', …); null when printed. */
  error: string | null;
}

/** A PDF's file name (no extension): letters (Chinese too), digits, `-`, `_`, `.`; never a path. */
export const pdfNameSchema = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,99}$/u)
  .refine((name) => !name.includes('..'), 'no parent segments');

/**
 * A report saved as PDF (the Z report): Electron renders the HTML in the same
 * script-less window as printing and saves `printToPDF`'s output as
 * `<name>.pdf` in the export folder — the page names the file, never the folder.
 */
export const pdfJobSchema = z
  .object({
    html: z.string().min(1).max(MAX_PRINT_HTML_CHARS),
    name: pdfNameSchema,
  })
  .strict();
export type PdfJob = z.infer<typeof pdfJobSchema>;

export type PdfResult =
  /** Saved: where (Electron); a browser's print dialog saves where the person chooses (`path` null). */
  { ok: true; path: string | null; error: null } | { ok: false; path: null; error: string };

export interface PrinterInfo {
  name: string;
  displayName: string;
  description: string;
}

/** Why the cash drawer is opened without a sale (audited by the renderer); absent for a cash tender. */
export const drawerOpenRequestSchema = z
  .object({
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type DrawerOpenRequest = z.infer<typeof drawerOpenRequestSchema>;

/** The cash drawer's answer: never a rejection for a printer that is off. */
export type DrawerResult =
  | { ok: true; method: 'driver' | 'pulse' }
  | {
      ok: false;
      /** `noDrawer`: none configured (or a browser); `unreachable`: the printer did not take the kick. */
      reason: 'noDrawer' | 'unreachable';
      message: string;
    };
/** Where the customer display (顾客屏) opened: on a second monitor, or in a window on this one. */
export interface CustomerDisplayOpenResult {
  opened: boolean;
  secondMonitor: boolean;
  error: string | null;
}

/** Where this terminal keeps things (Settings → data folders). */
export const FOLDERS = ['data', 'logs', 'exports'] as const;
export type Folder = (typeof FOLDERS)[number];
export type DataFolders = Record<Folder, string>;

export interface InvokeContract {
  'app:info': { args: []; result: AppInfo };
  'settings:get': { args: []; result: Settings };
  'settings:update': { args: [patch: SettingsPatch]; result: Settings };
  'log:write': { args: [entry: RendererLogEntry]; result: void };
  'demoHq:status': { args: []; result: DemoHqStatus };
  'print:html': { args: [job: PrintJob]; result: PrintResult };
  'print:printers': { args: []; result: PrinterInfo[] };
  'pdf:save': { args: [job: PdfJob]; result: PdfResult };
  'lights:show': { args: [command: LightsShowCommand]; result: LightsResult };
  'lights:clear': { args: []; result: LightsResult };
  'hq:test': { args: [target: HqTarget]; result: HqTestResult };
  'drawer:open': { args: [request: DrawerOpenRequest]; result: DrawerResult };
  'print:receipt': { args: [document: ReceiptDocument]; result: PrintResult };
  'app:folders': { args: []; result: DataFolders };
  'app:openFolder': { args: [folder: Folder]; result: { ok: boolean; error: string | null } };
  'update:status': { args: []; result: UpdateState };
  'update:install': { args: [safety: UpdateSafety]; result: InstallAnswer };
  'customerDisplay:open': { args: []; result: CustomerDisplayOpenResult };
}
export type InvokeChannel = keyof InvokeContract;

export interface EventContract {
  'settings:changed': Settings;
  /** The simulated shelf lights changed (driver `simulated`): the page shows them. */
  'lights:changed': LightsState;
  /** The update's progress (checking, downloading, ready to install). */
  'update:changed': UpdateState;
}
export type EventChannel = keyof EventContract;

/** A settings patch as it crosses IPC: only the keys sent, each validated, nothing else. */
export const settingsPatchArg = settingsPatchSchema;

/** Runtime argument schemas: every handler parses its `unknown` arguments with these. */
export const invokeArgs = {
  'app:info': z.tuple([]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([settingsPatchArg]),
  'log:write': z.tuple([rendererLogEntrySchema]),
  'demoHq:status': z.tuple([]),
  'print:html': z.tuple([printJobSchema]),
  'print:printers': z.tuple([]),
  'pdf:save': z.tuple([pdfJobSchema]),
  'lights:show': z.tuple([lightsShowCommandSchema]),
  'lights:clear': z.tuple([]),
  'hq:test': z.tuple([hqTargetSchema]),
  'drawer:open': z.tuple([drawerOpenRequestSchema]),
  'print:receipt': z.tuple([receiptDocumentSchema]),
  'app:folders': z.tuple([]),
  'app:openFolder': z.tuple([z.enum(FOLDERS)]),
  'update:status': z.tuple([]),
  'update:install': z.tuple([updateSafetySchema]),
  'customerDisplay:open': z.tuple([]),
} as const satisfies { [C in InvokeChannel]: z.ZodType<InvokeContract[C]['args']> };

/** What the preload exposes as `window.linli`: one named function per action. */
/**
 * The named functions of the bridge. The preload object `satisfies` it, and
 * the renderer's `Platform` is this plus `kind` (electron, browser, testing):
 * a channel is declared here once and every implementation must provide it.
 */
export interface LinliApi {
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Appends a line to the app's rotating log (rate-limited by the main process); the console in a browser. */
  writeLog(entry: RendererLogEntry): Promise<void>;
  /** Returns an unsubscribe function; the listener never sees the IPC event. */
  onSettingsChanged(listener: (settings: Settings) => void): () => void;
  /** Whether the in-app demo HQ runs, and where (a browser tab reaches the one `npm run web` starts). */
  demoHqStatus(): Promise<DemoHqStatus>;
  /**
   * Prints HTML (receipts, slot labels) in a hidden, script-less window; silent
   * jobs go to Settings → printer (a browser: the print dialog). Inline images
   * only (data: URLs): the printed page loads nothing.
   */
  printHtml(job: PrintJob): Promise<PrintResult>;
  listPrinters(): Promise<PrinterInfo[]>;
  /**
   * Saves a report as PDF: Electron's printToPDF into the export folder as
   * `<name>.pdf` (the answer says where); a browser opens its print dialog,
   * where "Save as PDF" is one of the printers.
   */
  savePdf(job: PdfJob): Promise<PdfResult>;
  /** Lights shelf slots through the configured driver; never rejects for a broken or slow controller. */
  showLights(command: LightsShowCommand): Promise<LightsResult>;
  clearLights(): Promise<LightsResult>;
  /** Lights to show on screen (the `simulated` driver); `<SimulatedLights>` listens. */
  onLightsChanged(listener: (state: LightsState) => void): () => void;
  /**
   * Tests an HQ from the main process: the page's CSP names only the HQ it was
   * loaded with, so a new HQ is reachable from the page only after Save reloads it.
   */
  testHqConnection(target: HqTarget): Promise<HqTestResult>;
  /**
   * Kicks the cash drawer through the receipt printer (driver option or ESC/POS
   * pulse). Resolves, never rejects, when there is no drawer or the printer is
   * off; a browser has no drawer.
   */
  openCashDrawer(reason?: string): Promise<DrawerResult>;
  /**
   * Prints a receipt as raw ESC/POS on the network receipt printer (Electron,
   * when Settings → receipt printer is `network`); elsewhere answers not printed.
   */
  printReceiptDocument(document: ReceiptDocument): Promise<PrintResult>;
  /** The data, log and export folders' paths; null where the host has none to show (a browser tab). */
  dataFolders(): Promise<DataFolders | null>;
  /** Opens one of those folders in the system's file manager. */
  openFolder(folder: Folder): Promise<{ ok: boolean; error: string | null }>;
  /** Updates exist only in the desktop app: `{ state: 'off' }` elsewhere. */
  updateStatus(): Promise<UpdateState>;
  /** Installs a downloaded update (restarts the app) only if the page reports a safe moment. */
  installUpdate(safety: UpdateSafety): Promise<InstallAnswer>;
  onUpdateChanged(listener: (state: UpdateState) => void): () => void;
  /**
   * Opens (or brings back) the customer display (顾客屏): on the second monitor when
   * there is one; a browser opens a second window at `#/customer-display`.
   */
  openCustomerDisplay(): Promise<CustomerDisplayOpenResult>;
}

export const apiChannels = {
  appInfo: 'app:info',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  writeLog: 'log:write',
  onSettingsChanged: 'settings:changed',
  demoHqStatus: 'demoHq:status',
  printHtml: 'print:html',
  listPrinters: 'print:printers',
  savePdf: 'pdf:save',
  showLights: 'lights:show',
  clearLights: 'lights:clear',
  onLightsChanged: 'lights:changed',
  testHqConnection: 'hq:test',
  openCashDrawer: 'drawer:open',
  printReceiptDocument: 'print:receipt',
  dataFolders: 'app:folders',
  openFolder: 'app:openFolder',
  updateStatus: 'update:status',
  installUpdate: 'update:install',
  onUpdateChanged: 'update:changed',
  openCustomerDisplay: 'customerDisplay:open',
} as const satisfies Record<keyof LinliApi, InvokeChannel | EventChannel>;
