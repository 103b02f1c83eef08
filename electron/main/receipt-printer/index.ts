import type { AppModule } from '../context';
import { registerInvokeHandlers } from '../ipc';
import { createPrinting } from '../printing';
import { createCashDrawer } from './drawer';
import { createRawSender } from './network';

/** IPC `drawer:open`: the cash drawer through the receipt printer. */
export const receiptPrinterModule: AppModule = {
  name: 'receipt-printer',
  enable(context) {
    const { ipcMain, BrowserWindow } = context.electron;
    const printing = createPrinting({
      createWindow: (options) => new BrowserWindow(options),
      settings: context.settings,
      logger: context.logger,
    });
    const drawer = createCashDrawer({
      settings: context.settings,
      printHtml: (job) => printing.printHtml(job),
      sendRaw: createRawSender(),
      logger: context.logger,
    });
    registerInvokeHandlers(
      ipcMain,
      { 'drawer:open': (request) => drawer.open(request) },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
