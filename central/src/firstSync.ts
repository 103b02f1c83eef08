/**
 * A new terminal's first sync, in the order the store needs it (`first=priority`
 * on a pull without a cursor): config, policy, staff and layout; open orders;
 * products and stock; then closed orders within the store's `historyDays`,
 * newest first. It is a snapshot of the feed at the version it started at
 * (`at`): the last snapshot page hands the terminal the feed cursor `at`, so
 * everything written meanwhile arrives as the feed goes on — exactly once,
 * since an entity changed after `at` is no longer in the snapshot.
 *
 * Stateless on HQ's side: the cursor carries the snapshot's version, the stage,
 * the position in it (a version), the stage totals counted at the start and
 * what was served. A page holds one stage only.
 */
import {
  DEFAULT_HISTORY_DAYS,
  FIRST_SYNC_STAGES,
  type FirstSyncCounts,
  type FirstSyncStage,
  type PullQuery,
  type StorePolicy,
} from '../../shared/contract';
import { CLOSED_STATUSES } from '../../shared/orders/state';
import { base64UrlToBytes, bytesToBase64Url } from '../../shared/token';
import type { Db, Queryable } from './db';
import { encodeCursor, loadEntities } from './repo';

const DAY_MS = 86_400_000;

interface SnapshotCursor {
  /** The feed version the snapshot stands at. */
  at: number;
  stage: number;
  /** Last version served in this stage (0: none yet; history walks down from `at + 1`). */
  pos: number;
  /** Closed orders changed before this instant (ms) are left out. */
  cutoff: number;
  totals: FirstSyncCounts;
  served: FirstSyncCounts;
}

const counts = (c: FirstSyncCounts) => FIRST_SYNC_STAGES.map((s) => c[s]).join(',');
const parseCounts = (text: string): FirstSyncCounts | null => {
  const n = text.split(',').map(Number);
  if (n.length !== 4 || n.some((v) => !Number.isSafeInteger(v) || v < 0)) return null;
  return { config: n[0]!, open: n[1]!, catalog: n[2]!, history: n[3]! };
};

export function encodeSnapshotCursor(c: SnapshotCursor): string {
  const text = `s1:${c.at}:${c.stage}:${c.pos}:${c.cutoff}:${counts(c.totals)}:${counts(c.served)}`;
  return bytesToBase64Url(new TextEncoder().encode(text));
}

/** null when the cursor is not a snapshot cursor of ours (it may be a feed cursor). */
export function decodeSnapshotCursor(cursor: string | undefined): SnapshotCursor | null {
  if (!cursor) return null;
  const bytes = base64UrlToBytes(cursor);
  if (!bytes) return null;
  const m = /^s1:(\d{1,15}):([0-3]):(\d{1,15}):(\d{1,15}):([\d,]{7,80}):([\d,]{7,80})$/.exec(
    new TextDecoder().decode(bytes),
  );
  if (!m) return null;
  const totals = parseCounts(m[5]!);
  const served = parseCounts(m[6]!);
  if (!totals || !served) return null;
  return { at: Number(m[1]), stage: Number(m[2]), pos: Number(m[3]), cutoff: Number(m[4]), totals, served };
}

/** Each stage's rows as SQL conditions on `entities` ($1 store, $2 snapshot version; history: `CUTOFF`). */
/** Orders a counter serves: not closed (collected, cancelled, returned). */
const OPEN_SQL = `(state->>'status') NOT IN (${CLOSED_STATUSES.map((s) => `'${s}'`).join(',')})`;
const STAGE_WHERE: Record<FirstSyncStage, string> = {
  config: `entity NOT IN ('order', 'product', 'stockLevel')`,
  open: `entity = 'order' AND ${OPEN_SQL}`,
  catalog: `entity IN ('product', 'stockLevel')`,
  history: `entity = 'order' AND NOT ${OPEN_SQL} AND (state->>'updatedAt')::timestamptz >= CUTOFF`,
};
const inSnapshot = `store_id = $1 AND NOT deleted AND version <= $2`;
const withCutoff = (where: string, param: number) => where.replace('CUTOFF', `$${param}::timestamptz`);

/** One feed line per row, as `pullPage` builds them (orders spliced from body and state). */
const LINE_SQL = `concat(
  '{"entity":', to_json(entity), ',"op":"upsert","key":', to_json(key),
  ',"data":', CASE WHEN state IS NULL OR state = '{}'::jsonb THEN concat(body_open, '}')
                   WHEN body_open = '{' THEN state::text
                   ELSE concat(body_open, ',', substr(state::text, 2)) END,
  ',"version":', version, '}')`;

/**
 * How a stage's page is read. Asked for a stage's rows, the planner misjudges the JSON
 * conditions (178 rows expected of 28,809) and sorts a scan of the whole store for every
 * page: 1 s a page at 70k, measured. Walking the feed index in order stops after a page's
 * rows. Without a sequential scan it still chose, for history's first pages, every order
 * through the primary key and a top-N sort (150–1,400 ms a page against 12 ms, B4's
 * data): no sort either. Config and open orders have partial indexes of their own
 * (migration 5), walked the same way.
 */
export const STAGE_PAGE_SETTINGS = [
  'SET LOCAL enable_seqscan = off',
  'SET LOCAL enable_bitmapscan = off',
  'SET LOCAL enable_sort = off',
] as const;

/** A stage's page: $1 store, $2 snapshot version, $3 position, $4 limit, $5 history's cutoff. */
export function stagePageSql(stage: FirstSyncStage): string {
  // history runs newest first: down from the snapshot's version
  const down = stage === 'history';
  return `WITH page AS (
       SELECT entity, key, body_open, state, version FROM entities
       WHERE ${inSnapshot} AND ${withCutoff(STAGE_WHERE[stage], 5)} AND version ${down ? '<' : '>'} $3
       ORDER BY version ${down ? 'DESC' : 'ASC'} LIMIT $4
     )
     SELECT string_agg(${LINE_SQL}, ',' ORDER BY version ${down ? 'DESC' : 'ASC'}) AS lines,
            count(*)::int AS n, ${down ? 'min' : 'max'}(version) AS last
     FROM page`;
}

async function historyDaysOf(db: Queryable, storeId: string): Promise<number> {
  const policy = (await loadEntities<StorePolicy>(db, storeId, 'storePolicy', [storeId])).get(storeId);
  return policy?.historyDays ?? DEFAULT_HISTORY_DAYS;
}

async function startSnapshot(db: Queryable, storeId: string, now: Date): Promise<SnapshotCursor> {
  const { rows: store } = await db.query<{ version: number }>('SELECT version FROM stores WHERE id = $1', [
    storeId,
  ]);
  const at = Number(store[0]?.version ?? 0);
  const cutoff = now.getTime() - (await historyDaysOf(db, storeId)) * DAY_MS;
  const { rows } = await db.query<Record<FirstSyncStage, number>>(
    `SELECT ${FIRST_SYNC_STAGES.map((s) => `count(*) FILTER (WHERE ${withCutoff(STAGE_WHERE[s], 3)})::int AS "${s}"`).join(', ')}
     FROM entities WHERE ${inSnapshot}`,
    [storeId, at, new Date(cutoff).toISOString()],
  );
  const r = rows[0];
  const totals = {
    config: r?.config ?? 0,
    open: r?.open ?? 0,
    catalog: r?.catalog ?? 0,
    history: r?.history ?? 0,
  };
  return {
    at,
    stage: 0,
    pos: 0,
    cutoff,
    totals,
    served: { config: 0, open: 0, catalog: 0, history: 0 },
  };
}

/**
 * A first-sync page as the changes endpoint's JSON text, or null when the query
 * is not one (a feed cursor, or no `first=priority` without a cursor).
 */
export async function firstSyncPage(
  db: Db,
  storeId: string,
  query: PullQuery,
  now: Date,
): Promise<string | null> {
  let c = decodeSnapshotCursor(query.cursor);
  if (!c) {
    if (query.cursor || query.first !== 'priority') return null;
    c = await startSnapshot(db, storeId, now);
  }
  for (;;) {
    const stage = FIRST_SYNC_STAGES[c.stage]!;
    // history runs newest first: down from the snapshot's version
    const down = stage === 'history';
    const from = down && c.pos === 0 ? c.at + 1 : c.pos;
    const params = [storeId, c.at, from, query.limit, ...(down ? [new Date(c.cutoff).toISOString()] : [])];
    const { rows } = await db.transaction(async (tx) => {
      for (const setting of STAGE_PAGE_SETTINGS) await tx.query(setting);
      return tx.query<{ lines: string | null; n: number; last: number | null }>(stagePageSql(stage), params);
    });
    const n = Number(rows[0]?.n ?? 0);
    const stageDone = n < query.limit;
    const served = { ...c.served, [stage]: stageDone ? c.totals[stage] : c.served[stage] + n };
    const last = c.stage === FIRST_SYNC_STAGES.length - 1 && stageDone;
    const next: SnapshotCursor = stageDone
      ? { ...c, stage: c.stage + 1, pos: 0, served }
      : { ...c, pos: Number(rows[0]!.last), served };
    if (n === 0 && !last) {
      c = next;
      continue;
    }
    const progress = JSON.stringify({ stage, totals: c.totals, served });
    if (!last) {
      const remaining = query.count === 'remaining' ? `,"remaining":${remainingAfter(next)}` : '';
      return `{"changes":[${rows[0]?.lines ?? ''}],"cursor":${JSON.stringify(encodeSnapshotCursor(next))},"hasMore":true${remaining},"firstSync":${progress}}`;
    }
    // The snapshot is done: the feed goes on from the version it stood at.
    const { rows: more } = await db.query<{ more: boolean; remaining: number }>(
      `SELECT count(*)::int AS remaining, count(*) > 0 AS more FROM entities WHERE store_id = $1 AND version > $2`,
      [storeId, c.at],
    );
    const remaining = query.count === 'remaining' ? `,"remaining":${Number(more[0]?.remaining ?? 0)}` : '';
    return `{"changes":[${rows[0]?.lines ?? ''}],"cursor":${JSON.stringify(encodeCursor(c.at))},"hasMore":${!!more[0]?.more}${remaining},"firstSync":${progress}}`;
  }
}

/** What the snapshot still has to serve after `c` (the feed's tail after it is not counted). */
function remainingAfter(c: SnapshotCursor): number {
  let left = 0;
  for (const stage of FIRST_SYNC_STAGES) left += Math.max(0, c.totals[stage] - c.served[stage]);
  return left;
}
