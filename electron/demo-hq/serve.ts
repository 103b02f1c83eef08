import type { CentralHandle } from '../main/demo-hq';
import { isDemoHqRequest, type DemoHqReply } from './protocol';

/** What the child needs of Electron's `process.parentPort` (a fake in tests). */
export interface Port {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: DemoHqReply): void;
}

export type Start = (options: { dataDir: string; host: string; port: number }) => Promise<CentralHandle>;

/**
 * The child's side: one central at a time; `stop` closes it (PGlite's files left
 * consistent) and then the process exits.
 */
export function serveDemoHq(port: Port, start: Start, exit: (code: number) => void): void {
  let handle: CentralHandle | null = null;
  port.on('message', ({ data }) => {
    if (!isDemoHqRequest(data)) return;
    if (data.type === 'start') {
      if (handle) {
        port.postMessage({ type: 'started', url: handle.url });
        return;
      }
      start({ dataDir: data.dataDir, host: data.host, port: data.port }).then(
        (started) => {
          handle = started;
          port.postMessage({ type: 'started', url: started.url });
        },
        (error: unknown) => {
          port.postMessage({
            type: 'failed',
            message: error instanceof Error ? error.message : String(error),
          });
        },
      );
      return;
    }
    const closing = handle ? handle.close() : Promise.resolve();
    handle = null;
    void closing
      .catch(() => undefined)
      .then(() => {
        port.postMessage({ type: 'stopped' });
        exit(0);
      });
  });
}
