/**
 * Migration test harness: build a database exactly as an older release left it
 * (that version's schema, raw rows), then open it with the current `LinliDb` so
 * the `upgrade()` functions run. For v2: add SCHEMA_V2 to `SCHEMA_HISTORY`, and
 * a test that seeds v1 with `seedVersion(name, 1, rows)` and checks the rows
 * after `openCurrent(name)`.
 */
import { Dexie } from 'dexie';
import { LinliDb } from '../db/database';
import { SCHEMA_HISTORY } from '../db/schema';

export type SeedRows = Partial<Record<string, readonly unknown[]>>;

/** Creates `name` at schema `version` (as released) and fills it with `rows`, then closes it. */
export async function seedVersion(
  name: string,
  version: keyof typeof SCHEMA_HISTORY,
  rows: SeedRows,
): Promise<void> {
  const old = new Dexie(name);
  old.version(version).stores(SCHEMA_HISTORY[version]);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const [table, data] of Object.entries(rows)) {
      if (data && data.length > 0) await old.table(table).bulkAdd([...data]);
    }
  });
  old.close();
}

/** Opens `name` with the current schema (running every pending upgrade). */
export async function openCurrent(name: string): Promise<LinliDb> {
  const db = new LinliDb(name);
  await db.open();
  return db;
}

/** Index names per table as IndexedDB reports them — to compare a migrated DB with a fresh one. */
export function describeSchema(db: Dexie): Record<string, { primKey: string; indexes: string[] }> {
  return Object.fromEntries(
    db.tables.map((t) => [
      t.name,
      { primKey: t.schema.primKey.src, indexes: t.schema.indexes.map((i) => i.src).sort() },
    ]),
  );
}
