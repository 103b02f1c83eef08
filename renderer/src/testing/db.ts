/** Fresh databases for tests (fake-indexeddb), seeded the way data really arrives: through a pull page. */
import type { Change, Order } from '@shared/contract';
import { Dexie } from 'dexie';
import { applyPullPage } from '../sync/apply';
import { makeLayout, TEST_API_KEY, TEST_HQ, TEST_STORE, TEST_TERMINAL } from './fixtures';
import { LinliDb } from '../db/database';
import { getMeta } from '../db/meta';
import { setTerminalIdentity } from '../db/repositories/terminal';

const opened: LinliDb[] = [];

export async function openTestDb(): Promise<LinliDb> {
  const db = new LinliDb(`test-${crypto.randomUUID()}`);
  await db.open();
  await setTerminalIdentity(db, { hqUrl: TEST_HQ, storeId: TEST_STORE, terminalId: TEST_TERMINAL });
  opened.push(db);
  return db;
}

/** Deletes every database opened by `openTestDb` (call in afterEach). */
export async function deleteTestDbs(): Promise<void> {
  await Promise.all(
    opened.splice(0).map(async (db) => {
      db.close();
      await Dexie.delete(db.name);
    }),
  );
}

/** Seeds the layout and orders as HQ would deliver them (cursor left as it was). */
export async function seedFromHq(db: LinliDb, orders: readonly Order[]): Promise<void> {
  const changes: Change[] = [
    { entity: 'shelfLayout', op: 'upsert', key: TEST_STORE, data: makeLayout(), version: 1 },
    ...orders.map((o, i): Change => ({ entity: 'order', op: 'upsert', key: o.id, data: o, version: i + 2 })),
  ];
  const cursor = await getMeta(db, 'pullCursor');
  await applyPullPage(db, changes, cursor ?? '');
}

export { TEST_API_KEY };
