import type { DrawerOpenRequest, DrawerResult, PrintJob, PrintResult } from '@shared/ipc/contract';
import type { Settings } from '@shared/settings';
import type { Logger } from '../logger';
import { encodeDrawerKick } from './escpos';
import type { RawSender } from './network';

export interface CashDrawerOptions {
  settings: { get(): Settings };
  /** Silent HTML printing to the receipt printer (the `driver` kick). */
  printHtml: (job: PrintJob) => Promise<PrintResult>;
  sendRaw: RawSender;
  logger: Logger;
}

/**
 * The cash drawer hangs on the receipt printer's kick connector. `driver`: the
 * printer driver is set to open the drawer with every job (how most Windows
 * POS drivers do it), so a blank silent job opens it. `pulse`: a network
 * printer gets the ESC/POS pulse directly. Never throws: a printer that is off
 * answers `unreachable` and the sale goes on.
 */
export function createCashDrawer({ settings, printHtml, sendRaw, logger }: CashDrawerOptions) {
  return {
    async open(request: DrawerOpenRequest): Promise<DrawerResult> {
      const printer = settings.get().receiptPrinter;
      const reason = request.reason ?? 'sale';
      if (printer.drawer === 'none')
        return { ok: false, reason: 'noDrawer', message: '未配置钱箱 / no cash drawer configured' };
      try {
        if (printer.drawer === 'pulse') {
          if (printer.connection !== 'network' || !printer.host)
            return {
              ok: false,
              reason: 'noDrawer',
              message: '钱箱脉冲需要网络打印机 / the pulse needs a network receipt printer',
            };
          await sendRaw({ host: printer.host, port: printer.port }, encodeDrawerKick());
          logger.info('drawer: opened', { method: 'pulse', reason });
          return { ok: true, method: 'pulse' };
        }
        const printed = await printHtml({
          html: '<p>&#160;</p>',
          widthMm: printer.paperWidthMm,
          silent: true,
        });
        if (!printed.ok) throw new Error(printed.error ?? 'not printed');
        logger.info('drawer: opened', { method: 'driver', reason });
        return { ok: true, method: 'driver' };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('drawer: not opened', { reason, error: message });
        return { ok: false, reason: 'unreachable', message };
      }
    },
  };
}
