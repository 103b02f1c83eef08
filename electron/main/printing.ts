import type {
  BrowserWindowConstructorOptions,
  PrinterInfo as ElectronPrinterInfo,
  WebContentsPrintOptions,
} from 'electron';
import type { PrinterInfo, PrintJob, PrintResult } from '@shared/ipc/contract';
import { printerFor, type Settings } from '@shared/settings';
import type { AppModule } from './context';
import { registerInvokeHandlers } from './ipc';
import type { Logger } from './logger';

/** The part of a BrowserWindow printing uses (a fake in tests). */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  destroy(): void;
  isDestroyed(): boolean;
  readonly webContents: {
    print(
      options: WebContentsPrintOptions,
      callback: (success: boolean, failureReason: string) => void,
    ): void;
    getPrintersAsync(): Promise<ElectronPrinterInfo[]>;
  };
}
export type PrintWindowFactory = (options: BrowserWindowConstructorOptions) => PrintWindow;

/**
 * What printed HTML may do: nothing but show itself. No scripts (also disabled
 * in the window), no network (a receipt must not fetch a tracking pixel), images
 * and fonts only inline as data: URLs (barcodes, QR codes).
 */
export const PRINT_CSP = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";

/** A hidden, sandboxed window without preload, scripts or a persistent session. */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 800,
    height: 1000,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
      webviewTag: false,
      devTools: false,
      spellcheck: false,
      // In-memory session: the printed page sees none of the app's storage.
      partition: 'linli-print',
    },
  };
}

/** The page printed: the job's HTML behind a strict CSP, sized for receipt paper. */
export function printDocument({ html, widthMm }: Pick<PrintJob, 'html' | 'widthMm'>): string {
  const paper =
    widthMm === null
      ? ''
      : `@page { margin: 0 } html, body { margin: 0; padding: 0 } body { width: ${widthMm}mm }`;
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">` +
    `<style>${paper}</style></head><body>${html}</body></html>`
  );
}

/** Chromium refuses URLs over 2 MiB. */
const MAX_URL_CHARS = 2 * 1024 * 1024;

export function printDataUrl(job: Pick<PrintJob, 'html' | 'widthMm'>): string {
  return 'data:text/html;charset=utf-8;base64,' + Buffer.from(printDocument(job), 'utf8').toString('base64');
}

export interface PrintingOptions {
  createWindow: PrintWindowFactory;
  settings: { get(): Settings };
  logger: Logger;
  /** A job whose printer never answers is abandoned after this (silent jobs; a dialog gets longer). */
  silentTimeoutMs?: number;
  dialogTimeoutMs?: number;
}

export interface Printing {
  printHtml(job: PrintJob): Promise<PrintResult>;
  listPrinters(): Promise<PrinterInfo[]>;
}

export function createPrinting({
  createWindow,
  settings,
  logger,
  silentTimeoutMs = 60_000,
  dialogTimeoutMs = 10 * 60_000,
}: PrintingOptions): Printing {
  const withWindow = async <T>(use: (window: PrintWindow) => Promise<T>): Promise<T> => {
    const window = createWindow(printWindowOptions());
    try {
      return await use(window);
    } finally {
      if (!window.isDestroyed()) window.destroy();
    }
  };

  return {
    async printHtml(job) {
      const url = printDataUrl(job);
      if (url.length > MAX_URL_CHARS) {
        logger.warn('print: job too large', { chars: job.html.length });
        return { ok: false, error: '打印内容过大 / print job too large' };
      }
      const printerName = printerFor(
        settings.get(),
        job.purpose ?? (job.widthMm === null ? 'label' : 'receipt'),
      );
      const options: WebContentsPrintOptions = {
        silent: job.silent,
        printBackground: true,
        copies: job.copies ?? 1,
        ...(printerName ? { deviceName: printerName } : {}),
        ...(job.widthMm === null ? {} : { margins: { marginType: 'none' as const } }),
      };
      try {
        return await withWindow(async (window) => {
          await window.loadURL(url);
          const result = await new Promise<PrintResult>((resolve) => {
            const timeoutMs = job.silent ? silentTimeoutMs : dialogTimeoutMs;
            const timer = setTimeout(
              () => resolve({ ok: false, error: `打印机无响应 / printer did not answer in ${timeoutMs} ms` }),
              timeoutMs,
            );
            window.webContents.print(options, (success, failureReason) => {
              clearTimeout(timer);
              resolve(success ? { ok: true, error: null } : { ok: false, error: failureReason || 'failed' });
            });
          });
          if (result.ok) logger.info('print: printed', { silent: job.silent, widthMm: job.widthMm });
          else logger.warn('print: not printed', { error: result.error, printer: printerName });
          return result;
        });
      } catch (error) {
        logger.error('print: failed', { error });
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },

    listPrinters: () =>
      withWindow(async (window) =>
        (await window.webContents.getPrintersAsync()).map(({ name, displayName, description }) => ({
          name,
          displayName: displayName || name,
          description: description ?? '',
        })),
      ),
  };
}

/** IPC `print:html` and `print:printers`. */
export const printingModule: AppModule = {
  name: 'printing',
  enable(context) {
    const { ipcMain, BrowserWindow } = context.electron;
    const printing = createPrinting({
      createWindow: (options) => new BrowserWindow(options),
      settings: context.settings,
      logger: context.logger,
    });
    registerInvokeHandlers(
      ipcMain,
      {
        'print:html': (job) => printing.printHtml(job),
        'print:printers': () => printing.listPrinters(),
      },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
