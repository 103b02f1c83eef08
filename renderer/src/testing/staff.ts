/**
 * Test data for the staff feature: the demo clerk and manager with PIN hashes
 * made by the shared hasher (few iterations, to keep tests fast — the record
 * carries its iteration count, as HQ's do), a seeded database and a hand-moved clock.
 */
import type { Staff } from '@shared/contract';
import { hashPin } from '@shared/staff/pin';
import { LinliDb } from '../db/database';
import type { Clock } from '../db/clock';
import { setTerminalIdentity } from '../db/repositories/terminal';

export const STORE = 'S001';

export async function demoStaff(): Promise<Staff[]> {
  const iterations = 1000;
  return [
    {
      id: 'C01',
      storeId: STORE,
      name: '王芳',
      role: 'clerk',
      badge: 'LS-C01',
      pin: await hashPin('1234', { iterations }),
      active: true,
    },
    {
      id: 'M01',
      storeId: STORE,
      name: '李强',
      role: 'manager',
      badge: 'LS-M01',
      pin: await hashPin('9999', { iterations }),
      active: true,
    },
  ];
}

/** A fresh database with the demo staff and the terminal identity. */
export async function seededDb(name = `staff-test-${crypto.randomUUID()}`): Promise<LinliDb> {
  const db = new LinliDb(name);
  await db.open();
  await db.staff.bulkPut(await demoStaff());
  await setTerminalIdentity(db, { hqUrl: 'http://hq.test', storeId: STORE, terminalId: 'T1' });
  return db;
}

/** A clock the test moves by hand. */
export function manualClock(
  start = Date.parse('2026-11-24T08:00:00Z'),
): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
