import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Dexie } from 'dexie';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../db/clock';
import type { LinliDb } from '../../db/database';
import { handOver } from '../../db/repositories/orders';
import { seedFromHq } from '../../testing/db';
import { createI18n } from '../../i18n';
import { useSessionStore } from '../../session/sessionStore';
import { applyPushResults } from '../../sync';
import { makeOrder } from '../../testing/fixtures';
import { seededDb } from '../../testing/staff';
import { ExceptionsInbox } from './ExceptionsInbox';

const dbs: LinliDb[] = [];
afterEach(async () => {
  useSessionStore.setState({ member: null });
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

/** A handover made offline that HQ then refuses: the order was cancelled at HQ meanwhile. */
async function refusedHandOver(): Promise<{ db: LinliDb; mutationId: string }> {
  const db = await seededDb(`inbox-${crypto.randomUUID()}`);
  dbs.push(db);
  const order = makeOrder(7);
  await seedFromHq(db, [order]);
  const row = await handOver(db, order.id, { verifiedBy: 'code' }, { staffId: 'C01' });
  await applyPushResults(
    db,
    [row],
    [{ id: row.id, status: 'rejected', code: 'order_cancelled', reason: '订单已被总部取消' }],
    systemClock,
  );
  return { db, mutationId: row.id };
}

function renderInbox(db: LinliDb, role: 'clerk' | 'manager') {
  useSessionStore.setState({
    member: role === 'manager' ? { id: 'M01', name: '李强', role } : { id: 'C01', name: '王芳', role },
  });
  return render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <ExceptionsInbox db={db} />
    </I18nextProvider>,
  );
}

describe('ExceptionsInbox', () => {
  it('a mutation HQ refused appears with its reason and code; a manager acknowledges it', async () => {
    const { db, mutationId } = await refusedHandOver();
    renderInbox(db, 'manager');
    const inbox = screen.getByRole('region', { name: /异常收件箱/ });
    const row = await within(inbox).findByRole('row', { name: /被拒绝/ });
    expect(row).toHaveTextContent('order.handOver');
    expect(row).toHaveTextContent('订单已被总部取消');
    expect(row).toHaveTextContent('order_cancelled');
    expect(within(inbox).getByRole('heading')).toHaveTextContent('(1)');

    fireEvent.click(within(row).getByRole('button', { name: '确认知悉' }));
    expect(await within(inbox).findByText('没有需要处理的异常。')).toBeInTheDocument();
    const resolved = await db.exceptions.get(mutationId);
    expect(resolved).toMatchObject({ state: 'acknowledged' });
    // The resolution is audited under the manager.
    await waitFor(async () =>
      expect((await db.audit.where('action').equals('exception.acknowledged').toArray())[0]).toMatchObject({
        staffId: 'M01',
      }),
    );
  });

  it('a clerk sees the exception and that a manager must resolve it', async () => {
    const { db } = await refusedHandOver();
    renderInbox(db, 'clerk');
    expect(await screen.findByRole('row', { name: /被拒绝/ })).toBeInTheDocument();
    expect(screen.getByText('处理异常需要店长批准。')).toBeInTheDocument();
  });

  it('says so when nothing is waiting', async () => {
    const db = await seededDb(`inbox-${crypto.randomUUID()}`);
    dbs.push(db);
    renderInbox(db, 'manager');
    expect(await screen.findByText('没有需要处理的异常。')).toBeInTheDocument();
  });
});
