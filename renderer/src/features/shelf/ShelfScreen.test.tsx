import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order, Staff, StorePolicy } from '@shared/contract';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import { createI18n } from '../../i18n';
import { createTestingPlatform, type TestingPlatform } from '../../platform/memory';
import { useSessionStore } from '../../session/sessionStore';
import { makeOrder, TEST_STORE } from '../../testing/fixtures';
import { ShelfScreen, type ShelfTab } from './ShelfScreen';

const NOW = Date.parse('2026-11-24T04:00:00.000Z');
const POLICY: StorePolicy = {
  storeId: TEST_STORE,
  pickupGraceHours: 2,
  dueSoonMinutes: 30,
  cashDifferenceThresholdFen: 1000,
  refundApprovalThresholdFen: 5000,
  rounding: 'none',
};
const pin = {
  algorithm: 'pbkdf2-sha256' as const,
  iterations: 1,
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};
const STAFF: Staff[] = [
  { id: 'C01', storeId: TEST_STORE, name: '王芳', role: 'clerk', badge: 'LS-C01', pin, active: true },
  { id: 'M01', storeId: TEST_STORE, name: '李强', role: 'manager', badge: 'LS-M01', pin, active: true },
];

/** 1: arrived, one chilled bag. 2: arrived, two chilled bags. 3: shelved, overdue, phone 4321. 4: shelved, on time. */
function orders(): Order[] {
  const two = makeOrder(2);
  return [
    makeOrder(1),
    makeOrder(2, {
      bags: [
        { label: `${two.orderNo}-B1`, zone: 'chilled' },
        { label: `${two.orderNo}-B2`, zone: 'chilled' },
      ],
    }),
    makeOrder(3, {
      status: 'shelved',
      customer: { maskedName: '李*明', phoneLast4: '4321' },
      pickupWindow: { start: '2026-11-23T20:00:00.000Z', end: '2026-11-23T22:00:00.000Z' },
      slotAssignments: [{ bagLabel: 'LL202611240003-B1', slotId: 'C1-04', at: '2026-11-23T19:00:00.000Z' }],
    }),
    makeOrder(4, {
      status: 'shelved',
      slotAssignments: [{ bagLabel: 'LL202611240004-B1', slotId: 'C1-03', at: '2026-11-24T01:00:00.000Z' }],
    }),
  ];
}

let db: LinliDb;
let platform: TestingPlatform;

beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  db = await openTestDb();
  await seedFromHq(db, orders());
  await db.staff.bulkPut(STAFF);
  await db.meta.put({ key: `entity:storePolicy:${TEST_STORE}`, value: POLICY });
  platform = createTestingPlatform();
});
afterEach(async () => {
  cleanup();
  await deleteTestDbs();
});

function renderShelf(initialTab: ShelfTab = 'putAway') {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <PlatformContext value={platform}>
        <ShelfScreen db={db} now={() => NOW} initialTab={initialTab} />
      </PlatformContext>
    </I18nextProvider>,
  );
}

/** Manual entry into the scan field (pasted, then Enter: typing at machine speed would be a wedge scan). */
async function enter(text: string, field = '扫码或输入') {
  const input = await screen.findByRole('searchbox', { name: field });
  await userEvent.click(input);
  await userEvent.paste(text);
  await userEvent.keyboard('{Enter}');
}

const putAways = async () => (await db.outbox.toArray()).filter((m) => m.type === 'order.putAway');

describe('put-away', () => {
  it('bag → proposed slot shown and lit → slot label confirms → one putAway; the waiting list shrinks', async () => {
    renderShelf();
    const waiting = await screen.findByRole('list', { name: '待上架订单' });
    expect(within(waiting).getAllByRole('listitem')).toHaveLength(2);
    await enter('LL202611240001-B1');
    // C1-03 and C1-04 hold other orders; C1-01 is the nearest empty chilled slot.
    expect(await screen.findByLabelText('建议货位')).toHaveTextContent('请放入 C1-01');
    expect(platform.lightCommands).toContainEqual(
      expect.objectContaining({ slotIds: ['C1-01'], color: 'blue', blink: true }),
    );
    await enter('SL-C1-01');
    expect(await screen.findByText('LL202611240001 已上架：C1-01')).toBeInTheDocument();
    const order = await db.orders.get('O000001');
    expect(order?.status).toBe('shelved');
    expect(order?.slotIds).toEqual(['C1-01']);
    expect(await putAways()).toHaveLength(1);
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: '待上架订单' })).getAllByRole('listitem')).toHaveLength(
        1,
      ),
    );
  });

  it('a chilled bag scanned onto an ambient slot is refused with a warning; nothing is written', async () => {
    renderShelf();
    await enter('LL202611240001-B1');
    await screen.findByLabelText('建议货位');
    await enter('SL-A1-01');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '温区不符：LL202611240001-B1 是冷藏包裹，A1-01 是常温货位。请放到冷藏区！',
    );
    expect((await db.orders.get('O000001'))?.status).toBe('arrived');
    expect(await putAways()).toHaveLength(0);
  });

  it('a full slot is refused; another valid slot can be picked instead', async () => {
    await db.slotOccupancy.put({ slotId: 'C1-02', orderId: 'X', bagLabels: ['a', 'b'], since: '' });
    renderShelf();
    await enter('LL202611240001-B1');
    await screen.findByLabelText('建议货位');
    await enter('SL-C1-02');
    expect(await screen.findByRole('alert')).toHaveTextContent('C1-02 已满（2/2 袋）');
    await userEvent.click(screen.getByRole('button', { name: '放入 C1-03' }));
    expect(await screen.findByText('LL202611240001 已上架：C1-03')).toBeInTheDocument();
    expect((await db.orders.get('O000001'))?.slotIds).toEqual(['C1-03']);
  });

  it('two bags of one order go together, in one putAway', async () => {
    renderShelf();
    await enter('LL202611240002-B1');
    expect(await screen.findByLabelText('建议货位')).toHaveTextContent('C1-01');
    await enter('SL-C1-01');
    expect(await screen.findByText('请扫描下一个包裹：LL202611240002-B2')).toBeInTheDocument();
    expect(await putAways()).toHaveLength(0);
    await enter('LL202611240002-B2');
    expect(await screen.findByLabelText('建议货位')).toHaveTextContent('C1-01');
    await enter('SL-C1-01');
    expect(await screen.findByText('LL202611240002 已上架：C1-01')).toBeInTheDocument();
    const [mutation] = await putAways();
    expect(mutation?.payload).toEqual({
      orderId: 'O000002',
      placements: [
        { bagLabel: 'LL202611240002-B1', slotId: 'C1-01' },
        { bagLabel: 'LL202611240002-B2', slotId: 'C1-01' },
      ],
    });
  });

  it('a slot scan before any bag, a shelved order’s bag and garbage each say why', async () => {
    renderShelf();
    await enter('SL-C1-01');
    expect(await screen.findByRole('alert')).toHaveTextContent('请先扫描包裹标签。');
    await enter('LL202611240004-B1');
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('订单 LL202611240004 状态为「已上架」，不能上架。'),
    );
    await enter('LL209911240099-B1');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('找不到包裹 LL209911240099-B1'));
  });
});

describe('slot map', () => {
  it('shows each slot’s state in words, searches by phone last 4 and opens the slot’s order', async () => {
    renderShelf('map');
    expect(await screen.findByRole('button', { name: '货位 C1-04 1/2，逾期' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '货位 C1-03 1/2，占用' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '货位 C1-01 0/2，空闲' })).toBeInTheDocument();
    expect(screen.getByText(/冷藏：2\/8 袋（25%）/)).toBeInTheDocument();
    await enter('4321', '搜索订单号、手机尾号或货位');
    const detail = await screen.findByRole('region', { name: '货位 C1-04' });
    expect(detail).toHaveTextContent('订单 LL202611240003 · 李*明 · 尾号 4321');
    expect(screen.getByRole('button', { name: '货位 C1-04 1/2，选中' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '货位 C1-02 0/2，空闲' }));
    expect(await screen.findByRole('region', { name: '货位 C1-02' })).toHaveTextContent(
      'C1-02 空闲（容量 2 袋）',
    );
  });
});

describe('uncollected orders', () => {
  it('lists only orders past the window plus grace; remind and extend write their mutations', async () => {
    renderShelf('uncollected');
    const list = await screen.findByRole('list', { name: '逾期未取' });
    expect(
      within(list)
        .getAllByRole('article')
        .map((a) => a.getAttribute('aria-label')),
    ).toEqual(['LL202611240003']);
    await userEvent.click(within(list).getByRole('button', { name: '提醒顾客' }));
    expect(await screen.findByText('已请求总部提醒 LL202611240003 的顾客。')).toBeInTheDocument();
    await userEvent.click(within(list).getByRole('button', { name: '延期 24 小时' }));
    await waitFor(async () =>
      expect((await db.orders.get('O000003'))?.extendedUntil).toBe('2026-11-25T04:00:00.000Z'),
    );
    const types = (await db.outbox.toArray()).map((m) => m.type);
    expect(types).toEqual(['order.remind', 'order.extend']);
    // Extended: no longer overdue.
    expect(await screen.findByText('没有逾期未取的订单。')).toBeInTheDocument();
  });

  it('the manager returns an overdue order to stock: its slot is freed', async () => {
    useSessionStore.getState().signIn({ id: 'M01', name: '李强', role: 'manager' });
    renderShelf('uncollected');
    const list = await screen.findByRole('list', { name: '逾期未取' });
    await userEvent.click(within(list).getByRole('button', { name: '退回库存' }));
    expect(await screen.findByText('LL202611240003 已退回库存，货位已释放。')).toBeInTheDocument();
    expect((await db.orders.get('O000003'))?.status).toBe('returned');
    expect(await db.slotOccupancy.where('slotId').equals('C1-04').count()).toBe(0);
    const [mutation] = await db.outbox.toArray();
    expect(mutation?.type).toBe('order.returnToStock');
  });
});

describe('uncollected orders, clerk', () => {
  it('a clerk’s return to stock asks for a manager; without approval nothing changes', async () => {
    renderShelf('uncollected');
    const list = await screen.findByRole('list', { name: '逾期未取' });
    await userEvent.click(within(list).getByRole('button', { name: '退回库存' }));
    await waitFor(() => expect(useSessionStore.getState().approvalRequest?.action).toBe('returnToStock'));
    useSessionStore.getState().settleApproval(null);
    expect(await screen.findByRole('alert')).toHaveTextContent('未获店长批准，未退回。');
    expect((await db.orders.get('O000003'))?.status).toBe('shelved');
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('slot labels', () => {
  it('prints the chosen unit’s labels through the platform', async () => {
    renderShelf('labels');
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: '货架' }), 'C1');
    await userEvent.click(screen.getByRole('radio', { name: '二维码' }));
    await userEvent.click(screen.getByRole('button', { name: '打印 C1 的 4 张标签' }));
    expect(await screen.findByText('已发送到打印机。')).toBeInTheDocument();
    const [job] = platform.printJobs;
    expect(job?.widthMm).toBeNull();
    expect(job?.html.match(/class="label"/g)).toHaveLength(4);
    expect(job?.html).toContain('alt="QR SL-C1-04"');
    expect(job?.html).not.toContain('Code 128');
  });
});
