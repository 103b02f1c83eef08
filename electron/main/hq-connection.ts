import type { BrowserWindow } from 'electron';
import {
  testHqConnection,
  type FetchLike,
  type HqTarget,
  type HqTestResult,
} from '@shared/hq/testConnection';
import type { Settings } from '@shared/settings';
import type { AppModule } from './context';
import { whenStarted } from './context';
import { registerInvokeHandlers } from './ipc';
import type { Logger } from './logger';

/** The origin the page's CSP `connect-src` names for an HQ URL; null when it is not a URL. */
export function hqOrigin(hqUrl: string): string | null {
  try {
    return new URL(hqUrl).origin;
  } catch {
    return null;
  }
}

/** `hq:test` in the main process, where no page CSP applies; each request bounded by `timeoutMs`. */
export function createHqTester(
  fetch: typeof globalThis.fetch,
  timeoutMs = 5000,
): (target: HqTarget) => Promise<HqTestResult> {
  const bounded: FetchLike = (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  return (target) => testHqConnection(target, bounded);
}

export interface ReloadOptions {
  settings: { get(): Settings; onChange(listener: (settings: Settings) => void): () => void };
  windows: () => readonly Pick<BrowserWindow, 'isDestroyed' | 'webContents'>[];
  logger: Logger;
}

/**
 * A loaded page keeps the CSP it came with, so when the HQ's origin changes
 * (Settings → Save, the demo HQ on another port) every window is reloaded: the
 * app:// protocol then sends a CSP naming the new HQ. The page has already put
 * away what matters (a sale in progress is held) before it saved.
 */
export function reloadOnHqOriginChange({ settings, windows, logger }: ReloadOptions): () => void {
  let current = hqOrigin(settings.get().hqUrl);
  return settings.onChange((next) => {
    const origin = hqOrigin(next.hqUrl);
    if (origin === current) return;
    logger.info('hq: origin changed; reloading windows for the new CSP', { from: current, to: origin });
    current = origin;
    for (const window of windows()) if (!window.isDestroyed()) window.webContents.reload();
  });
}

/** IPC `hq:test`, and the reload that makes a new HQ reachable without a restart. */
export const hqConnectionModule: AppModule = {
  name: 'hq-connection',
  async enable(context) {
    const { ipcMain, BrowserWindow } = context.electron;
    registerInvokeHandlers(
      ipcMain,
      { 'hq:test': createHqTester(globalThis.fetch) },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
    if (!(await whenStarted(context))) return;
    reloadOnHqOriginChange({
      settings: context.settings,
      windows: () => BrowserWindow.getAllWindows(),
      logger: context.logger,
    });
  },
};
