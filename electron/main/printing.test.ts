import type { BrowserWindowConstructorOptions, PrintToPDFOptions, WebContentsPrintOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { applySettingsPatch, defaultSettings } from '@shared/settings';
import { createPrinting, pdfPath, printDataUrl, PRINT_CSP, type PrintWindow } from './printing';
import { createMemoryLogger } from './test-support';

type PrintAnswer = { success: boolean; reason: string } | 'never';
type PdfAnswer = Buffer | Error;

/** A hidden window that records what it was asked to load and print. */
class FakePrintWindow implements PrintWindow {
  loaded: string | null = null;
  destroyed = false;
  printed: WebContentsPrintOptions[] = [];
  pdfs: PrintToPDFOptions[] = [];
  constructor(
    readonly options: BrowserWindowConstructorOptions,
    answer: PrintAnswer,
    loadError: Error | null,
    pdf: PdfAnswer = Buffer.from('%PDF-1.7 fake'),
  ) {
    this.loadURL = (url) => {
      this.loaded = url;
      return loadError ? Promise.reject(loadError) : Promise.resolve();
    };
    this.webContents = {
      print: (options, callback) => {
        this.printed.push(options);
        if (answer !== 'never') setTimeout(() => callback(answer.success, answer.reason), 1);
      },
      getPrintersAsync: () =>
        Promise.resolve([
          { name: 'XP-58', displayName: 'XPrinter 58', description: 'thermal', options: {} },
          { name: 'HP_LaserJet', displayName: '', description: '', options: {} },
        ]),
      printToPDF: (options) => {
        this.pdfs.push(options);
        return pdf instanceof Error ? Promise.reject(pdf) : Promise.resolve(pdf);
      },
    };
  }
  loadURL: PrintWindow['loadURL'];
  readonly webContents: PrintWindow['webContents'];
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setup({
  printerName = '',
  labelPrinterName = '',
  answer = { success: true, reason: '' } as PrintAnswer,
  loadError = null as Error | null,
  silentTimeoutMs = 60_000,
  pdf = Buffer.from('%PDF-1.7 fake') as PdfAnswer,
  saveError = null as Error | null,
} = {}) {
  const windows: FakePrintWindow[] = [];
  const saved = new Map<string, Buffer>();
  const logger = createMemoryLogger();
  const settings = applySettingsPatch(defaultSettings(), { printerName, labelPrinterName });
  const printing = createPrinting({
    createWindow: (options) => {
      const window = new FakePrintWindow(options, answer, loadError, pdf);
      windows.push(window);
      return window;
    },
    settings: { get: () => settings },
    logger,
    silentTimeoutMs,
    exportsDir: () => '/home/store/下载',
    saveFile: (file, data) => {
      if (saveError) return Promise.reject(saveError);
      saved.set(file, data);
      return Promise.resolve();
    },
  });
  return { printing, windows, logger, saved };
}

function decodedPage(url: string | null): string {
  const prefix = 'data:text/html;charset=utf-8;base64,';
  expect(url?.startsWith(prefix)).toBe(true);
  return Buffer.from((url ?? '').slice(prefix.length), 'base64').toString('utf8');
}

describe('print:html', () => {
  it('sends receipts and labels to the printer chosen for each purpose', async () => {
    const { printing, windows } = setup({ printerName: 'XP-80 收银', labelPrinterName: 'Zebra 标签' });
    await printing.printHtml({ html: '<p>小票</p>', widthMm: 80, silent: true });
    await printing.printHtml({ html: '<p>货位标签</p>', widthMm: null, silent: true });
    await printing.printHtml({ html: '<p>标签纸</p>', widthMm: 58, silent: true, purpose: 'label' });
    expect(windows.map((w) => w.printed[0]?.deviceName)).toEqual(['XP-80 收银', 'Zebra 标签', 'Zebra 标签']);
    // No printer chosen for a purpose: the system default (no deviceName).
    const plain = setup();
    await plain.printing.printHtml({ html: '<p>小票</p>', widthMm: 58, silent: true });
    expect(plain.windows[0]?.printed[0]).not.toHaveProperty('deviceName');
  });

  it('prints silently to the printer chosen in the settings, in a hidden script-less window, then closes it', async () => {
    const { printing, windows } = setup({ printerName: 'XP-58' });
    const result = await printing.printHtml({
      html: '<h1>取货单 LL202611240123</h1>',
      widthMm: 58,
      silent: true,
      copies: 2,
    });
    expect(result).toEqual({ ok: true, error: null });
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    expect(window?.options.webPreferences?.preload).toBeUndefined();
    expect(window?.printed).toEqual([
      expect.objectContaining({
        silent: true,
        deviceName: 'XP-58',
        copies: 2,
        margins: { marginType: 'none' },
      }),
    ]);
    const page = decodedPage(window?.loaded ?? null);
    expect(page).toContain('<h1>取货单 LL202611240123</h1>');
    expect(page).toContain('width: 58mm');
    expect(page).toContain(`content="${PRINT_CSP}"`);
    expect(window?.destroyed).toBe(true);
  });

  it('without a chosen printer, uses the system default (no deviceName); a page job keeps the printer’s margins', async () => {
    const { printing, windows } = setup();
    await printing.printHtml({ html: '<p>labels</p>', widthMm: null, silent: false });
    const options = windows[0]?.printed[0];
    expect(options).toMatchObject({ silent: false, copies: 1 });
    expect(options).not.toHaveProperty('deviceName');
    expect(options).not.toHaveProperty('margins');
    expect(decodedPage(windows[0]?.loaded ?? null)).not.toContain('mm }');
  });

  it('reports a failed or cancelled job as a result and still closes the window', async () => {
    const { printing, windows, logger } = setup({ answer: { success: false, reason: 'cancelled' } });
    await expect(printing.printHtml({ html: 'x', widthMm: 80, silent: false })).resolves.toEqual({
      ok: false,
      error: 'cancelled',
    });
    expect(windows[0]?.destroyed).toBe(true);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'print: not printed' }),
    );
  });

  it('gives up on a printer that never answers a silent job', async () => {
    const { printing, windows } = setup({ answer: 'never', silentTimeoutMs: 50 });
    const result = await printing.printHtml({ html: 'x', widthMm: 58, silent: true });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/did not answer/);
    expect(windows[0]?.destroyed).toBe(true);
  });

  it('a page that fails to load is a failed result, window closed', async () => {
    const { printing, windows } = setup({ loadError: new Error('ERR_INVALID_URL') });
    await expect(printing.printHtml({ html: 'x', widthMm: 58, silent: true })).resolves.toEqual({
      ok: false,
      error: 'ERR_INVALID_URL',
    });
    expect(windows[0]?.destroyed).toBe(true);
  });

  it('refuses a job whose data: URL would pass Chromium’s 2 MiB limit, without opening a window', async () => {
    const { printing, windows } = setup();
    // The IPC schema already stops this at 400k characters; the printer checks again for direct callers.
    const huge = '字'.repeat(600_000);
    expect(printDataUrl({ html: huge, widthMm: null }).length).toBeGreaterThan(2 * 1024 * 1024);
    const result = await printing.printHtml({ html: huge, widthMm: null, silent: true });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/too large/) });
    expect(windows).toHaveLength(0);
  });

  it('the largest job the contract allows fits in a data: URL', () => {
    expect(printDataUrl({ html: '字'.repeat(400_000), widthMm: 80 }).length).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('print:printers', () => {
  it('lists the printers (display name falling back to the OS name) and closes its window', async () => {
    const { printing, windows } = setup();
    await expect(printing.listPrinters()).resolves.toEqual([
      { name: 'XP-58', displayName: 'XPrinter 58', description: 'thermal' },
      { name: 'HP_LaserJet', displayName: 'HP_LaserJet', description: '' },
    ]);
    expect(windows[0]?.destroyed).toBe(true);
  });
});

describe('pdf:save', () => {
  it('renders the report in the hidden script-less window, printToPDF A4, saves <name>.pdf in the export folder', async () => {
    const { printing, windows, saved } = setup();
    const result = await printing.savePdf({ html: '<h1>日结报表</h1>', name: '日结-S001-T1-2026-11-30' });
    expect(result).toEqual({ ok: true, path: '/home/store/下载/日结-S001-T1-2026-11-30.pdf', error: null });
    expect(saved.get('/home/store/下载/日结-S001-T1-2026-11-30.pdf')?.toString()).toBe('%PDF-1.7 fake');
    const [window] = windows;
    expect(window?.options.webPreferences).toMatchObject({ javascript: false, sandbox: true });
    expect(decodedPage(window?.loaded ?? null)).toContain('<h1>日结报表</h1>');
    expect(decodedPage(window?.loaded ?? null)).toContain(PRINT_CSP);
    expect(window?.pdfs).toEqual([expect.objectContaining({ pageSize: 'A4', printBackground: true })]);
    expect(window?.printed).toEqual([]);
    expect(window?.destroyed).toBe(true);
  });

  it.each(['../日结', '/etc/passwd', 'a/b', '..', '.hidden', ''])(
    'refuses the name %j: nothing rendered, nothing written',
    async (name) => {
      const { printing, windows, saved } = setup();
      const result = await printing.savePdf({ html: '<p>x</p>', name });
      expect(result).toMatchObject({ ok: false, path: null });
      expect(windows).toEqual([]);
      expect(saved.size).toBe(0);
    },
  );

  it('a failed render or write is a failed result, nothing claimed saved, window closed', async () => {
    const broken = setup({ pdf: new Error('Printing failed') });
    expect(await broken.printing.savePdf({ html: '<p>x</p>', name: 'r' })).toEqual({
      ok: false,
      path: null,
      error: 'Printing failed',
    });
    expect(broken.saved.size).toBe(0);
    expect(broken.windows[0]?.destroyed).toBe(true);
    const full = setup({ saveError: new Error('ENOSPC') });
    expect(await full.printing.savePdf({ html: '<p>x</p>', name: 'r' })).toMatchObject({
      ok: false,
      error: 'ENOSPC',
    });
  });

  it('pdfPath keeps every file inside the export folder', () => {
    expect(pdfPath('/x/exports', '日结-2026-11-30')).toBe('/x/exports/日结-2026-11-30.pdf');
    expect(pdfPath('/x/exports', '../up')).toBeNull();
    expect(pdfPath('/x/exports', 'a\\b')).toBeNull();
  });
});

describe('printingModule', () => {
  it('registers print:html, print:printers and pdf:save behind the IPC guard', async () => {
    const { fakeElectron } = await import('./test-support');
    const { initApp } = await import('./app');
    const { printingModule } = await import('./printing');
    const electron = fakeElectron();
    initApp(
      {
        isDev: false,
        devServerUrl: null,
        rendererRoot: '/r',
        preloadPath: '/p.cjs',
        iconPath: null,
        demoHqEntryPath: '/d.cjs',
      },
      electron.deps,
      { modules: [printingModule], logger: createMemoryLogger(), settings: fakeSettings() },
    );
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([
      'pdf:save',
      'print:html',
      'print:printers',
    ]);
    await expect(
      electron.ipcMain.invoke('pdf:save', 'app://linli/index.html', { html: 'x', name: '../../x' }),
    ).rejects.toThrow(/invalid arguments/);
    await expect(
      electron.ipcMain.invoke('print:html', 'https://evil.example/', {
        html: 'x',
        widthMm: 58,
        silent: true,
      }),
    ).rejects.toThrow(/not the app/);
  });
});

function fakeSettings() {
  const settings = defaultSettings();
  return { get: () => settings, update: vi.fn(() => settings), onChange: () => () => undefined };
}
