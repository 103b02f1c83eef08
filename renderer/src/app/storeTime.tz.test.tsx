/**
 * Run by the `dom-tz-utc` and `dom-tz-new-york` projects (vitest.config.ts) with
 * the machine's zone set to UTC and to America/New_York: every screen still shows
 * a Shanghai store's times in Shanghai time.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinliDb } from '../db/database';
import { deleteTestDbs } from '../testing/db';
import type { ExceptionRow } from '../db/types';
import { CounterScreen } from '../features/counter/CounterScreen';
import { NOW, seededCounterDb, tokenFor } from '../testing/counter';
import { formatTime } from '../features/shelf/useShelfData';
import { AuditLog } from '../features/staff/AuditLog';
import { StaffContext } from '../features/staff/StaffContext';
import { ExceptionsInbox } from '../features/sync/ExceptionsInbox';
import { createI18n } from '../i18n';
import { useSessionStore } from '../session/sessionStore';
import { storeTimeZone } from './storeTime';

/** 04:05 UTC: 12:05 in Shanghai, 23:05 the day before in New York. */
const AT = '2026-11-24T04:05:00.000Z';
let db: LinliDb;

beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'M01', name: '李强', role: 'manager' });
  db = await seededCounterDb();
});
afterEach(async () => {
  cleanup();
  await deleteTestDbs();
});

const withI18n = (ui: React.ReactNode) => <I18nextProvider i18n={createI18n('zh-CN')}>{ui}</I18nextProvider>;

describe(`times in the store's zone with the machine in ${process.env.TZ}`, () => {
  it('the machine is really elsewhere, and the store is in Shanghai', async () => {
    expect(process.env.TZ).toMatch(/^(UTC|America\/New_York)$/);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ);
    expect(new Date(AT).getHours()).not.toBe(12);
    expect(await storeTimeZone(db)).toBe('Asia/Shanghai');
  });

  it('exceptions inbox', async () => {
    const row: ExceptionRow = {
      id: 'm-1',
      mutation: (await db.outbox.toArray())[0] ?? ({ type: 'order.handOver', affects: [] } as never),
      status: 'rejected',
      code: 'already_collected',
      reason: '已交付',
      receivedAt: AT,
      state: 'open',
      resolvedBy: null,
      resolvedAt: null,
    };
    await db.exceptions.put(row);
    render(withI18n(<ExceptionsInbox db={db} />));
    expect(await screen.findByText('2026/11/24 12:05')).toBeInTheDocument();
  });

  it('audit log: the time, and a day filter that is the store’s business day', async () => {
    await db.audit.bulkPut([
      { id: 'a1', at: AT, staffId: 'C01', action: 'staff.signedIn', refs: [], mutationId: null, detail: {} },
      // 23:30 on the 23rd in Shanghai (15:30 UTC): the day before, in the store's reckoning.
      {
        id: 'a2',
        at: '2026-11-23T15:30:00.000Z',
        staffId: 'C01',
        action: 'staff.signedIn',
        refs: [],
        mutationId: null,
        detail: {},
      },
    ]);
    render(
      withI18n(
        <StaffContext value={{ db, shieldRef: createRef() }}>
          <AuditLog />
        </StaffContext>,
      ),
    );
    const table = await screen.findByRole('table');
    expect(await within(table).findByText('2026/11/24 12:05')).toBeInTheDocument();
    expect(within(table).getByText('2026/11/23 23:30')).toBeInTheDocument();
    // The 24th, from and to: the 24th in Shanghai, whatever day it is on the machine.
    fireEvent.change(screen.getByLabelText('从'), { target: { value: '2026-11-24' } });
    fireEvent.change(screen.getByLabelText('到'), { target: { value: '2026-11-24' } });
    await waitFor(() => expect(screen.queryByText('2026/11/23 23:30')).toBeNull());
    expect(screen.getByText('2026/11/24 12:05')).toBeInTheDocument();
  });

  it('counter: the collected time and the pickup window; shelf deadlines', async () => {
    render(
      withI18n(<CounterScreen db={db} now={() => NOW} syncNow={async () => undefined} camera={false} />),
    );
    const field = screen.getByRole('searchbox', { name: '扫码或输入' });
    await userEvent.click(field);
    await userEvent.paste(await tokenFor('O000002'));
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('已于 11/24 11:10 由 李强 交付');
    expect(formatTime(AT, 'Asia/Shanghai', 'zh-CN')).toBe('11/24 12:05');
    // With the store's record not there yet, the store's default zone — not the machine's.
    expect(formatTime(AT, undefined, 'zh-CN')).toBe('11/24 12:05');
  });
});
