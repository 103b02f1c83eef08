import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MIGRATIONS } from './migrations';

/**
 * The one storage interface of the central: PGlite (embedded PostgreSQL, in
 * memory or in a directory) or a real PostgreSQL server through `pg`. Both run
 * the same SQL; queries use positional parameters ($1 …).
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openPglite(dataDir?: string): Promise<Db> {
  // Emscripten's in-memory files grow by copying: zero-filled new WAL segments and
  // full-page images cost more than the queries. In memory there is no torn page to
  // guard against; on disk, PGlite writes whole files on sync anyway.
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  const startParams = [
    ...defaults,
    ...['-c', 'wal_init_zero=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=128MB'],
    ...['-c', 'max_wal_size=1GB', '-c', 'min_wal_size=256MB'],
  ];
  const lite = dataDir ? new PGlite(dataDir, { startParams }) : new PGlite({ startParams });
  await lite.waitReady;
  const db: Db = {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => {
      const res = await lite.query<T>(sql, params);
      return { rows: res.rows };
    },
    transaction: (fn) =>
      lite.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: unknown[]) => ({
            rows: (await tx.query<T>(sql, params)).rows,
          }),
        }),
      ),
    exec: async (sql) => {
      await lite.exec(sql);
    },
    close: () => lite.close(),
  };
  await migrate(db);
  return db;
}

/**
 * A pool on a PostgreSQL server. `schema` isolates a database in its own
 * schema (tests): it is created when missing and set as the search path of
 * every connection.
 */
export async function openPostgres(
  url: string,
  options: { schema?: string; max?: number } = {},
): Promise<Db> {
  const { schema } = options;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 8,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // Bigints (versions, sums) arrive as strings by default; they stay far below 2^53.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
  };
  const db: Db = {
    kind: 'postgres',
    query: async <T>(sql: string, params?: unknown[]) => {
      const res = await pool.query({ text: sql, values: params, types });
      return { rows: res.rows as T[] };
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async <T>(sql: string, params?: unknown[]) => {
            const res = await client.query({ text: sql, values: params, types });
            return { rows: res.rows as T[] };
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
  await migrate(db);
  return db;
}

/** Opens what the environment asks for: DATABASE_URL → PostgreSQL, else PGlite. */
export function openDb(options: { databaseUrl?: string; dataDir?: string; memory?: boolean }): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.memory ? undefined : options.dataDir);
}

async function migrate(db: Db): Promise<void> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) =>
      Number(r.version),
    ),
  );
  for (const [index, sql] of MIGRATIONS.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await db.transaction(async (tx) => {
      for (const statement of sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        await tx.query(statement);
      }
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING', [version]);
    });
  }
}
