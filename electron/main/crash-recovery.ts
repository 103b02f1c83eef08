import type { RenderProcessGoneDetails, WebContents } from 'electron';
import type { Logger } from './logger';

export interface CrashPolicy {
  /** Reloads allowed within `windowMs`; past that the renderer is left down (a crash loop). */
  maxReloads: number;
  windowMs: number;
  now?: () => number;
  logger: Logger;
}

export type WatchedContents = Pick<WebContents, 'on' | 'reload' | 'isDestroyed'>;

/**
 * Reloads the page after its renderer process dies (crash, OOM, killed), so a
 * till is never left on a blank window; bounded, so a page that crashes on load
 * does not spin forever. Data is safe: every write is committed in IndexedDB.
 */
export function reloadAfterCrash(
  contents: WatchedContents,
  { maxReloads, windowMs, now = Date.now, logger }: CrashPolicy,
): void {
  let reloads: number[] = [];
  contents.on('render-process-gone', (_event: unknown, details: RenderProcessGoneDetails) => {
    if (details.reason === 'clean-exit') return;
    const at = now();
    reloads = reloads.filter((time) => at - time < windowMs);
    if (reloads.length >= maxReloads) {
      logger.error('renderer gone again; not reloading (crash loop)', {
        ...details,
        reloads: reloads.length,
      });
      return;
    }
    if (contents.isDestroyed()) return;
    reloads.push(at);
    logger.error('renderer gone; reloading', { ...details, attempt: reloads.length });
    contents.reload();
  });
  contents.on('unresponsive', () => logger.warn('renderer unresponsive'));
  contents.on('responsive', () => logger.info('renderer responsive again'));
}
