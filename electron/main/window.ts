import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL, type AppConfig } from './config';

export interface WindowOptionsInput {
  preloadPath: string;
  isDev: boolean;
  kiosk: boolean;
  iconPath: string | null;
}

/**
 * The main window. Every webPreference here is a security setting (Electron's
 * checklist): the renderer has no Node, runs sandboxed in an isolated world, and
 * cannot embed <webview>; devTools only in development.
 */
export function mainWindowOptions({
  preloadPath,
  isDev,
  kiosk,
  iconPath,
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: '邻里柜台 Linli Counter',
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#f7f3ea',
    autoHideMenuBar: true,
    kiosk,
    fullscreen: kiosk,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: isDev,
    },
  };
}

/** Where the window loads the UI from: the dev server in development, app:// otherwise. */
export function entryUrl(config: Pick<AppConfig, 'isDev' | 'devServerUrl'>): string {
  return config.isDev && config.devServerUrl ? `${config.devServerUrl}/` : APP_ENTRY_URL;
}

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/** Creates the window hidden and shows it once painted, so there is no white flash. */
export function createMainWindow(
  BrowserWindowClass: WindowConstructor,
  config: AppConfig,
  kiosk: boolean,
): { window: BrowserWindow; loaded: Promise<void> } {
  const window = new BrowserWindowClass(
    mainWindowOptions({
      preloadPath: config.preloadPath,
      isDev: config.isDev,
      kiosk,
      iconPath: config.iconPath,
    }),
  );
  window.once('ready-to-show', () => window.show());
  return { window, loaded: window.loadURL(entryUrl(config)) };
}

/** Brings an existing window to the front (second instance, dock click). */
export function focusWindow(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
