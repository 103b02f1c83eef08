import type { CentralStarter } from './demo-hq';
import { isDemoHqReply, type DemoHqReply, type DemoHqRequest } from '../demo-hq/protocol';
import type { Logger } from './logger';

/** What is used of Electron's UtilityProcess (a child_process stand-in in tests). */
export interface ChildProcessLike {
  postMessage(message: DemoHqRequest): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export type Fork = (modulePath: string) => ChildProcessLike;

export interface UtilityStarterOptions {
  fork: Fork;
  /** dist/electron/demo-hq.cjs */
  modulePath: string;
  logger: Logger;
  /** First start creates and seeds the database: seconds on a slow machine. */
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

/**
 * Starts the reference central in a utility process: PGlite and fastify off
 * Electron's main thread. Resolves with its URL; `close()` asks it to stop and
 * kills it when it does not within `stopTimeoutMs`.
 */
export function createUtilityProcessStarter({
  fork,
  modulePath,
  logger,
  startTimeoutMs = 120_000,
  stopTimeoutMs = 5_000,
}: UtilityStarterOptions): CentralStarter {
  return (options) =>
    new Promise((resolve, reject) => {
      const child = fork(modulePath);
      let exited = false;
      let settled = false;
      const waiters = new Set<(reply: DemoHqReply | 'exit') => void>();
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill();
        reject(new Error(`no answer from the demo HQ process within ${startTimeoutMs} ms`));
      }, startTimeoutMs);
      child.on('message', (message) => {
        if (!isDemoHqReply(message)) return;
        for (const waiter of waiters) waiter(message);
        if (settled) return;
        if (message.type === 'started') {
          settled = true;
          clearTimeout(timer);
          resolve({ url: message.url, close });
        } else if (message.type === 'failed') {
          settled = true;
          clearTimeout(timer);
          child.kill();
          reject(new Error(message.message));
        }
      });
      child.on('exit', (code) => {
        exited = true;
        for (const waiter of waiters) waiter('exit');
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          reject(new Error(`the demo HQ process exited (code ${code}) before it listened`));
        } else logger.warn('demo HQ: its process exited', { code });
      });

      function close(): Promise<void> {
        if (exited) return Promise.resolve();
        return new Promise<void>((done) => {
          const finish = () => {
            clearTimeout(kill);
            waiters.delete(onReply);
            done();
          };
          const onReply = (reply: DemoHqReply | 'exit') => {
            if (reply === 'exit' || reply.type === 'stopped') finish();
          };
          const kill = setTimeout(() => {
            logger.warn('demo HQ: did not stop in time; killing its process');
            child.kill();
            finish();
          }, stopTimeoutMs);
          waiters.add(onReply);
          child.postMessage({ type: 'stop' });
        });
      }

      child.postMessage({ type: 'start', ...options });
    });
}
