import { randomBytes } from 'node:crypto';
import { openPglite, openPostgres, type Db } from './db';

/**
 * Test/bench backends: PGlite always; PostgreSQL when LINLI_TEST_PG_URL (or
 * DATABASE_URL for benchmarks) is set, each opened in a fresh schema that is
 * dropped afterwards so runs never interfere.
 */
export interface Backend {
  name: 'PGlite' | 'PostgreSQL';
  open(): Promise<{ db: Db; dispose(): Promise<void> }>;
}

export function testBackends(env: NodeJS.ProcessEnv = process.env, extraUrl?: string): Backend[] {
  const backends: Backend[] = [
    {
      name: 'PGlite',
      open: async () => {
        const db = await openPglite();
        return { db, dispose: () => db.close() };
      },
    },
  ];
  const url = env.LINLI_TEST_PG_URL || extraUrl;
  if (url) {
    backends.push({
      name: 'PostgreSQL',
      open: async () => {
        const schema = `linli_t_${randomBytes(6).toString('hex')}`;
        const db = await openPostgres(url, { schema });
        return {
          db,
          dispose: async () => {
            await db.exec(`DROP SCHEMA ${schema} CASCADE`);
            await db.close();
          },
        };
      },
    });
  }
  return backends;
}
