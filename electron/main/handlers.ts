import type { App } from 'electron';
import type { RendererLogEntry } from '@shared/ipc/contract';
import { appInfo } from './app-info';
import type { InvokeHandlersFor } from './ipc';
import type { Logger } from './logger';
import type { SettingsStore } from './settings-store';

export interface LogRateLimit {
  /** Lines accepted per window; the rest are dropped and counted. */
  maxLines: number;
  windowMs: number;
  now?: () => number;
}

/** Writes renderer lines to the log, at most `maxLines` per window (a looping error must not fill the disk). */
export function rendererLogWriter(
  logger: Logger,
  { maxLines, windowMs, now = Date.now }: LogRateLimit,
): (entry: RendererLogEntry) => void {
  let windowStart = -Infinity;
  let written = 0;
  let dropped = 0;
  return ({ level, message, context }) => {
    const at = now();
    if (at - windowStart >= windowMs) {
      if (dropped > 0) logger.warn('renderer: log lines dropped (rate limit)', { dropped });
      windowStart = at;
      written = 0;
      dropped = 0;
    }
    if (written >= maxLines) {
      dropped += 1;
      return;
    }
    written += 1;
    logger[level](`renderer: ${message}`, context);
  };
}

/** The channels served by the core IPC module; the demo HQ, printing and shelf lights serve their own. */
export type CoreChannel = 'app:info' | 'settings:get' | 'settings:update' | 'log:write';

/** The core IPC handlers, with their side effects passed in. */
export function createInvokeHandlers({
  app,
  settings,
  logger,
  logRateLimit = { maxLines: 60, windowMs: 60_000 },
}: {
  app: Pick<App, 'getName' | 'getVersion'>;
  settings: SettingsStore;
  logger: Logger;
  logRateLimit?: LogRateLimit;
}): InvokeHandlersFor<CoreChannel> {
  const writeLog = rendererLogWriter(logger, logRateLimit);
  return {
    'app:info': () => appInfo(app),
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'log:write': (entry) => writeLog(entry),
  };
}
