import type { EntityName } from '../../shared/contract';
import { base64UrlToBytes, bytesToBase64Url } from '../../shared/token';
import type { Queryable } from './db';

/**
 * A change to write into a store's feed: `data` replaces the entity (null
 * deletes it); `patch` merges top-level fields into an existing one, so a
 * handover never ships the whole order back and forth.
 */
export type EntityWrite =
  | { entity: EntityName; key: string; data: Record<string, unknown> | null; patch?: undefined }
  | { entity: EntityName; key: string; patch: Record<string, unknown>; data?: undefined };

/**
 * Locks the store's feed sequence for the rest of the transaction. Every
 * writer of a store takes it first, so versions commit in order and a reader
 * never sees version n+1 before version n (a cursor never skips a change).
 */
export async function lockStore(tx: Queryable, storeId: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT version FROM stores WHERE id = $1 FOR UPDATE', [storeId]);
  return rows.length === 1;
}

const CHUNK = 2000;

/**
 * Gives each write the store's next version (in order; the last write of one
 * entity wins) and upserts them, set-based. Call inside a transaction after
 * `lockStore`. Orders carry their version inside the document too.
 */
export async function writeEntities(
  tx: Queryable,
  storeId: string,
  writes: readonly EntityWrite[],
): Promise<void> {
  const latest = new Map<string, EntityWrite>();
  for (const w of writes) {
    const id = `${w.entity}\u0000${w.key}`;
    latest.delete(id);
    latest.set(id, w);
  }
  const unique = [...latest.values()];
  if (unique.length === 0) return;
  const { rows } = await tx.query<{ version: number }>(
    'UPDATE stores SET version = version + $2 WHERE id = $1 RETURNING version',
    [storeId, unique.length],
  );
  const last = Number(rows[0]?.version);
  let version = last - unique.length;
  const records: {
    entity: string;
    key: string;
    data: unknown;
    body_open: string | null;
    state: unknown;
    deleted: boolean;
    version: number;
  }[] = [];
  const patches: { entity: string; key: string; patch: unknown; version: number }[] = [];
  for (const w of unique) {
    version += 1;
    if (w.patch) patches.push({ entity: w.entity, key: w.key, patch: w.patch, version });
    else {
      const data = w.data && w.entity === 'order' ? { ...w.data, version } : w.data;
      const { bodyOpen, state } = splitForFeed(w.entity, data);
      // an order lives only as body + state (half the row to rewrite on every handover)
      const stored = w.entity === 'order' ? null : data;
      records.push({
        entity: w.entity,
        key: w.key,
        data: stored,
        body_open: bodyOpen,
        state,
        deleted: w.data === null,
        version,
      });
    }
  }
  for (let i = 0; i < patches.length; i += CHUNK) {
    await tx.query(
      `UPDATE entities AS e
       SET data = CASE WHEN e.data IS NULL THEN NULL ELSE e.data || x.patch END,
           state = coalesce(e.state, '{}'::jsonb) || x.patch
                   || CASE WHEN x.entity = 'order' THEN jsonb_build_object('version', x.version) ELSE '{}'::jsonb END,
           version = x.version
       FROM jsonb_to_recordset($2::jsonb) AS x(entity text, key text, patch jsonb, version bigint)
       WHERE e.store_id = $1 AND e.entity = x.entity AND e.key = x.key`,
      [storeId, JSON.stringify(patches.slice(i, i + CHUNK))],
    );
  }
  for (let i = 0; i < records.length; i += CHUNK) {
    await tx.query(
      `INSERT INTO entities (store_id, entity, key, data, body_open, state, deleted, version)
       SELECT $1, x.entity, x.key, x.data, x.body_open, x.state, x.deleted, x.version
       FROM jsonb_to_recordset($2::jsonb)
         AS x(entity text, key text, data jsonb, body_open text, state jsonb, deleted boolean, version bigint)
       ON CONFLICT (store_id, entity, key) DO UPDATE
       SET data = EXCLUDED.data, body_open = EXCLUDED.body_open, state = EXCLUDED.state,
           deleted = EXCLUDED.deleted, version = EXCLUDED.version`,
      [storeId, JSON.stringify(records.slice(i, i + CHUNK))],
    );
  }
}

/**
 * Fields of an order that change after it is created: they live in `state`,
 * the rest in the body, so the two never share a key and the pull can splice them.
 * Patches may only touch these.
 */
export const MUTABLE_ORDER_FIELDS = [
  'status',
  'slotAssignments',
  'updatedAt',
  'arrivedAt',
  'shelvedAt',
  'collection',
  'cancelledAt',
  'cancelReason',
  'returnedAt',
  'lastRemindedAt',
  'extendedUntil',
  'version',
  // 定时送达 (#17), after the migration that split stored orders: no order stored then had it
  'delivery',
] as const;
const MUTABLE = new Set<string>(MUTABLE_ORDER_FIELDS);

function splitForFeed(
  entity: string,
  data: Record<string, unknown> | null,
): { bodyOpen: string | null; state: unknown } {
  if (data === null) return { bodyOpen: null, state: null };
  // stored without its closing brace (see `bodySql`)
  if (entity !== 'order') return { bodyOpen: JSON.stringify(data).slice(0, -1), state: null };
  const body: Record<string, unknown> = {};
  const state: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) (MUTABLE.has(k) ? state : body)[k] = v;
  return { bodyOpen: JSON.stringify(body).slice(0, -1), state };
}

/** SQL for the body's JSON text: `body_open` is stored without its closing brace. */
export const bodySql = (alias = '') => `(${alias}body_open || '}')`;

/** SQL for an entity's whole document (orders are stored as body + state). */
export const docSql = (alias = '') =>
  `coalesce(${alias}data, ${bodySql(alias)}::jsonb || coalesce(${alias}state, '{}'::jsonb))`;

/** Loads entities of one kind by key, for a store. */
export async function loadEntities<T>(
  tx: Queryable,
  storeId: string,
  entity: EntityName,
  keys?: readonly string[],
): Promise<Map<string, T>> {
  const { rows } = keys
    ? await tx.query<{ key: string; data: T }>(
        `SELECT key, ${docSql()} AS data FROM entities
         WHERE store_id = $1 AND entity = $2 AND key = ANY($3::text[]) AND NOT deleted`,
        [storeId, entity, keys],
      )
    : await tx.query<{ key: string; data: T }>(
        `SELECT key, ${docSql()} AS data FROM entities WHERE store_id = $1 AND entity = $2 AND NOT deleted`,
        [storeId, entity],
      );
  return new Map(rows.map((r) => [r.key, r.data]));
}

// ---- cursors: opaque to clients, a per-store version inside ----

export function encodeCursor(version: number): string {
  return bytesToBase64Url(new TextEncoder().encode(`c1:${version}`));
}

/** null when the cursor is not one of ours. Empty/absent cursor = start. */
export function decodeCursor(cursor: string | undefined): number | null {
  if (cursor === undefined || cursor === '') return 0;
  const bytes = base64UrlToBytes(cursor);
  if (!bytes) return null;
  const match = /^c1:(\d{1,15})$/.exec(new TextDecoder().decode(bytes));
  return match ? Number(match[1]) : null;
}

/**
 * One page of a store's feed, assembled as one text inside the database from
 * the stored JSON text (`body_open`, spliced with the small `state`): one value
 * crosses to JS and no document is re-serialised. Pulls are the heaviest read.
 */
export async function pullPage(
  db: Queryable,
  storeId: string,
  after: number,
  limit: number,
  options: { countRemaining?: boolean } = {},
): Promise<{ body: string; count: number }> {
  // concat() builds each line in one allocation; `||` chains copied it once per piece.
  // data: body_open + '}' | body_open + ',' + state's text after its '{' (state never shares a key).
  const { rows } = await db.query<{
    changes: string | null;
    n: number;
    last: number | null;
    more: boolean;
    remaining?: number;
  }>(
    `WITH page AS (
       SELECT entity, key, body_open, state, deleted, version FROM entities
       WHERE store_id = $1 AND version > $2 ORDER BY version LIMIT $3
     )
     SELECT string_agg(
              concat(
                '{"entity":', to_json(entity),
                ',"op":', CASE WHEN deleted THEN '"delete"' ELSE '"upsert"' END,
                ',"key":', to_json(key),
                ',"data":', CASE WHEN deleted OR body_open IS NULL THEN 'null'
                                 WHEN state IS NULL OR state = '{}'::jsonb THEN concat(body_open, '}')
                                 WHEN body_open = '{' THEN state::text
                                 ELSE concat(body_open, ',', substr(state::text, 2)) END,
                ',"version":', version, '}'),
              ',' ORDER BY version) AS changes,
            count(*)::int AS n,
            max(version) AS last,
            ${
              // a count walks the rest of the feed (~25 ms for 70k on PGlite): only when asked
              options.countRemaining
                ? `(SELECT count(*)::int FROM entities WHERE store_id = $1
                    AND version > coalesce((SELECT max(version) FROM page), $2)) AS remaining,`
                : ''
            }
            EXISTS (SELECT 1 FROM entities WHERE store_id = $1
                    AND version > coalesce((SELECT max(version) FROM page), $2)) AS more
     FROM page`,
    [storeId, after, limit],
  );
  const row = rows[0];
  const count = Number(row?.n ?? 0);
  const last = row?.last == null ? after : Number(row.last);
  return {
    body: `{"changes":[${row?.changes ?? ''}],"cursor":${JSON.stringify(encodeCursor(last))},"hasMore":${!!row?.more}${
      options.countRemaining ? `,"remaining":${Number(row?.remaining ?? 0)}` : ''
    }}`,
    count,
  };
}
