import { afterEach, describe, expect, it } from 'vitest';
import { applySettingsPatch, defaultSettings } from '@shared/settings';
import { getMeta, setMeta } from '../meta';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { adoptTerminalIdentity, getTerminalIdentity } from './terminal';

afterEach(deleteTestDbs);

describe('adoptTerminalIdentity', () => {
  it('drops the old store’s HQ data and cursor when the store changes, keeping the outbox', async () => {
    const db = await openTestDb();
    const demo = defaultSettings();
    await adoptTerminalIdentity(db, demo);
    await db.staff.put({ id: 'C01' } as never);
    await setMeta(db.meta, 'pullCursor', 'c1:42');
    await db.outbox.add({
      seq: 1,
      id: crypto.randomUUID(),
      type: 'order.handOver',
      payload: {},
      staffId: 'C01',
      createdAt: new Date().toISOString(),
      affects: [],
    });

    await adoptTerminalIdentity(db, applySettingsPatch(demo, { terminalId: 'T2' }));
    expect(await db.staff.count()).toBe(1);
    expect(await getMeta(db.meta, 'pullCursor')).toBe('c1:42');

    await adoptTerminalIdentity(db, applySettingsPatch(demo, { storeId: 'S002', terminalId: 'T3' }));
    expect(await db.staff.count()).toBe(0);
    expect(await getMeta(db.meta, 'pullCursor')).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
    expect(await getTerminalIdentity(db)).toMatchObject({ storeId: 'S002', terminalId: 'T3' });
  });
});
