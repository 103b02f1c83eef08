import { afterEach, describe, expect, it } from 'vitest';
import { openPglite, type Db } from './db';
import { seedDemo } from './demo';
import { lockStore, writeEntities, type EntityWrite } from './repo';

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
    db = await openPglite();
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
