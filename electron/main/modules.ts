import { createInvokeHandlers } from './handlers';
import type { AppModule } from './context';
import { whenStarted } from './context';
import { reloadAfterCrash } from './crash-recovery';
import { registerInvokeHandlers, sendEvent } from './ipc';
import { createAppRequestHandler, cspForSettings, registerAppScheme } from './protocol';
import { guardWebContents, lockDownSession } from './security';
import { createMainWindow, focusWindow } from './window';
import { APP_SCHEME } from './config';
import { customerDisplayModule } from './customer-display';
import { demoHqModule } from './demo-hq';
import { foldersModule } from './folders';
import { hqConnectionModule } from './hq-connection';
import { updatesModule } from './updates';
import { printingModule } from './printing';
import { receiptPrinterModule } from './receipt-printer';
import { shelfLightsModule } from './shelf-lights';

/** A second launch focuses the running till and exits. */
export const singleInstanceModule: AppModule = {
  name: 'single-instance',
  enable({ electron: { app, BrowserWindow }, logger, stop }) {
    if (!app.requestSingleInstanceLock()) {
      logger.info('another instance is running; handing over to it');
      stop('second instance');
      app.quit();
      return;
    }
    app.on('second-instance', () => {
      const [window] = BrowserWindow.getAllWindows();
      if (window) focusWindow(window);
    });
  },
};

/** Sandbox every renderer; deny navigation, pop-ups, webviews and permissions (but the camera). */
export const securityModule: AppModule = {
  name: 'security',
  async enable(context) {
    const { app, session } = context.electron;
    const policy = { devServerUrl: context.config.devServerUrl, logger: context.logger };
    app.enableSandbox();
    app.on('web-contents-created', (_event, contents) => guardWebContents(contents, policy));
    if (!(await whenStarted(context))) return;
    lockDownSession(session.defaultSession, policy);
  },
};

/** app://linli/ serves dist/renderer with the CSP as a header. */
export const protocolModule: AppModule = {
  name: 'protocol',
  async enable(context) {
    const { protocol } = context.electron;
    registerAppScheme(protocol);
    if (!(await whenStarted(context))) return;
    protocol.handle(
      APP_SCHEME,
      createAppRequestHandler({
        root: context.config.rendererRoot,
        csp: () => cspForSettings(context.settings.get()),
      }),
    );
  },
};

/** Typed, guarded IPC handlers; settings changes pushed to every window. */
export const ipcModule: AppModule = {
  name: 'ipc',
  enable({ electron: { app, ipcMain, BrowserWindow }, config, logger, settings }) {
    registerInvokeHandlers(ipcMain, createInvokeHandlers({ app, settings, logger }), {
      devServerUrl: config.devServerUrl,
      logger,
    });
    settings.onChange((next) => {
      for (const window of BrowserWindow.getAllWindows())
        sendEvent(window.webContents, 'settings:changed', next);
    });
  },
};

/** Reload the page when its renderer dies (bounded). */
export const crashRecoveryModule: AppModule = {
  name: 'crash-recovery',
  enable({ electron: { app }, logger }) {
    app.on('browser-window-created', (_event, window) =>
      reloadAfterCrash(window.webContents, { maxReloads: 3, windowMs: 60_000, logger }),
    );
  },
};

/** The main window; kiosk/full screen follows the settings. */
export const windowModule: AppModule = {
  name: 'window',
  async enable(context) {
    const { app, BrowserWindow } = context.electron;
    const open = (): void => {
      const { window, loaded } = createMainWindow(
        BrowserWindow,
        context.config,
        context.settings.get().kiosk,
      );
      loaded.catch((error: unknown) => context.logger.error('window: page failed to load', { error }));
      const unsubscribe = context.settings.onChange((next) => {
        if (!window.isDestroyed() && window.isKiosk() !== next.kiosk) window.setKiosk(next.kiosk);
      });
      window.on('closed', () => {
        unsubscribe();
        // The customer display (and any print window) closes with the clerk's window,
        // so the app quits instead of living on behind the display.
        for (const other of BrowserWindow.getAllWindows()) if (!other.isDestroyed()) other.close();
      });
    };
    app.on('window-all-closed', () => app.quit());
    if (!(await whenStarted(context))) return;
    open();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open();
    });
  },
};

/** In start-up order: the lock first, then everything that must happen before ready. */
export const defaultModules: readonly AppModule[] = [
  singleInstanceModule,
  securityModule,
  protocolModule,
  ipcModule,
  demoHqModule,
  hqConnectionModule,
  foldersModule,
  updatesModule,
  printingModule,
  receiptPrinterModule,
  shelfLightsModule,
  crashRecoveryModule,
  windowModule,
  customerDisplayModule,
];
