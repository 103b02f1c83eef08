import type { AppModule } from '../context';
import { registerInvokeHandlers } from '../ipc';
import { createPrinting } from '../printing';
import { createCashDrawer } from './drawer';
import { createRawSender } from './network';
import { createNetworkReceipts } from './receipts';

/** IPC `drawer:open` (the cash drawer through the receipt printer) and `print:receipt` (raw ESC/POS). */
export const receiptPrinterModule: AppModule = {
  name: 'receipt-printer',
  enable(context) {
    const { ipcMain, BrowserWindow } = context.electron;
    const printing = createPrinting({
      createWindow: (options) => new BrowserWindow(options),
      settings: context.settings,
      logger: context.logger,
    });
    const sendRaw = createRawSender();
    const drawer = createCashDrawer({
      settings: context.settings,
      printHtml: (job) => printing.printHtml(job),
      sendRaw,
      logger: context.logger,
    });
    const receipts = createNetworkReceipts({ settings: context.settings, sendRaw, logger: context.logger });
    registerInvokeHandlers(
      ipcMain,
      {
        'drawer:open': (request) => drawer.open(request),
        'print:receipt': (document) => receipts.print(document),
      },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
