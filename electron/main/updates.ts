import type { BrowserWindow } from 'electron';
import type { Settings } from '@shared/settings';
import {
  updateBlockedBy,
  type InstallAnswer,
  type UpdateSafety,
  type UpdateState,
} from '@shared/updates/safeMoment';
import type { AppModule } from './context';
import { whenStarted } from './context';
import { registerInvokeHandlers } from './ipc';
import type { Logger } from './logger';

/** The part of electron-updater's autoUpdater used here (a fake in tests). */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateControllerOptions {
  loadUpdater: () => Promise<Updater>;
  settings: { get(): Settings; onChange(listener: (settings: Settings) => void): () => void };
  logger: Logger;
  onState: (state: UpdateState) => void;
  /** Between checks while enabled. */
  intervalMs?: number;
  now?: () => Date;
}

export interface UpdateController {
  state(): UpdateState;
  /** Installs (quits and restarts) only at a safe moment, as the page reports it. */
  install(safety: UpdateSafety): InstallAnswer;
  stop(): void;
}

/**
 * Updates through electron-updater's generic provider, off by default. A
 * downloaded update is never installed on quit by itself: only `install()`
 * at a safe moment (no sale open; nothing pending, or the day closed).
 */
export function createUpdateController({
  loadUpdater,
  settings,
  logger,
  onState,
  intervalMs = 4 * 60 * 60_000,
  now = () => new Date(),
}: UpdateControllerOptions): UpdateController {
  let state: UpdateState = { state: 'off' };
  let updater: Updater | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  let feed = '';

  const set = (next: UpdateState) => {
    state = next;
    onState(next);
  };

  const check = async () => {
    if (!updater) return;
    try {
      await updater.checkForUpdates();
    } catch (error) {
      set({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };

  const wire = (u: Updater) => {
    u.autoDownload = true;
    u.autoInstallOnAppQuit = false;
    u.on('checking-for-update', () => state.state !== 'ready' && set({ state: 'checking' }));
    u.on('update-not-available', () => set({ state: 'idle', checkedAt: now().toISOString() }));
    u.on('update-available', (info) => set({ state: 'downloading', version: info.version, percent: 0 }));
    u.on('download-progress', (p) => {
      if (state.state === 'downloading') set({ ...state, percent: Math.round(p.percent) });
    });
    u.on('update-downloaded', (info) => {
      logger.info('update: downloaded; waiting for a safe moment', { version: info.version });
      set({ state: 'ready', version: info.version });
    });
    u.on('error', (error) => {
      logger.warn('update: failed', { error: error.message });
      set({ state: 'error', message: error.message });
    });
  };

  const apply = async (next: Settings) => {
    const wanted = next.updates.enabled && next.updates.url ? next.updates.url : '';
    if (wanted === feed) return;
    feed = wanted;
    if (timer) clearInterval(timer);
    timer = null;
    if (!wanted) {
      if (state.state !== 'ready') set({ state: 'off' });
      return;
    }
    if (!updater) {
      updater = await loadUpdater();
      wire(updater);
    }
    updater.setFeedURL({ provider: 'generic', url: wanted });
    set({ state: 'idle', checkedAt: null });
    void check();
    timer = setInterval(() => void check(), intervalMs);
    timer.unref?.();
  };

  const unsubscribe = settings.onChange((next) => void apply(next));
  void apply(settings.get());

  return {
    state: () => state,
    install(safety) {
      if (state.state !== 'ready' || !updater) return { installing: false, reason: 'notReady' };
      const blocked = updateBlockedBy(safety);
      if (blocked) {
        logger.info('update: not installed now', { reason: blocked });
        return { installing: false, reason: blocked };
      }
      logger.info('update: installing', { version: state.version });
      const u = updater;
      setImmediate(() => u.quitAndInstall(false, true));
      return { installing: true };
    },
    stop() {
      unsubscribe();
      if (timer) clearInterval(timer);
    },
  };
}

/** IPC `update:status` / `update:install` and the `update:changed` event. */
export const updatesModule: AppModule = {
  name: 'updates',
  async enable(context) {
    if (!(await whenStarted(context))) return;
    const { ipcMain, BrowserWindow } = context.electron;
    const send = (state: UpdateState) => {
      for (const window of BrowserWindow.getAllWindows() as BrowserWindow[])
        if (!window.isDestroyed()) window.webContents.send('update:changed', state);
    };
    const controller = createUpdateController({
      loadUpdater: async () => (await import('electron-updater')).autoUpdater as unknown as Updater,
      settings: context.settings,
      logger: context.logger,
      onState: send,
    });
    registerInvokeHandlers(
      ipcMain,
      {
        'update:status': () => controller.state(),
        'update:install': (safety) => controller.install(safety),
      },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
  },
};
