import { afterEach, describe, expect, it } from 'vitest';
import type { LinliDb } from '../../../db/database';
import { queryAudit } from '../../../db/repositories/audit';
import { createTestingPlatform } from '../../../platform/memory';
import { manualClock, seededDb } from '../../../testing/staff';
import { DrawerRefusedError, openDrawerWithoutSale } from './openDrawer';

let db: LinliDb;
afterEach(() => db?.close());

describe('openDrawerWithoutSale', () => {
  it('audits the reason for HQ, then kicks the drawer', async () => {
    db = await seededDb();
    const platform = createTestingPlatform();
    platform.drawerResult = { ok: true, method: 'pulse' };
    const clock = manualClock();
    const result = await openDrawerWithoutSale(db, { staffId: 'C01' }, '  换零钱 ', { platform, clock });
    expect(result).toEqual({ ok: true, method: 'pulse' });
    expect(platform.drawerOpens).toEqual(['换零钱']);
    const [entry] = await queryAudit(db, { action: 'drawer.openedWithoutSale' });
    expect(entry).toMatchObject({ staffId: 'C01', detail: { reason: '换零钱' } });
    const [mutation] = await db.outbox.toArray();
    expect(mutation).toMatchObject({
      type: 'audit.recorded',
      staffId: 'C01',
      payload: { action: 'drawer.openedWithoutSale', subject: '换零钱', entryId: entry?.id },
    });
  });

  it('keeps the audit and reports it when there is no drawer or the printer is off', async () => {
    db = await seededDb();
    const platform = createTestingPlatform();
    expect(await openDrawerWithoutSale(db, { staffId: 'M01' }, '点钞', { platform })).toMatchObject({
      ok: false,
      reason: 'noDrawer',
    });
    expect(await queryAudit(db, { action: 'drawer.openedWithoutSale' })).toHaveLength(1);
  });

  it.each([
    ['no reason', 'C01', '', 'reasonRequired'],
    ['a blank reason', 'C01', '   ', 'reasonRequired'],
    ['a reason too long', 'C01', 'x'.repeat(201), 'reasonTooLong'],
    ['an unknown staff member', 'X99', '换零钱', 'unknownStaff'],
  ])('refuses %s: nothing written, drawer shut', async (_name, staffId, reason, refusal) => {
    db = await seededDb();
    const platform = createTestingPlatform();
    platform.drawerResult = { ok: true, method: 'driver' };
    await expect(openDrawerWithoutSale(db, { staffId }, reason, { platform })).rejects.toEqual(
      new DrawerRefusedError(refusal as never),
    );
    expect(platform.drawerOpens).toEqual([]);
    expect(await db.audit.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});
