import type { ReceiptDocument } from '@shared/printing/receiptDocument';
import type { Platform } from '../../platform';
import { printTillDocument } from '../receipts/print';
import type { ReceiptWidth } from '../receipts/receipt';

export interface TillPrintOutcome {
  printed: boolean;
  /** Why it did not print (printer off, out of paper, cancelled). */
  printError?: string;
  /** The drawer was asked to open and the printer did not take the kick. */
  drawerError?: string;
}

/**
 * Prints a till document (sale receipt, refund slip) on the terminal's
 * receipt printer and, when `cash` moves, opens the drawer — the one drawer
 * rule of the till: in the same job on a network printer with a pulse drawer,
 * else by the platform's kick when a drawer is on the system printer. Never
 * throws: what it prints for is already done.
 */
export async function printAtTill(
  platform: Pick<Platform, 'kind' | 'getSettings' | 'printHtml' | 'printReceiptDocument' | 'openCashDrawer'>,
  build: (widthMm: ReceiptWidth) => ReceiptDocument,
  kind: string,
  options: { cash: boolean },
): Promise<TillPrintOutcome> {
  const printer = (await platform.getSettings()).receiptPrinter;
  let document: ReceiptDocument | null = null;
  let buildError = '';
  try {
    document = build(printer.paperWidthMm);
  } catch (error) {
    buildError = error instanceof Error ? error.message : String(error);
  }
  const result = document
    ? await printTillDocument(platform, document, kind, {
        widthMm: printer.paperWidthMm,
        connection: printer.connection,
        openDrawer: options.cash && printer.drawer === 'pulse',
      })
    : { status: 'waitingForReprint' as const, reason: buildError };
  const outcome: TillPrintOutcome =
    result.status === 'printed' ? { printed: true } : { printed: false, printError: result.reason };
  if (options.cash && printer.connection === 'system' && printer.drawer !== 'none') {
    const drawer = await platform.openCashDrawer();
    if (!drawer.ok && drawer.reason === 'unreachable') outcome.drawerError = drawer.message;
  }
  return outcome;
}
