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
  /**
   * ANALYZEs the tables whose statistics are far off (rows changed since their
   * last analyze outnumber the rows they had; see `analyzeStale`); returns their names.
   * PGlite has no autovacuum: without this, a table loaded in bulk keeps the
   * statistics of its empty self and the planner sorts the whole feed for each
   * pull page (66 ms instead of 2 ms per 1000 changes, measured). PGlite runs
   * it by itself about a second after writes; PostgreSQL's autovacuum does the
   * same there. Call it directly after a bulk load.
   */
  analyzeIfStale(): Promise<string[]>;
  /** PGlite only: the whole database as a tarball, to open again with `loadDataDir` (benchmarks' seed cache). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

/**
 * Tables whose rows changed by more than `500 +` the rows they had at their
 * last ANALYZE (`reltuples`; none when never analyzed), i.e. that have about
 * doubled or been rewritten since: statistics off by
 * less than that still give the same plans here. Autovacuum's own threshold
 * (50 + 10 %) runs in a separate process; inline in PGlite it would ANALYZE a
 * growing table every few batches, and each one stalls every request behind it
 * (push throughput fell from 7,300 to 4,900 handovers/s, measured). Pending
 * statistics are flushed first.
 */
async function analyzeStale(db: Queryable): Promise<string[]> {
  // Counters reach the shared statistics at most once a second; this makes the next statement flush them.
  await db.query('SELECT pg_stat_force_next_flush()');
  await db.query('SELECT 1');
  const { rows } = await db.query<{ relname: string }>(
    `SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.n_mod_since_analyze > 500 + greatest(c.reltuples, 0)
     ORDER BY s.relname`,
  );
  for (const { relname } of rows) await db.query(`ANALYZE "${relname.replaceAll('"', '""')}"`);
  return rows.map((r) => r.relname);
}

/** How long after a write PGlite checks its statistics (at most one check in flight). */
const AUTO_ANALYZE_DELAY_MS = 1000;

export interface PgliteOptions {
  /** The check after writes; null turns it off (a test that needs the planner's view before it). */
  autoAnalyzeDelayMs?: number | null;
  /** Starts from a `dumpDataDir()` tarball instead of an empty database. */
  loadDataDir?: Blob;
}

export async function openPglite(
  dataDir?: string,
  { autoAnalyzeDelayMs = AUTO_ANALYZE_DELAY_MS, loadDataDir }: PgliteOptions = {},
): Promise<Db> {
  // Emscripten's in-memory files grow by copying: zero-filled new WAL segments and
  // full-page images cost more than the queries. In memory there is no torn page to
  // guard against; on disk, PGlite writes whole files on sync anyway.
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  const startParams = [
    ...defaults,
    ...['-c', 'wal_init_zero=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=128MB'],
    ...['-c', 'max_wal_size=1GB', '-c', 'min_wal_size=256MB'],
  ];
  const load = loadDataDir ? { loadDataDir } : {};
  const lite = dataDir ? new PGlite(dataDir, { startParams, ...load }) : new PGlite({ startParams, ...load });
  await lite.waitReady;
  let closed = false;
  let analyzeTimer: ReturnType<typeof setTimeout> | null = null;
  let analyzing: Promise<string[]> | null = null;
  const analyzeNow = (): Promise<string[]> =>
    (analyzing ??= analyzeStale(db).finally(() => {
      analyzing = null;
    }));
  /** Stands in for autovacuum: a write schedules one statistics check a second later. */
  const afterWrite = () => {
    if (closed || analyzeTimer || autoAnalyzeDelayMs === null) return;
    analyzeTimer = setTimeout(() => {
      analyzeTimer = null;
      if (!closed) analyzeNow().catch((error: unknown) => console.warn('[central] ANALYZE failed', error));
    }, autoAnalyzeDelayMs);
    analyzeTimer.unref?.();
  };
  const db: Db = {
    kind: 'pglite',
    query: async <T>(sql: string, params?: unknown[]) => {
      const res = await lite.query<T>(sql, params);
      if (res.affectedRows) afterWrite();
      return { rows: res.rows };
    },
    transaction: async (fn) => {
      const result = await lite.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: unknown[]) => ({
            rows: (await tx.query<T>(sql, params)).rows,
          }),
        }),
      );
      afterWrite();
      return result;
    },
    exec: async (sql) => {
      await lite.exec(sql);
      afterWrite();
    },
    analyzeIfStale: analyzeNow,
    dumpDataDir: async () => (await lite.dumpDataDir('gzip')) as Blob,
    close: async () => {
      closed = true;
      if (analyzeTimer) clearTimeout(analyzeTimer);
      await analyzing?.catch(() => undefined);
      await lite.close();
    },
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
    analyzeIfStale: () => analyzeStale(db),
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
