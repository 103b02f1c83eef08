import { PGlite } from '@electric-sql/pglite';
import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type Db } from './db';
import { seedDemo } from './demo';
import { MIGRATIONS } from './migrations';
import { lockStore, pullPage, writeEntities, type EntityWrite } from './repo';

/** The plan of the pull's page query, as text. */
async function pullPlan(db: Db): Promise<string> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT key, version FROM entities WHERE store_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
    ['S001', 1000, 1000],
  );
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function bulkLoad(db: Db, count: number): Promise<void> {
  const writes: EntityWrite[] = Array.from({ length: count }, (_, i) => ({
    entity: 'stockLevel',
    key: `BULK-${i}`,
    data: { sku: `BULK-${i}`, qty: i, updatedAt: '2026-11-24T04:00:00.000Z' },
  }));
  await db.transaction(async (tx) => {
    await lockStore(tx, 'S001');
    await writeEntities(tx, 'S001', writes);
  });
}

describe('PGlite statistics (it has no autovacuum)', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('analyzeIfStale refreshes the statistics of a bulk-loaded feed: pulls walk the index again', async () => {
    // The timed check is off here: on a loaded machine it would run during the slow
    // seed and load, before the first plan is looked at (the next test covers it).
    db = await openPglite(undefined, { autoAnalyzeDelayMs: null });
    await seedDemo(db, { seed: 3, now: new Date('2026-11-24T04:00:00.000Z'), pinIterations: 1000 });
    await bulkLoad(db, 20_000);
    // No statistics yet (as right after a seed): the planner expects few rows past the cursor and sorts them all.
    expect(await pullPlan(db)).toMatch(/Sort/);
    expect(await db.analyzeIfStale()).toContain('entities');
    const plan = await pullPlan(db);
    expect(plan).toMatch(/Index Scan using entities_feed/);
    expect(plan).not.toMatch(/Sort/);
    // Nothing changed since: nothing to do.
    expect(await db.analyzeIfStale()).toEqual([]);
  }, 60_000);

  it('runs by itself about a second after a bulk write', async () => {
    db = await openPglite();
    await seedDemo(db, { seed: 3, now: new Date('2026-11-24T04:00:00.000Z'), pinIterations: 1000 });
    await bulkLoad(db, 5_000);
    const analyzed = async () =>
      (
        await db!.query<{ last_analyze: unknown }>(
          `SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'entities'`,
        )
      ).rows[0]?.last_analyze ?? null;
    const deadline = Date.now() + 10_000;
    while ((await analyzed()) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await analyzed()).not.toBeNull();
    expect(await pullPlan(db)).toMatch(/Index Scan using entities_feed/);
  }, 60_000);
});

describe('migration 3: the feed text is stored without its closing brace', () => {
  it('turns rows written under migration 2 into rows the pull serves whole', async () => {
    const lite = new PGlite();
    try {
      const run = async (sql: string) => {
        for (const statement of sql
          .split(/;\s*\n/)
          .map((x) => x.trim())
          .filter(Boolean))
          await lite.query(statement);
      };
      await run(MIGRATIONS[0]!);
      await run(MIGRATIONS[1]!);
      await lite.query(
        `INSERT INTO stores (id, name, time_zone, version) VALUES ('S001', '店', 'Asia/Shanghai', 3)`,
      );
      // As migration 2 left them: an order (body + state), a product (data + body), a deleted entity.
      await lite.query(
        `INSERT INTO entities (store_id, entity, key, data, body, state, deleted, version) VALUES
         ('S001', 'order', 'O1', NULL, $1, $2::jsonb, false, 1),
         ('S001', 'product', 'P1', $3::jsonb, $3, NULL, false, 2),
         ('S001', 'product', 'P2', NULL, NULL, NULL, true, 3)`,
        [
          JSON.stringify({ id: 'O1', orderNo: 'LL1', items: [{ name: '牛奶 {大}' }] }),
          JSON.stringify({ status: 'arrived', slotAssignments: [], version: 1 }),
          JSON.stringify({ sku: 'P1', name: '面粉 }' }),
        ],
      );
      await run(MIGRATIONS[2]!);

      const page = JSON.parse((await pullPage(lite, 'S001', 0, 10)).body) as {
        changes: { key: string; op: string; data: unknown }[];
      };
      expect(page.changes.map((c) => [c.key, c.op, c.data])).toEqual([
        [
          'O1',
          'upsert',
          {
            id: 'O1',
            orderNo: 'LL1',
            items: [{ name: '牛奶 {大}' }],
            status: 'arrived',
            slotAssignments: [],
            version: 1,
          },
        ],
        ['P1', 'upsert', { sku: 'P1', name: '面粉 }' }],
        ['P2', 'delete', null],
      ]);
    } finally {
      await lite.close();
    }
  });
});
