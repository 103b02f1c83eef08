import type { EntityName } from '../../shared/contract';
import { base64UrlToBytes, bytesToBase64Url } from '../../shared/token';
import type { Queryable } from './db';

/** A change to write into a store's feed: `data` null deletes the entity. */
export interface EntityWrite {
  entity: EntityName;
  key: string;
  data: Record<string, unknown> | null;
}

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
 * `lockStore`. Orders carry their version inside `data` too.
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
  const records = unique.map((w) => {
    version += 1;
    const data = w.data && w.entity === 'order' ? { ...w.data, version } : w.data;
    return { entity: w.entity, key: w.key, data, deleted: w.data === null, version };
  });
  for (let i = 0; i < records.length; i += CHUNK) {
    await tx.query(
      `INSERT INTO entities (store_id, entity, key, data, deleted, version)
       SELECT $1, x.entity, x.key, x.data, x.deleted, x.version
       FROM jsonb_to_recordset($2::jsonb) AS x(entity text, key text, data jsonb, deleted boolean, version bigint)
       ON CONFLICT (store_id, entity, key) DO UPDATE
       SET data = EXCLUDED.data, deleted = EXCLUDED.deleted, version = EXCLUDED.version`,
      [storeId, JSON.stringify(records.slice(i, i + CHUNK))],
    );
  }
}

/** Loads entities of one kind by key, for a store. */
export async function loadEntities<T>(
  tx: Queryable,
  storeId: string,
  entity: EntityName,
  keys?: readonly string[],
): Promise<Map<string, T>> {
  const { rows } = keys
    ? await tx.query<{ key: string; data: T }>(
        'SELECT key, data FROM entities WHERE store_id = $1 AND entity = $2 AND key = ANY($3::text[]) AND NOT deleted',
        [storeId, entity, keys],
      )
    : await tx.query<{ key: string; data: T }>(
        'SELECT key, data FROM entities WHERE store_id = $1 AND entity = $2 AND NOT deleted',
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
 * One page of a store's feed, serialised straight from the stored JSON text
 * (no parse + stringify of every entity: pulls are the heaviest read).
 */
export async function pullPage(
  db: Queryable,
  storeId: string,
  after: number,
  limit: number,
): Promise<{ body: string; count: number }> {
  const { rows } = await db.query<{
    entity: string;
    key: string;
    data: string | null;
    deleted: boolean;
    version: number;
  }>(
    `SELECT entity, key, data::text AS data, deleted, version FROM entities
     WHERE store_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
    [storeId, after, limit + 1],
  );
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page.length ? Number(page[page.length - 1]?.version) : after;
  const parts = page.map(
    (r) =>
      `{"entity":${JSON.stringify(r.entity)},"op":${r.deleted ? '"delete"' : '"upsert"'},"key":${JSON.stringify(r.key)},"data":${
        r.deleted || r.data === null ? 'null' : r.data
      },"version":${Number(r.version)}}`,
  );
  return {
    body: `{"changes":[${parts.join(',')}],"cursor":${JSON.stringify(encodeCursor(last))},"hasMore":${hasMore}}`,
    count: page.length,
  };
}
