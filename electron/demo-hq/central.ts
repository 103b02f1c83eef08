// Runs in the demo HQ's utility process (electron/demo-hq/child.ts), never in
// Electron's main process: PGlite and fastify would stall its event loop.
import type { CentralStarter } from '../main/demo-hq';

/** Something that can listen and be closed: a fastify app. */
interface Listener {
  listen(options: { port: number; host: string }): Promise<string>;
  close(): PromiseLike<unknown>;
}

/**
 * Listens on `port`, or on a free port when that one is taken (another copy of
 * the demo HQ, `npm run web`, anything). Each attempt gets a fresh app: a fastify
 * instance that failed to listen cannot listen again.
 */
export async function listenWithFallback(
  createApp: () => Listener,
  host: string,
  port: number,
): Promise<{ app: Listener; url: string }> {
  const attempt = async (onPort: number) => {
    const app = createApp();
    try {
      return { app, url: await app.listen({ port: onPort, host }) };
    } catch (error) {
      await Promise.resolve(app.close()).catch(() => undefined);
      throw error;
    }
  };
  try {
    return await attempt(port);
  } catch (error) {
    if (port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return attempt(0);
  }
}

/**
 * Starts the reference central (central/) in this process: PGlite in `dataDir`,
 * demo data on first start, the admin endpoints on (they serve loopback clients
 * only, and it listens on loopback only).
 */
export const startReferenceCentral: CentralStarter = async ({ dataDir, host, port }) => {
  const { createCentral } = await import('../../central/src/central');
  const central = await createCentral({ dataDir, demo: true, enableAdmin: true });
  try {
    const { app, url } = await listenWithFallback(() => central.newApp(), host, port);
    return {
      url,
      close: async () => {
        await app.close();
        await central.close();
      },
    };
  } catch (error) {
    await central.close().catch(() => undefined);
    throw error;
  }
};
