import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SYNC_STAGES, type FirstSyncStage, type Order, type Product } from '../../shared/contract';
import { type Db, openPglite } from './db';
import { seedDemo } from './demo';
import { STAGE_PAGE_SETTINGS, stagePageSql } from './firstSync';
import { type EntityWrite, loadEntities, lockStore, writeEntities } from './repo';

/**
 * The plans of a first sync's pages on a store's feed as B4 has it (products, then
 * many closed orders with a few open ones among them), statistics fresh: every stage
 * walks an index in feed order and stops after its page — no sort of the store.
 */
const NOW = new Date('2026-11-24T04:00:00.000Z');
let db: Db;

beforeAll(async () => {
  db = await openPglite(undefined, { autoAnalyzeDelayMs: null });
  await seedDemo(db, { seed: 3, now: NOW, pinIterations: 1000, ordersS001: 60, ordersS002: 2 });
  const orders = [...(await loadEntities<Order>(db, 'S001', 'order')).values()].filter(
    (o) => o.slotAssignments.length === 0,
  );
  const open = orders.find((o) => o.status === 'arrived')!;
  const closed = orders.find((o) => o.status === 'collected')!;
  const [product] = [...(await loadEntities<Product>(db, 'S001', 'product')).values()];
  const writes: EntityWrite[] = [];
  for (let i = 0; i < 4_000; i++) {
    const p = { ...product!, sku: `PLAN-P${i}`, barcodes: [], name: `${product!.name} ${i}` };
    writes.push({ entity: 'product', key: p.sku, data: p as unknown as Record<string, unknown> });
  }
  for (let i = 0; i < 16_000; i++) {
    const base = i % 25 === 0 ? open : closed;
    const o = {
      ...base,
      id: `PLAN-O${i}`,
      orderNo: `LL97${String(i).padStart(8, '0')}`,
      updatedAt: NOW.toISOString(),
    };
    writes.push({ entity: 'order', key: o.id, data: o as unknown as Record<string, unknown> });
  }
  await db.transaction(async (tx) => {
    await lockStore(tx, 'S001');
    await writeEntities(tx, 'S001', writes);
  });
  await db.analyzeIfStale();
}, 120_000);

afterAll(() => db.close());

async function plan(
  stage: FirstSyncStage,
  settings: readonly string[] = STAGE_PAGE_SETTINGS,
): Promise<string> {
  const { rows: at } = await db.query<{ version: number }>(`SELECT version FROM stores WHERE id = 'S001'`);
  const top = Number(at[0]!.version);
  return db.transaction(async (tx) => {
    for (const setting of settings) await tx.query(setting);
    const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${stagePageSql(stage)}`, [
      'S001',
      top,
      stage === 'history' ? top + 1 : 0,
      1000,
      ...(stage === 'history' ? [new Date(NOW.getTime() - 30 * 86_400_000).toISOString()] : []),
    ]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe('first-sync page plans', () => {
  it.each([
    ['config', 'entities_first_config'],
    ['open', 'entities_first_open'],
    ['catalog', 'entities_feed'],
    ['history', 'entities_feed'],
  ] as const)('%s walks %s in feed order, without a sort', async (stage, index) => {
    expect(FIRST_SYNC_STAGES).toContain(stage);
    const text = await plan(stage);
    expect(text).toMatch(new RegExp(`Index Scan (Backward )?using ${index} on entities`));
    expect(text).not.toMatch(/-> +Sort/);
  });

  it('history would sort the store without its settings (why they are there)', async () => {
    const text = await plan(
      'history',
      STAGE_PAGE_SETTINGS.filter((s) => !s.includes('enable_sort')),
    );
    expect(text).toMatch(/Sort/);
  });
});
