import type { BrowserWindow, Rectangle } from 'electron';
import type { CustomerDisplayOpenResult } from '@shared/ipc/contract';
import type { AppModule } from './context';
import { whenStarted } from './context';
import { registerInvokeHandlers } from './ipc';
import type { Logger } from './logger';
import { entryUrl, mainWindowOptions, type WindowConstructor } from './window';
import type { AppConfig } from './config';

/** The URL hash the renderer shows the customer display at (renderer/src/features/customer-display). */
export const CUSTOMER_DISPLAY_HASH = '#/customer-display';

export interface DisplayInfo {
  id: number;
  bounds: Rectangle;
}

/** The part of Electron's `screen` used here (tests give a fake). */
export interface ScreenLike {
  getAllDisplays(): DisplayInfo[];
  getPrimaryDisplay(): DisplayInfo;
  on(event: 'display-added' | 'display-removed', listener: () => void): unknown;
}

/** The customer's screen: the first display that is not the clerk's (primary) one, or none. */
export function customerScreen(
  screen: Pick<ScreenLike, 'getAllDisplays' | 'getPrimaryDisplay'>,
): DisplayInfo | null {
  const primary = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().find((d) => d.id !== primary) ?? null;
}

export interface CustomerDisplayDeps {
  BrowserWindow: WindowConstructor;
  screen: Pick<ScreenLike, 'getAllDisplays' | 'getPrimaryDisplay'>;
  config: Pick<AppConfig, 'preloadPath' | 'isDev' | 'devServerUrl' | 'iconPath'>;
  logger: Logger;
}

/**
 * The customer display window (顾客屏): full screen on the second monitor when
 * there is one, else a normal window the clerk can move. Same security settings
 * as the main window (sandboxed, isolated, no Node); it loads the app at
 * `#/customer-display`, which shows only what the staff window publishes over
 * BroadcastChannel (both are app://linli pages of one session).
 */
export function createCustomerDisplay({
  BrowserWindow: Window,
  screen,
  config,
  logger,
}: CustomerDisplayDeps) {
  let window: BrowserWindow | null = null;
  return {
    async open(): Promise<CustomerDisplayOpenResult> {
      const target = customerScreen(screen);
      if (window && !window.isDestroyed()) {
        if (target) window.setBounds(target.bounds);
        window.show();
        return { opened: true, secondMonitor: !!target, error: null };
      }
      const base = mainWindowOptions({ ...config, kiosk: false });
      const created = new Window({
        ...base,
        title: '顾客屏 Customer display',
        minWidth: 640,
        minHeight: 480,
        ...(target ? { ...target.bounds, fullscreen: true, frame: false } : { width: 1024, height: 768 }),
      });
      window = created;
      created.once('ready-to-show', () => created.showInactive());
      created.on('closed', () => {
        if (window === created) window = null;
      });
      try {
        await created.loadURL(`${entryUrl(config)}${CUSTOMER_DISPLAY_HASH}`);
        logger.info('customer display open', { secondMonitor: !!target });
        return { opened: true, secondMonitor: !!target, error: null };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.warn('customer display failed to load', { error: message });
        return { opened: false, secondMonitor: !!target, error: message };
      }
    },
    current: () => window,
  };
}

/** With no `screen` (tests, or before ready): one display, the clerk's. */
const ONE_DISPLAY: Pick<ScreenLike, 'getAllDisplays' | 'getPrimaryDisplay'> = {
  getAllDisplays: () => [],
  getPrimaryDisplay: () => ({ id: 0, bounds: { x: 0, y: 0, width: 0, height: 0 } }),
};

/**
 * IPC `customerDisplay:open`; at start-up (and when a monitor is plugged in)
 * the display opens by itself on the second monitor.
 */
export const customerDisplayModule: AppModule = {
  name: 'customer-display',
  async enable(context) {
    const { screen, BrowserWindow } = context.electron;
    const display = createCustomerDisplay({
      BrowserWindow,
      // Electron's screen may only be used once the app is ready: read it lazily.
      screen: {
        getAllDisplays: () => (screen ?? ONE_DISPLAY).getAllDisplays(),
        getPrimaryDisplay: () => (screen ?? ONE_DISPLAY).getPrimaryDisplay(),
      },
      config: context.config,
      logger: context.logger,
    });
    registerInvokeHandlers(
      context.electron.ipcMain,
      { 'customerDisplay:open': () => display.open() },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
    if (!screen || !(await whenStarted(context))) return;
    const openOnSecond = () => {
      if (customerScreen(screen)) void display.open();
    };
    openOnSecond();
    screen.on('display-added', openOnSecond);
  },
};
