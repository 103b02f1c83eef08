import path from 'node:path';

/** The renderer is served from `app://linli/…`: a standard, secure scheme with one host. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'linli';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface AppConfig {
  /** Development: devTools on, the page comes from Vite's dev server. */
  readonly isDev: boolean;
  /** Vite's dev server; only ever set in development (never in a packaged app). */
  readonly devServerUrl: string | null;
  /** The built renderer (dist/renderer) served by the app:// protocol. */
  readonly rendererRoot: string;
  /** The bundled preload (dist/electron/preload.cjs). */
  readonly preloadPath: string;
  /** Window icon (Linux; Windows and macOS take it from the package). */
  readonly iconPath: string | null;
  /** The demo HQ's utility-process entry (dist/electron/demo-hq.cjs). */
  readonly demoHqEntryPath: string;
}

/** Only a loopback http dev server is accepted, so an environment variable cannot point the shell at the web. */
export function parseDevServerUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.origin : null;
  } catch {
    return null;
  }
}

export interface EnvironmentInput {
  env: Readonly<Record<string, string | undefined>>;
  /** Folder holding main.cjs and preload.cjs (dist/electron). */
  mainDir: string;
  isPackaged: boolean;
}

export function configFromEnvironment({ env, mainDir, isPackaged }: EnvironmentInput): AppConfig {
  const devServerUrl = isPackaged ? null : parseDevServerUrl(env.LINLI_DEV_SERVER_URL);
  const isDev = !isPackaged && (devServerUrl !== null || env.NODE_ENV === 'development');
  return {
    isDev,
    devServerUrl,
    rendererRoot: path.resolve(mainDir, '../renderer'),
    preloadPath: path.resolve(mainDir, 'preload.cjs'),
    iconPath: path.resolve(mainDir, '../renderer/icon.png'),
    demoHqEntryPath: path.resolve(mainDir, 'demo-hq.cjs'),
  };
}

/** True for a URL on the app origin (`app://linli/…`) or, in development only, on the dev server. */
export function isAppUrl(value: string | null | undefined, devServerUrl: string | null = null): boolean {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`)
    return url.host === APP_HOST && url.username === '' && url.password === '';
  if (devServerUrl === null) return false;
  return url.origin === new URL(devServerUrl).origin;
}
