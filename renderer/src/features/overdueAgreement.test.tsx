/**
 * Issue #11: the counter and the shelf must call the same order overdue at the
 * same instant — the SPEC's deadline (window end, or HQ's extension) plus the
 * store's grace hours — and neither may call it overdue a second before.
 * Both real screens, one database, one clock.
 */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorePolicy } from '@shared/contract';
import { FALLBACK_POLICY } from '@shared/orders/state';
import { PlatformContext } from '../app/PlatformContext';
import type { LinliDb } from '../db/database';
import { deleteTestDbs, openTestDb, seedFromHq } from '../testing/db';
import { createI18n } from '../i18n';
import { createTestingPlatform } from '../platform/memory';
import { useSessionStore } from '../session/sessionStore';
import { makeOrder, TEST_STORE } from '../testing/fixtures';
import { CounterScreen } from './counter/CounterScreen';
import { ShelfScreen } from './shelf/ShelfScreen';

// Three grace hours, not the fallback's two: a screen that ignores the store's policy fails.
const POLICY: StorePolicy = {
  storeId: TEST_STORE,
  pickupGraceHours: 3,
  dueSoonMinutes: 30,
  cashDifferenceThresholdFen: 1000,
  refundApprovalThresholdFen: 5000,
  rounding: 'none',
};
const WINDOW_END = Date.parse('2026-11-24T10:00:00.000Z');
const EXTENDED_UNTIL = Date.parse('2026-11-24T11:00:00.000Z');
/** The SPEC's overdue instant: the extension (later than the window's end) plus 3 grace hours. */
const OVERDUE_AT = EXTENDED_UNTIL + 3 * 3_600_000;
const ORDER = makeOrder(8, {
  status: 'shelved',
  pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: new Date(WINDOW_END).toISOString() },
  extendedUntil: new Date(EXTENDED_UNTIL).toISOString(),
  slotAssignments: [{ bagLabel: 'LL202611240008-B1', slotId: 'C1-01', at: '2026-11-24T01:30:00.000Z' }],
});

let db: LinliDb;

beforeEach(async () => {
  expect(POLICY.pickupGraceHours).not.toBe(FALLBACK_POLICY.pickupGraceHours);
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  db = await openTestDb();
  await seedFromHq(db, [ORDER]);
  await db.meta.put({ key: `entity:storePolicy:${TEST_STORE}`, value: POLICY });
});
afterEach(async () => {
  cleanup();
  await deleteTestDbs();
});

/**
 * The timing badge the counter's order card settles on at `now`: 逾期未取
 * (overdue) or 已过取货时间 (late). The screen reads the store's policy after it
 * mounts, so wait for the expected badge, then check the other is absent.
 */
async function counterShows(now: number, expected: '逾期未取' | '已过取货时间'): Promise<void> {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <CounterScreen db={db} now={() => now} syncNow={async () => undefined} camera={false} />
    </I18nextProvider>,
  );
  const field = screen.getByRole('searchbox', { name: '扫码或输入' });
  await userEvent.click(field);
  await userEvent.paste(ORDER.orderNo);
  await userEvent.keyboard('{Enter}');
  const card = await screen.findByRole('article', { name: `订单 ${ORDER.orderNo}` });
  expect(await within(card).findByText(expected)).toBeInTheDocument();
  expect(within(card).queryByText(expected === '逾期未取' ? '已过取货时间' : '逾期未取')).toBeNull();
  cleanup();
}

/** Does the shelf's uncollected list hold the order at `now`? */
async function shelfListsOverdue(now: number): Promise<boolean> {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <PlatformContext value={createTestingPlatform()}>
        <ShelfScreen db={db} now={() => now} initialTab="uncollected" />
      </PlatformContext>
    </I18nextProvider>,
  );
  const region = await screen.findByRole('region', { name: '逾期未取' });
  await within(region).findByText(/没有逾期未取的订单|LL/u);
  const listed = within(region).queryByRole('article', { name: ORDER.orderNo }) !== null;
  cleanup();
  return listed;
}

describe('overdue: counter and shelf agree (SPEC C2)', () => {
  it('one second after the extended deadline + grace hours both call the order overdue', async () => {
    await counterShows(OVERDUE_AT + 1000, '逾期未取');
    expect(await shelfListsOverdue(OVERDUE_AT + 1000)).toBe(true);
  });

  it('one second before, neither does (the counter shows it late: past the window, within the grace)', async () => {
    await counterShows(OVERDUE_AT - 1000, '已过取货时间');
    expect(await shelfListsOverdue(OVERDUE_AT - 1000)).toBe(false);
  });
});
