import {
  pdfJobSchema,
  printJobSchema,
  type CustomerDisplayOpenResult,
  type PdfJob,
  type PdfResult,
  type PrintJob,
  type PrintResult,
} from '@shared/ipc/contract';
import type { Settings } from '@shared/settings';
import {
  lightsShowCommandSchema,
  litSlots,
  type LightsResult,
  type LightsShowCommand,
  type LightsState,
} from '@shared/shelf/lights';

/**
 * What the browser and testing platforms do in the page for services Electron
 * runs in the main process: printing through the browser's dialog and shelf
 * lights simulated on screen.
 */

/** The printed page loads nothing and runs nothing (as in Electron's print window). */
const PRINT_CSP = "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";

export function printPage({ html, widthMm }: Pick<PrintJob, 'html' | 'widthMm'>): string {
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

/**
 * Prints in a hidden iframe with the browser's dialog (a page cannot print
 * silently). The frame has no `src` (the app's CSP forbids loading frames) and
 * is sandboxed without scripts; `print()` blocks in Chromium until the dialog
 * closes, so the frame is removed afterwards. The dialog does not say whether
 * the user printed or cancelled: `ok` means the dialog was shown.
 */
/**
 * A page cannot write files: "save as PDF" is the print dialog, where the
 * browser offers 另存为 PDF / Save as PDF as a printer (`path` stays null).
 */
export async function pdfInFrame(
  job: PdfJob,
  options: Parameters<typeof printInFrame>[1] = {},
): Promise<PdfResult> {
  const checked = pdfJobSchema.safeParse(job);
  if (!checked.success)
    return { ok: false, path: null, error: `pdf: invalid job — ${checked.error.message}` };
  const printed = await printInFrame({ html: job.html, widthMm: null, silent: false }, options);
  return printed.ok
    ? { ok: true, path: null, error: null }
    : { ok: false, path: null, error: printed.error ?? 'failed' };
}

export function printInFrame(
  job: PrintJob,
  {
    doc = document,
    print = (frame: Window) => frame.print(),
  }: { doc?: Document; print?: (frame: Window) => void } = {},
): Promise<PrintResult> {
  // The same checks as Electron's IPC boundary, so a bad job fails in the browser too.
  const checked = printJobSchema.safeParse(job);
  if (!checked.success) return Promise.reject(new Error(`print: invalid job — ${checked.error.message}`));
  const iframe = doc.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-same-origin allow-modals');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.title = 'print';
  iframe.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;opacity:0';
  // Printing focuses the frame, and removing a focused frame leaves focus on <body>: the
  // clerk's next key (Enter for the next customer, a scan) would go nowhere. Give it back.
  const focused = doc.activeElement;
  doc.body.appendChild(iframe);
  try {
    const frameDoc = iframe.contentDocument;
    const frameWindow = iframe.contentWindow;
    if (!frameDoc || !frameWindow)
      return Promise.resolve({ ok: false, error: '无法打印 / cannot print here' });
    frameDoc.open();
    frameDoc.write(printPage(job));
    frameDoc.close();
    // Silent printing is Electron's; here each copy is the user's choice in the dialog.
    print(frameWindow);
    return Promise.resolve({ ok: true, error: null });
  } catch (error) {
    return Promise.resolve({ ok: false, error: error instanceof Error ? error.message : String(error) });
  } finally {
    iframe.remove();
    if (focused instanceof HTMLElement && focused !== doc.body && focused.isConnected) focused.focus();
  }
}

/**
 * Shelf lights in the page: the `simulated` driver, whatever the settings name
 * besides `none` (a browser tab cannot reach a controller on the shop network).
 */
export function createPageLights(getSettings: () => Settings) {
  const listeners = new Set<(state: LightsState) => void>();
  const emit = (state: LightsState): LightsResult => {
    if (getSettings().shelfLights.driver === 'none')
      return { ok: true, driver: 'none', error: null, elapsedMs: 0 };
    for (const listener of listeners) listener(state);
    return { ok: true, driver: 'simulated', error: null, elapsedMs: 0 };
  };
  return {
    showLights: (command: LightsShowCommand): Promise<LightsResult> => {
      const checked = lightsShowCommandSchema.safeParse(command);
      if (!checked.success)
        return Promise.reject(new Error(`lights: invalid command — ${checked.error.message}`));
      return Promise.resolve(emit({ slots: litSlots(checked.data), durationMs: checked.data.durationMs }));
    },
    clearLights: () => Promise.resolve(emit({ slots: [], durationMs: 0 })),
    onLightsChanged: (listener: (state: LightsState) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * The customer display in a browser: a second window on the same origin (the
 * two talk over BroadcastChannel). The clerk drags it to the customer's screen.
 */
export function openDisplayWindow(
  target: Pick<Window, 'open' | 'location'> = window,
): CustomerDisplayOpenResult {
  const { pathname, search } = target.location;
  const opened = target.open(
    `${pathname}${search}#/customer-display`,
    'linli-customer-display',
    'popup,width=1024,height=768',
  );
  return opened
    ? { opened: true, secondMonitor: false, error: null }
    : { opened: false, secondMonitor: false, error: 'blocked' };
}
