import type { FastifyInstance } from 'fastify';
import { openDb, type Db } from './db';
import { isSeeded, seedDemo, type SeedOptions, type SeedSummary } from './demo';
import { buildApp, type AppOptions } from './server';

export interface CreateCentralOptions extends Omit<AppOptions, 'db'> {
  /** An open database (tests, benchmarks); otherwise one is opened from the fields below. */
  db?: Db;
  /** PostgreSQL server; without it PGlite in `dataDir`, or in memory. */
  databaseUrl?: string;
  dataDir?: string;
  memory?: boolean;
  /**
   * Seed the demo stores when the database is empty (`--demo`): never for a
   * real HQ, which is provisioned with `init`. `true` = seed 1, today.
   */
  demo?: boolean | (Partial<SeedOptions> & { seed?: number });
  /** Empty the database first (demo only: today's demo orders again). */
  reset?: boolean;
}

export interface Central {
  db: Db;
  /** The fastify app, not yet listening: `await central.app.listen({ port, host })` or `app.inject()`. */
  app: FastifyInstance;
  /** Another app on the same database (one that failed to listen cannot listen again). */
  newApp(): FastifyInstance;
  /** What the demo seed made, when it seeded now. */
  seeded: SeedSummary | null;
  /** Closes every app it made, then the database when it opened it. */
  close(): Promise<void>;
}

const TABLES =
  'entities, order_secrets, mutations, sales, shifts, day_closes, pickup_keys, meta, terminals, stores';

/**
 * The one way to start the reference central: open the database (which
 * migrates it), seed the demo data when asked and the database is empty, and
 * build the fastify app. Used by the CLI, the in-app demo HQ, the benchmarks
 * and the renderer's test harness.
 */
export async function createCentral(options: CreateCentralOptions = {}): Promise<Central> {
  const { db: given, databaseUrl, dataDir, memory, demo, reset, ...appOptions } = options;
  const db =
    given ??
    (await openDb({
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(dataDir ? { dataDir } : {}),
      memory: memory ?? !dataDir,
    }));
  const apps: FastifyInstance[] = [];
  try {
    if (reset) await db.exec(`TRUNCATE ${TABLES} CASCADE`);
    let seeded: SeedSummary | null = null;
    if (demo && !(await isSeeded(db))) {
      const seedOptions = demo === true ? {} : demo;
      seeded = await seedDemo(db, { seed: 1, now: appOptions.now?.() ?? new Date(), ...seedOptions });
    }
    const newApp = () => {
      const app = buildApp({ db, ...appOptions });
      apps.push(app);
      return app;
    };
    const app = newApp();
    return {
      db,
      app,
      newApp,
      seeded,
      close: async () => {
        for (const a of apps) await a.close();
        if (!given) await db.close();
      },
    };
  } catch (error) {
    if (!given) await db.close().catch(() => undefined);
    throw error;
  }
}

/** Whether the database has been provisioned or seeded (a server refuses to serve an empty one). */
export { isSeeded as isProvisioned } from './demo';
