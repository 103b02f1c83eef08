import fs from 'node:fs';
import path from 'node:path';
import type { DemoHqStatus } from '@shared/ipc/contract';
import type { Settings, SettingsPatch } from '@shared/settings';
import type { AppModule } from './context';
import { whenStarted } from './context';
import { registerInvokeHandlers } from './ipc';
import type { Logger } from './logger';

/** The demo HQ's usual address; another free port when something else holds it. */
export const DEMO_HQ_PORT = 8787;
export const DEMO_HQ_HOST = '127.0.0.1';

export interface CentralHandle {
  /** Where it listens, e.g. http://127.0.0.1:8787. */
  readonly url: string;
  close(): Promise<void>;
}

export interface CentralStartOptions {
  /** PGlite's data directory (created on first start, demo data seeded then). */
  dataDir: string;
  host: string;
  /** Preferred port; 0 for any free one. */
  port: number;
}

export type CentralStarter = (options: CentralStartOptions) => Promise<CentralHandle>;

export interface DemoHqHost {
  status(): DemoHqStatus;
  /** Starts it (once; concurrent calls share the start) and points `hqUrl` at it. */
  start(): Promise<DemoHqStatus>;
  stop(): Promise<void>;
  /** Starts or stops it as `useDemoHq` changes; returns the unsubscribe function. */
  followSettings(): () => void;
}

export interface DemoHqHostOptions {
  dataDir: string;
  settings: {
    get(): Settings;
    update(patch: SettingsPatch): Settings;
    onChange(listener: (settings: Settings) => void): () => void;
  };
  logger: Logger;
  startCentral: CentralStarter;
  port?: number;
  /** Called when a start moved `hqUrl` (first use, or the usual port was taken). */
  onHqUrlMoved?: (url: string) => void;
}

export function createDemoHqHost({
  dataDir,
  settings,
  logger,
  startCentral,
  port = DEMO_HQ_PORT,
  onHqUrlMoved,
}: DemoHqHostOptions): DemoHqHost {
  let handle: CentralHandle | null = null;
  let starting: Promise<DemoHqStatus> | null = null;
  let stopping: Promise<void> | null = null;
  let error: string | null = null;

  const status = (): DemoHqStatus => ({ running: handle !== null, url: handle?.url ?? null, error });

  const start = (): Promise<DemoHqStatus> => {
    if (handle) return Promise.resolve(status());
    starting ??= (async () => {
      await stopping;
      const began = performance.now();
      try {
        fs.mkdirSync(dataDir, { recursive: true });
        handle = await startCentral({ dataDir, host: DEMO_HQ_HOST, port });
        error = null;
        logger.info('demo HQ: listening', {
          url: handle.url,
          dataDir,
          startMs: Math.round(performance.now() - began),
        });
        if (settings.get().hqUrl !== handle.url) {
          settings.update({ hqUrl: handle.url });
          onHqUrlMoved?.(handle.url);
        }
      } catch (cause) {
        error = `演示总部无法启动 / demo HQ failed to start: ${cause instanceof Error ? cause.message : String(cause)}`;
        logger.error('demo HQ: failed to start', { error: cause });
      } finally {
        starting = null;
      }
      return status();
    })();
    return starting;
  };

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await starting;
      const current = handle;
      handle = null;
      if (!current) return;
      try {
        await current.close();
        logger.info('demo HQ: stopped');
      } catch (cause) {
        logger.error('demo HQ: failed to stop cleanly', { error: cause });
      }
    })().finally(() => {
      stopping = null;
    });
    return stopping;
  };

  return {
    status,
    start,
    stop,
    followSettings: () =>
      settings.onChange((next) => {
        if (next.useDemoHq && !handle && !starting) void start();
        else if (!next.useDemoHq && (handle || starting)) {
          error = null;
          void stop();
        }
      }),
  };
}

/** How long quitting waits for the demo HQ to close its database. */
const STOP_ON_QUIT_MS = 5000;

/**
 * Settings → Use demo HQ: the reference central inside the app, its data in
 * userData/demo-hq, on 127.0.0.1. IPC `demoHq:status`. Closed before quitting
 * so PGlite's files are left consistent.
 */
export const demoHqModule: AppModule = {
  name: 'demo-hq',
  async enable(context) {
    const { app, ipcMain } = context.electron;
    const host = createDemoHqHost({
      dataDir: path.join(app.getPath('userData'), 'demo-hq'),
      settings: context.settings,
      logger: context.logger,
      startCentral: context.startCentral,
      // The page's CSP names the HQ it loaded with: hq-connection.ts reloads the
      // windows whenever the HQ's origin changes, this move included.
      onHqUrlMoved: (url) => context.logger.info('demo HQ: hqUrl moved', { url }),
    });
    registerInvokeHandlers(
      ipcMain,
      { 'demoHq:status': () => host.status() },
      { devServerUrl: context.config.devServerUrl, logger: context.logger },
    );
    let closed = false;
    app.on('before-quit', (event) => {
      if (closed) return;
      event.preventDefault();
      closed = true;
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_ON_QUIT_MS).unref());
      void Promise.race([host.stop(), timeout]).finally(() => app.quit());
    });
    if (!(await whenStarted(context))) return;
    host.followSettings();
    // Not awaited: the window opens meanwhile, and the page follows `hqUrl` when it changes.
    if (context.settings.get().useDemoHq) void host.start();
  },
};
