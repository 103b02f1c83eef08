import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  BrowserWindowConstructorOptions,
  PrinterInfo as ElectronPrinterInfo,
  PrintToPDFOptions,
  WebContentsPrintOptions,
} from 'electron';
import {
  type PdfJob,
  type PdfResult,
  pdfNameSchema,
  type PrinterInfo,
  type PrintJob,
  type PrintResult,
} from '@shared/ipc/contract';
import { printerFor, type Settings } from '@shared/settings';
import type { AppModule } from './context';
import { dataFolders } from './folders';
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
    printToPDF(options: PrintToPDFOptions): Promise<Buffer>;
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
  /** The export folder (PDFs are saved there, nowhere else). */
  exportsDir?: () => string;
  /** Writes a saved PDF (node:fs in the app; a fake in tests). */
  saveFile?: (file: string, data: Buffer) => Promise<void>;
  /** A job whose printer never answers is abandoned after this (silent jobs; a dialog gets longer). */
  silentTimeoutMs?: number;
  dialogTimeoutMs?: number;
}

export interface Printing {
  printHtml(job: PrintJob): Promise<PrintResult>;
  listPrinters(): Promise<PrinterInfo[]>;
  savePdf(job: PdfJob): Promise<PdfResult>;
}

/** How a report page is laid out as PDF: A4, its own CSS page size when it sets one, backgrounds. */
export const PDF_OPTIONS: PrintToPDFOptions = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  generateDocumentOutline: true,
};

/**
 * Where `<name>.pdf` goes: inside the export folder, or null for a name that
 * would leave it (the IPC schema already refuses those; this is the last word).
 */
export function pdfPath(exportsDir: string, name: string): string | null {
  if (!pdfNameSchema.safeParse(name).success) return null;
  const file = path.resolve(exportsDir, `${name}.pdf`);
  return path.dirname(file) === path.resolve(exportsDir) ? file : null;
}

async function writeInFolder(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}

export function createPrinting({
  createWindow,
  settings,
  logger,
  silentTimeoutMs = 60_000,
  dialogTimeoutMs = 10 * 60_000,
  exportsDir = () => {
    throw new Error('no export folder');
  },
  saveFile = writeInFolder,
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

    async savePdf(job) {
      const url = printDataUrl({ html: job.html, widthMm: null });
      if (url.length > MAX_URL_CHARS) return { ok: false, path: null, error: '内容过大 / report too large' };
      const file = pdfPath(exportsDir(), job.name);
      if (!file) return { ok: false, path: null, error: '文件名无效 / invalid file name' };
      try {
        const data = await withWindow(async (window) => {
          await window.loadURL(url);
          return window.webContents.printToPDF(PDF_OPTIONS);
        });
        await saveFile(file, data);
        logger.info('pdf: saved', { file, bytes: data.length });
        return { ok: true, path: file, error: null };
      } catch (error) {
        logger.error('pdf: failed', { error });
        return { ok: false, path: null, error: error instanceof Error ? error.message : String(error) };
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

/** IPC `print:html`, `print:printers` and `pdf:save`. */
export const printingModule: AppModule = {
  name: 'printing',
  enable(context) {
    const { app, ipcMain, BrowserWindow } = context.electron;
    const printing = createPrinting({
      createWindow: (options) => new BrowserWindow(options),
      settings: context.settings,
      logger: context.logger,
      exportsDir: () => dataFolders(app).exports,
    });
    registerInvokeHandlers(
      ipcMain,
      {
        'print:html': (job) => printing.printHtml(job),
        'print:printers': () => printing.listPrinters(),
        'pdf:save': (job) => printing.savePdf(job),
      },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
