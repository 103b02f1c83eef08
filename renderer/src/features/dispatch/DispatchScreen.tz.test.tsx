import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlatformContext } from '../../app/PlatformContext';
import type { WhereClause } from 'dexie';
import type { LinliDb } from '../../db/database';
import type { OrderRow } from '../../db/types';
import { createI18n } from '../../i18n';
import { createTestingPlatform, type TestingPlatform } from '../../platform/memory';
import { useSessionStore } from '../../session/sessionStore';
import { systemClock } from '../../db/clock';
import { getMeta } from '../../db/meta';
import { applyPullPage, applyPushResults } from '../../sync/apply';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import { deliveryWindow, makeDelivery, RIDER_SUN, RIDER_ZHOU, seedRiders } from '../../testing/dispatch';
import { makeOrder } from '../../testing/fixtures';
import { DispatchScreen } from './DispatchScreen';

// Runs with the machine in UTC and in New York: the windows read in the store’s zone either way.
// 13:20 in Shanghai; R02's run is the 14:00–15:00 window (next), R01's started at 13:00 (late).
const NOW = Date.parse('2026-11-24T05:20:00.000Z');
const HOUR_0 = Date.parse('2026-11-24T05:00:00.000Z');
const run = [1, 2, 3].map((n) => makeDelivery(n, 'R02', deliveryWindow(HOUR_0, 1)));
const laterOfSun = makeDelivery(4, 'R02', deliveryWindow(HOUR_0, 3));
const zhou = makeDelivery(5, 'R01', deliveryWindow(HOUR_0, 0));
const failed = makeDelivery(6, 'R02', deliveryWindow(HOUR_0, -2), {
  status: 'arrived',
  slotAssignments: [],
  delivery: { riderId: 'R02', dispatchedAt: '2026-11-24T02:50:00.000Z', outcome: 'failed' },
});
const pickup = makeOrder(7, { status: 'shelved' });

let db: LinliDb;
let platform: TestingPlatform;

beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  db = await openTestDb();
  await seedFromHq(db, [...run, laterOfSun, zhou, failed, pickup]);
  await seedRiders(db, [RIDER_ZHOU, RIDER_SUN]);
  platform = createTestingPlatform();
});
afterEach(async () => {
  vi.useRealTimers();
  cleanup();
  await deleteTestDbs();
});

function renderDispatch(language: 'zh-CN' | 'en' = 'zh-CN') {
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <PlatformContext value={platform}>
        <DispatchScreen db={db} now={() => NOW} />
      </PlatformContext>
    </I18nextProvider>,
  );
}

async function enter(text: string) {
  const input = await screen.findByRole('searchbox', { name: '扫描骑手码或袋子标签' });
  await userEvent.click(input);
  await userEvent.paste(text);
  await userEvent.keyboard('{Enter}');
}

const bags = (o: { bags: { label: string }[] }) => o.bags.map((b) => b.label);
const written = async () => ({ outbox: await db.outbox.count(), audit: await db.audit.count() });
const alert = () => screen.getByRole('alert');
const status = () => screen.getByRole('status');

describe('the dispatch board', () => {
  it('orders by delivery window in the store’s time: the late one stands out, then next and later', async () => {
    renderDispatch();
    const board = await screen.findByRole('region', { name: '配送看板' });
    const windows = await within(board).findAllByRole('region');
    expect(windows.map((w) => w.getAttribute('aria-label'))).toEqual([
      '13:00–14:00 · 1 单',
      '14:00–15:00 · 3 单',
      '16:00–17:00 · 1 单',
    ]);
    expect(windows[0]).toHaveClass('dispatch-window--late');
    expect(windows[0]).toHaveTextContent('已迟');
    expect(windows[0]).toHaveTextContent('已开始 20 分钟');
    expect(windows[1]).toHaveTextContent('下一批');
    expect(windows[1]).not.toHaveTextContent('已开始');
    expect(windows[2]).toHaveTextContent('稍后');
    // each order with its rider and its bags' slots
    expect(windows[0]).toHaveTextContent(`${zhou.orderNo}周建华2 袋A1-02 C1-02`);
    expect(windows[1]).toHaveTextContent(`${run[0]!.orderNo}孙小龙2 袋A1-02 C1-02`);
    // the pickup order is not on the board; the failed delivery is listed to be put away again
    expect(board).not.toHaveTextContent(pickup.orderNo);
    expect(board).toHaveTextContent(`配送失败退回 1 单：${failed.orderNo}`);
  });
});

describe('the rider handover', () => {
  it('rider, bad bags refused with the reason (nothing written), every bag, F2: the run leaves and its slots free', async () => {
    renderDispatch();
    await screen.findByRole('region', { name: '配送看板' });
    const before = await written();

    await enter('RD-R09');
    expect(alert()).toHaveTextContent('「RD-R09」不是骑手码');
    await enter(bags(run[0]!)[0]!);
    expect(alert()).toHaveTextContent('请先扫描骑手码，再扫袋子。');

    await enter('RD-R02');
    expect(status()).toHaveTextContent('骑手 孙小龙：这一趟 3 单，请逐个扫袋子。');
    expect(screen.getByText(/这一趟：14:00–15:00 · 下一批 · 3 单/)).toBeInTheDocument();
    // the run's slots light while the rider is here
    expect(platform.lightCommands).toContainEqual(expect.objectContaining({ color: 'blue' }));

    await enter(bags(zhou)[0]!);
    expect(alert()).toHaveTextContent(`${zhou.orderNo} 是骑手 周建华 的订单，不是 孙小龙 的。请放回货架！`);
    await enter(bags(laterOfSun)[0]!);
    expect(alert()).toHaveTextContent(
      `${laterOfSun.orderNo} 属于 16:00–17:00 时段，孙小龙 这一趟是 14:00–15:00。请放回货架！`,
    );
    await enter(bags(run[0]!)[0]!);
    expect(status()).toHaveTextContent(`已扫 ${bags(run[0]!)[0]!}`);
    await enter(bags(run[0]!)[0]!.toLowerCase());
    expect(alert()).toHaveTextContent(`袋子 ${bags(run[0]!)[0]!} 已经扫过了，不要重复扫。`);
    // half an order cannot leave
    await userEvent.keyboard('{F2}');
    expect(alert()).toHaveTextContent(`${run[0]!.orderNo} 还差袋子：${bags(run[0]!)[1]!}`);
    expect(await written()).toEqual(before);

    for (const label of [...bags(run[0]!).slice(1), ...bags(run[1]!), ...bags(run[2]!)]) await enter(label);
    expect(screen.getByText(/已扫 6\/6 袋/)).toBeInTheDocument();
    await userEvent.keyboard('{F2}');
    await waitFor(() => expect(status()).toHaveTextContent(/已交给骑手 孙小龙：3 单/));
    expect(status()).toHaveTextContent('货位已释放：A1-02、C1-02、A1-03、C1-03、A1-04、C1-04');

    const outbox = await db.outbox.toArray();
    expect(outbox.map((m) => m.type)).toEqual(['order.dispatched']);
    expect(outbox[0]!.payload).toMatchObject({ riderId: 'R02', orderIds: run.map((o) => o.id) });
    for (const o of run) expect((await db.orders.get(o.id))?.status).toBe('collected');
    expect(
      await db.slotOccupancy
        .where('orderId')
        .anyOf(run.map((o) => o.id))
        .count(),
    ).toBe(0);
    // the board moves on: the run's window is gone
    const board = screen.getByRole('region', { name: '配送看板' });
    await waitFor(() => expect(board).not.toHaveTextContent(run[0]!.orderNo));
  });

  it('the rider’s own QR finds the rider; Enter on the empty field hands over; what was not scanned stays', async () => {
    renderDispatch();
    await screen.findByRole('region', { name: '配送看板' });
    await enter(RIDER_SUN.qrToken);
    expect(status()).toHaveTextContent('骑手 孙小龙');
    for (const label of bags(run[1]!)) await enter(label);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(status()).toHaveTextContent(`已交给骑手 孙小龙：1 单（${run[1]!.orderNo}）`));
    expect(status()).toHaveTextContent('2 单未扫，留在店内。');
    expect((await db.orders.get(run[0]!.id))?.status).toBe('shelved');
  });

  it('Esc cancels a handover without writing anything', async () => {
    renderDispatch();
    await screen.findByRole('region', { name: '配送看板' });
    await enter('rd-r02');
    await enter(bags(run[0]!)[0]!);
    await userEvent.keyboard('{Escape}');
    expect(status()).toHaveTextContent('已取消交接，没有写入任何数据。');
    expect(await db.outbox.count()).toBe(0);
    expect(screen.getByText('请先扫描骑手工牌或骑手 App 里的二维码。')).toBeInTheDocument();
  });

  it('speaks English too', async () => {
    renderDispatch('en');
    const board = await screen.findByRole('region', { name: 'Delivery board' });
    await waitFor(() => expect(board).toHaveTextContent('Late 13:00–14:00 · orders: 1 · started 20 min ago'));
    expect(board).toHaveTextContent('Next 14:00–15:00 · orders: 3');
  });
});

describe('out for delivery', () => {
  // Out with 周建华 since 10:50, for 11:00–12:00: past its window at 13:20, so late.
  const outZhou = makeDelivery(8, 'R01', deliveryWindow(HOUR_0, -2), {
    status: 'collected',
    slotAssignments: [],
    delivery: { riderId: 'R01', dispatchedAt: '2026-11-24T02:50:00.000Z', outcome: null },
  });
  const delivered = makeDelivery(9, 'R01', deliveryWindow(HOUR_0, -2), {
    status: 'collected',
    slotAssignments: [],
    delivery: {
      riderId: 'R01',
      dispatchedAt: '2026-11-24T02:50:00.000Z',
      outcome: 'delivered',
      outcomeAt: '2026-11-24T03:10:00.000Z',
    },
  });
  const outTab = () => screen.getByRole('tab', { name: /^配送中/ });
  const outList = () => screen.getByRole('region', { name: '配送中' });

  it('lists the run after its handover, by rider then window, late ones marked; a delivered word takes one off', async () => {
    // Only Date is faked, at 13:20 in Shanghai: the handover stamps this time, the tests' timers run as ever.
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    await seedFromHq(db, [outZhou, delivered]);
    renderDispatch();
    await screen.findByRole('region', { name: '配送看板' });
    await waitFor(() => expect(outTab()).toHaveTextContent('配送中（1，1 单超时）'));
    // keyboard: from the board's tab, → opens the out list
    await userEvent.click(screen.getByRole('tab', { name: /^待配送/ }));
    await userEvent.keyboard('{ArrowRight}');
    expect(outTab()).toHaveAttribute('aria-selected', 'true');
    expect(outTab()).toHaveFocus();
    expect(outList()).toHaveTextContent('配送中共 1 单，其中 1 单已超过送达时段');
    const zhouRows = within(
      within(outList()).getByRole('region', { name: '骑手 周建华 · 1 单' }),
    ).getAllByRole('row');
    // header + one row: the delivered order is not out any more
    expect(zhouRows).toHaveLength(2);
    expect(zhouRows[1]).toHaveTextContent(
      `${outZhou.orderNo}张*华 尾号 ${outZhou.customer.phoneLast4}10:5011:00–12:00已超时`,
    );
    expect(outList()).not.toHaveTextContent(delivered.orderNo);

    // The run of 孙小龙 leaves: scanned on the handover side while the out list is open.
    await enter('RD-R02');
    for (const o of run) for (const label of bags(o)) await enter(label);
    await userEvent.keyboard('{F2}');
    await waitFor(() => expect(status()).toHaveTextContent(/已交给骑手 孙小龙：3 单/));
    // one transaction wrote it: the orders are out and the mutation waits in the outbox
    const pending = await db.outbox.toArray();
    expect(pending.map((m) => m.type)).toEqual(['order.dispatched']);

    await waitFor(() => expect(outList()).toHaveTextContent('配送中共 4 单，其中 1 单已超过送达时段'));
    expect(outTab()).toHaveTextContent('配送中（4，1 单超时）');
    const riders = within(outList()).getAllByRole('region');
    expect(riders.map((r) => r.getAttribute('aria-label'))).toEqual([
      '骑手 周建华 · 1 单',
      '骑手 孙小龙 · 3 单',
    ]);
    const sunRows = within(riders[1]!).getAllByRole('row').slice(1);
    expect(sunRows.map((r) => r.textContent)).toEqual(
      run.map((o) => `${o.orderNo}张*华 尾号 ${o.customer.phoneLast4}13:2014:00–15:00`),
    );

    // HQ took the run, then the rider's word on one order comes back by pull: delivered.
    await applyPushResults(db, pending, [{ id: pending[0]!.id, status: 'applied' }], systemClock);
    const hqSaw = (await db.orders.get(run[0]!.id))!;
    await applyPullPage(
      db,
      [
        {
          entity: 'order',
          op: 'upsert',
          key: hqSaw.id,
          data: {
            ...hqSaw,
            delivery: { ...hqSaw.delivery!, outcome: 'delivered', outcomeAt: '2026-11-24T06:30:00.000Z' },
          },
          version: 500,
        },
      ],
      (await getMeta(db, 'pullCursor')) ?? '',
    );
    await waitFor(() => expect(outList()).not.toHaveTextContent(run[0]!.orderNo));
    expect(outList()).toHaveTextContent('配送中共 3 单，其中 1 单已超过送达时段');
    expect(within(outList()).getByRole('region', { name: '骑手 孙小龙 · 2 单' })).toHaveTextContent(
      run[1]!.orderNo,
    );
  });

  it('finds the list by dispatch time, not by reading every collected order of the history', async () => {
    await seedFromHq(db, [
      outZhou,
      ...Array.from({ length: 50 }, (_, i) => makeOrder(100 + i, { status: 'collected' })),
    ]);
    // Which statuses the screen reads orders by: 'collected' would be the whole history window.
    const byStatus: unknown[] = [];
    const where = db.orders.where.bind(db.orders) as unknown as (
      index: string,
    ) => WhereClause<OrderRow, string>;
    vi.spyOn(db.orders, 'where').mockImplementation(((index: string) => {
      const clause = where(index);
      if (index !== 'status') return clause;
      const [equals, anyOf] = [clause.equals.bind(clause), clause.anyOf.bind(clause)];
      return Object.assign(clause, {
        equals: (value: unknown) => (byStatus.push(value), equals(value as string)),
        anyOf: (...values: unknown[]) => (byStatus.push(...values.flat()), anyOf(...(values as string[]))),
      });
    }) as never);
    renderDispatch();
    await waitFor(() => expect(outTab()).toHaveTextContent('配送中（1，1 单超时）'));
    expect(byStatus.length).toBeGreaterThan(0);
    expect(byStatus).not.toContain('collected');
  });

  it('speaks English too, and says when nothing is out', async () => {
    renderDispatch('en');
    await screen.findByRole('region', { name: 'Delivery board' });
    await userEvent.click(await screen.findByRole('tab', { name: 'Out for delivery (0)' }));
    expect(screen.getByRole('region', { name: 'Out for delivery' })).toHaveTextContent(
      'Nothing is out for delivery now.',
    );
  });
});
