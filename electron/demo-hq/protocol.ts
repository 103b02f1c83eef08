/**
 * Messages between the main process and the demo HQ's utility process
 * (electron/demo-hq/child.ts). The main process only forwards; PGlite and
 * fastify run in the child so a big pull never stalls window events, app://
 * loading or IPC on Electron's main thread.
 */
export type DemoHqRequest = { type: 'start'; dataDir: string; host: string; port: number } | { type: 'stop' };

export type DemoHqReply =
  { type: 'started'; url: string } | { type: 'failed'; message: string } | { type: 'stopped' };

export function isDemoHqReply(value: unknown): value is DemoHqReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.type === 'started' && typeof v.url === 'string') ||
    (v.type === 'failed' && typeof v.message === 'string') ||
    v.type === 'stopped'
  );
}

export function isDemoHqRequest(value: unknown): value is DemoHqRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.type === 'start' &&
      typeof v.dataDir === 'string' &&
      typeof v.host === 'string' &&
      typeof v.port === 'number') ||
    v.type === 'stop'
  );
}
