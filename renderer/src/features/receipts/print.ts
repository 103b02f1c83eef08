import type { ReceiptDocument } from '@shared/printing/receiptDocument';
import type { Platform } from '../../platform';
import { type ReceiptData, receiptDocument, type ReceiptWidth, renderDocumentHtml } from './receipt';

export interface ReceiptPrintSettings {
  widthMm: ReceiptWidth;
  /** `network`: raw ESC/POS to the network receipt printer; `system` (default): HTML through the OS printer. */
  connection?: 'system' | 'network';
  /** Straight to the receipt printer (Electron); the browser build always shows its dialog. */
  silent?: boolean;
  copies?: number;
  /** Network printers: kick the drawer in the same job (a cash sale). */
  openDrawer?: boolean;
}

export type ReceiptPrintResult =
  | { status: 'printed' }
  /** Not printed (printer off, out of paper, cancelled): the sale stands; the receipt waits for a reprint. */
  | { status: 'waitingForReprint'; reason: string };

/**
 * Prints a receipt. Never throws and never undoes anything: a sale is already
 * complete when its receipt prints, so a printer that is off or out of paper
 * only leaves the receipt waiting for a reprint.
 */
export async function printReceipt(
  platform: Pick<Platform, 'kind' | 'printHtml' | 'printReceiptDocument'>,
  data: ReceiptData,
  settings: ReceiptPrintSettings,
): Promise<ReceiptPrintResult> {
  let document: ReceiptDocument;
  try {
    document = receiptDocument(data, settings.widthMm);
  } catch (error) {
    return { status: 'waitingForReprint', reason: error instanceof Error ? error.message : String(error) };
  }
  return printTillDocument(platform, document, data.kind, settings);
}

/**
 * Prints any till document (a receipt, a refund slip) the one way receipts
 * print: ESC/POS to a network printer, else HTML through the system printer.
 * Never throws: what it prints for is already done.
 */
export async function printTillDocument(
  platform: Pick<Platform, 'kind' | 'printHtml' | 'printReceiptDocument'>,
  document: ReceiptDocument,
  kind: string,
  settings: ReceiptPrintSettings,
): Promise<ReceiptPrintResult> {
  try {
    const result =
      settings.connection === 'network'
        ? await platform.printReceiptDocument({ ...document, openDrawer: settings.openDrawer ?? false })
        : await platform.printHtml({
            html: await renderDocumentHtml(document, kind),
            widthMm: document.widthMm,
            silent: settings.silent ?? platform.kind === 'electron',
            ...(settings.copies ? { copies: settings.copies } : {}),
          });
    return result.ok
      ? { status: 'printed' }
      : { status: 'waitingForReprint', reason: result.error ?? 'not printed' };
  } catch (error) {
    return { status: 'waitingForReprint', reason: error instanceof Error ? error.message : String(error) };
  }
}
