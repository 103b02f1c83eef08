import path from 'node:path';
import type { AppConfig } from './config';
import type { AppContext, AppModule, ElectronDeps } from './context';
import type { CentralStarter } from './demo-hq';
import { createUtilityProcessStarter, type ChildProcessLike } from './demo-hq-process';
import { createFileLogger, type Logger } from './logger';
import { defaultModules } from './modules';
import { createSettingsStore, type SettingsStore } from './settings-store';

export interface InitOptions {
  modules?: readonly AppModule[];
  logger?: Logger;
  settings?: SettingsStore;
  /** The demo HQ's central (tests pass a fake: the real one takes seconds to create its database). */
  startCentral?: CentralStarter;
}

/**
 * Composes the main process from its modules. Each module's synchronous part
 * runs now, in order (so pre-ready work such as registering the app:// scheme
 * happens before `ready`); the returned promise settles when all have finished.
 */
export function initApp(
  config: AppConfig,
  electron: ElectronDeps,
  options: InitOptions = {},
): { context: AppContext; started: Promise<boolean> } {
  const userData = electron.app.getPath('userData');
  const logger =
    options.logger ??
    createFileLogger({
      dir: path.join(userData, 'logs'),
      minLevel: config.isDev ? 'debug' : 'info',
      ...(config.isDev ? { echo: (line: string) => console.warn(line) } : {}),
    });
  const settings =
    options.settings ??
    createSettingsStore({
      dir: userData,
      file: path.join(userData, 'settings.json'),
      safeStorage: electron.safeStorage,
      logger,
    });

  let stopReason: string | null = null;
  const context: AppContext = {
    electron,
    config,
    logger,
    settings,
    startCentral:
      options.startCentral ??
      createUtilityProcessStarter({
        fork: (modulePath) =>
          electron.utilityProcess.fork(modulePath, [], {
            serviceName: 'Linli demo HQ',
          }) as unknown as ChildProcessLike,
        modulePath: config.demoHqEntryPath,
        logger,
      }),
    stop: (reason) => {
      stopReason ??= reason;
    },
    get stopped() {
      return stopReason !== null;
    },
  };

  logger.info('starting', { version: electron.app.getVersion(), dev: config.isDev });
  const running: Promise<void>[] = [];
  for (const module of options.modules ?? defaultModules) {
    if (context.stopped) break;
    try {
      running.push(
        Promise.resolve(module.enable(context)).catch((error: unknown) => {
          logger.error(`module ${module.name} failed`, { error });
          throw error;
        }),
      );
    } catch (error) {
      logger.error(`module ${module.name} failed`, { error });
      running.push(Promise.reject(error instanceof Error ? error : new Error(String(error))));
    }
  }
  const started = Promise.all(running).then(() => !context.stopped);
  return { context, started };
}
