import type { CDPSession, Page } from '@playwright/test';

/**
 * CPU profiles of a page's dedicated workers (the pull runs in one), for
 * `LINLI_PROFILE_WORKER=file.cpuprofile`. Playwright's CDP session talks to a
 * page only, so the workers are reached through the page's session with
 * `Target.setAutoAttach` (not flattened) and `Target.sendMessageToTarget`.
 */
export interface WorkerProfiler {
  /** Stops every worker's profiler; the profiles by worker URL. */
  stop(): Promise<{ url: string; profile: unknown }[]>;
}

export async function profileWorkers(page: Page): Promise<WorkerProfiler> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const workers = new Map<string, string>();
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const send = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(() => resolve(null));
    });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const parsed = JSON.parse(message) as { id?: number; result?: unknown };
    if (parsed.id !== undefined) waiting.get(parsed.id)?.(parsed.result);
  });
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type !== 'worker') return;
    workers.set(sessionId, targetInfo.url);
    void send(sessionId, 'Profiler.enable').then(() =>
      send(sessionId, 'Profiler.setSamplingInterval', { interval: 500 }).then(() =>
        send(sessionId, 'Profiler.start'),
      ),
    );
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return {
    async stop() {
      const out: { url: string; profile: unknown }[] = [];
      for (const [sessionId, url] of workers) {
        const result = (await send(sessionId, 'Profiler.stop')) as { profile?: unknown } | null;
        if (result?.profile) out.push({ url, profile: result.profile });
      }
      return out;
    },
  };
}
