import type { PrintResult } from '@shared/ipc/contract';
import type { ReceiptDocument } from '@shared/printing/receiptDocument';
import type { Settings } from '@shared/settings';
import type { Logger } from '../logger';
import { encodeReceipt } from './escpos';
import type { RawSender } from './network';

/**
 * Receipts as raw ESC/POS to a network printer (TCP 9100): no driver, no
 * print dialog, Chinese in GB18030. Never throws; a printer that is off or out
 * of paper answers not printed, and the till keeps the receipt for a reprint.
 */
export function createNetworkReceipts({
  settings,
  sendRaw,
  logger,
}: {
  settings: { get(): Settings };
  sendRaw: RawSender;
  logger: Logger;
}) {
  return {
    async print(document: ReceiptDocument): Promise<PrintResult> {
      const printer = settings.get().receiptPrinter;
      if (printer.connection !== 'network' || !printer.host)
        return { ok: false, error: '未配置网络小票打印机 / no network receipt printer configured' };
      try {
        await sendRaw({ host: printer.host, port: printer.port }, encodeReceipt(document));
        logger.info('print: receipt sent', {
          printer: `${printer.host}:${printer.port}`,
          blocks: document.blocks.length,
        });
        return { ok: true, error: null };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('print: receipt not sent', {
          printer: `${printer.host}:${printer.port}`,
          error: message,
        });
        return { ok: false, error: message };
      }
    },
  };
}
