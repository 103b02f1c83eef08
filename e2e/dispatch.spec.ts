import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DispatchPage } from './pages/DispatchPage';
import { waitForCentral } from './centralReady';
import { ShelfPage } from './pages/ShelfPage';
import { ShellPage } from './pages/ShellPage';
import { SignInPage } from './pages/SignInPage';

/**
 * 定时送达 against the real reference central (`npm run web`: demo data, admin
 * on). Self-contained: the spec makes its own three orders for rider 孙小龙
 * (R02) in a window that began half an hour ago — earlier than any of R02's
 * demo windows, so they are R02's run — puts them on the shelf by scanning,
 * hands the run to the rider, and has HQ report one delivery failed. The
 * demo's own deliveries (R02's next window, R01's orders) are only scanned, to
 * be refused; nothing of theirs changes.
 */

const ADMIN = 'http://127.0.0.1:8787/v1/_admin';
const here = dirname(fileURLToPath(import.meta.url));
const README_SHOT = join(here, '..', 'docs', 'screenshots', 'dispatch.png');

interface AdminOrder {
  id: string;
  orderNo: string;
  status: string;
  fulfilment: string;
  pickupWindow: { start: string; end: string };
  delivery?: { riderId: string | null; outcome?: string | null } | null;
  bags: { label: string; zone: 'ambient' | 'chilled' | 'frozen' }[];
  items: { sku: string; zone: 'ambient' | 'chilled' | 'frozen' }[];
  slotAssignments: { bagLabel: string; slotId: string }[];
}

async function orders(request: APIRequestContext, status?: string): Promise<AdminOrder[]> {
  const res = await request.get(`${ADMIN}/stores/S001/orders${status ? `?status=${status}` : ''}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders;
}

async function createRun(request: APIRequestContext, count: number): Promise<AdminOrder[]> {
  const sku = (await orders(request, 'shelved'))
    .flatMap((o) => o.items)
    .find((i) => i.zone === 'ambient')!.sku;
  const now = Date.now();
  const pickupWindow = {
    start: new Date(now - 30 * 60_000).toISOString(),
    end: new Date(now + 30 * 60_000).toISOString(),
  };
  const res = await request.post(`${ADMIN}/stores/S001/orders`, {
    data: {
      orders: Array.from({ length: count }, () => ({
        status: 'arrived',
        fulfilment: 'scheduled_delivery',
        riderId: 'R02',
        items: [{ sku, qty: 1 }],
        pickupWindow,
      })),
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders;
}

async function dispatchedAtHq(request: APIRequestContext, orderIds: string[]) {
  const res = await request.get(`${ADMIN}/stores/S001/mutations?type=order.dispatched`);
  expect(res.ok()).toBe(true);
  const { mutations } = (await res.json()) as {
    mutations: { id: string; status: string; payload: { orderIds: string[] } }[];
  };
  return mutations.filter((m) => m.payload.orderIds.some((id) => orderIds.includes(id)));
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test('a rider takes a run of three; a failed delivery comes back to the shelf to be put away again', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const run = await createRun(request, 3);
  expect(run.map((o) => o.bags.length)).toEqual([1, 1, 1]);
  const seeded = await orders(request, 'shelved');
  const nextOfSun = seeded.find(
    (o) => o.delivery?.riderId === 'R02' && Date.parse(o.pickupWindow.start) > Date.now(),
  )!;
  const ofZhou = seeded.find((o) => o.delivery?.riderId === 'R01')!;
  expect(nextOfSun, 'the demo gives R02 a later window').toBeTruthy();
  expect(ofZhou, 'the demo gives R01 orders on the shelf').toBeTruthy();

  await page.setViewportSize({ width: 1366, height: 768 });
  const shell = new ShellPage(page);
  await shell.open('/');
  const signIn = new SignInPage(page);
  await signIn.waitForStaff();
  await signIn.signInByBadge('LS-C01', '1234', '王芳');

  // The run goes on the shelf first, as any arrived order.
  const shelf = new ShelfPage(page);
  await shelf.open();
  const slots = new Map<string, string>();
  for (const order of run) slots.set(order.id, (await shelf.putAwayByScanning(order))[0]!);
  await expect
    .poll(
      async () =>
        (await orders(request)).filter((o) => run.some((r) => r.id === o.id && o.status === 'shelved'))
          .length,
      {
        timeout: 30_000,
      },
    )
    .toBe(3);

  // The board: R02's run is the late window, standing out, with the bags' slots.
  const dispatch = new DispatchPage(page);
  await dispatch.open();
  const late = dispatch.board().locator('.dispatch-window--late').filter({ hasText: run[0]!.orderNo });
  await expect(late).toBeVisible();
  await expect(late).toContainText('已迟');
  for (const order of run)
    await expect(late).toContainText(`${order.orderNo}孙小龙1 袋${slots.get(order.id)}`);

  // Bad input: a code that is not a rider, a bag of another window, of another rider, a bag twice.
  await dispatch.scan('RD-R99');
  await expect(dispatch.alert()).toContainText('「RD-R99」不是骑手码');
  await dispatch.scan('RD-R02');
  await expect(dispatch.status()).toHaveText('骑手 孙小龙：这一趟 3 单，请逐个扫袋子。');
  await dispatch.scan(nextOfSun.bags[0]!.label);
  await expect(dispatch.alert()).toContainText(`${nextOfSun.orderNo} 属于`);
  await expect(dispatch.alert()).toContainText('请放回货架！');
  await dispatch.scan(ofZhou.bags[0]!.label);
  await expect(dispatch.alert()).toContainText(`${ofZhou.orderNo} 是骑手 周建华 的订单，不是 孙小龙 的。`);
  await dispatch.scan(run[0]!.bags[0]!.label);
  await expect(dispatch.status()).toContainText(`已扫 ${run[0]!.bags[0]!.label}`);
  await dispatch.scan(run[0]!.bags[0]!.label);
  await expect(dispatch.alert()).toContainText('已经扫过了');
  await dispatch.scan(run[1]!.bags[0]!.label);
  await expect(dispatch.handover()).toContainText('已扫 2/3 袋');
  await expectNoSeriousViolations(page);
  // The README's picture: the board and a handover under way, at 1366×768 with no scrolling.
  await expect(dispatch.confirm()).toBeInViewport();
  await page.screenshot({ path: README_SHOT, clip: { x: 0, y: 0, width: 1366, height: 768 } });
  await dispatch.scan(run[2]!.bags[0]!.label);
  // At 1024×768 too, the handover is on the first screen.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(dispatch.confirm()).toBeInViewport();
  await expect(dispatch.confirm()).toBeEnabled();
  await page.screenshot({ path: 'test-results/dispatch-1024x768.png' });
  await page.setViewportSize({ width: 1366, height: 768 });

  // HQ has nothing of the refused scans.
  expect(
    await dispatchedAtHq(
      request,
      [...run, nextOfSun, ofZhou].map((o) => o.id),
    ),
  ).toEqual([]);

  await page.keyboard.press('F2');
  const freed = run.map((o) => slots.get(o.id)!);
  await expect(dispatch.status()).toContainText(`已交给骑手 孙小龙：3 单`);
  await expect(dispatch.status()).toContainText(`货位已释放：${[...new Set(freed)].join('、')}`);
  await expect(late).toHaveCount(0);

  // 配送中: the run is out with 孙小龙 now, left at this minute, in a window under way (not late yet).
  await dispatch.tab('配送中').click();
  const outWithSun = dispatch.outList().getByRole('region', { name: '骑手 孙小龙 · 3 单' });
  await expect(outWithSun).toBeVisible();
  for (const order of run) await expect(outWithSun).toContainText(order.orderNo);
  await expect(outWithSun.locator('.dispatch-out--late')).toHaveCount(0);
  await expect(outWithSun).not.toContainText('已超时');
  await expectNoSeriousViolations(page);
  await expect(dispatch.scanField()).toBeInViewport();
  await page.screenshot({ path: 'test-results/dispatch-out-1366x768.png' });
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(outWithSun).toBeInViewport();
  await page.screenshot({ path: 'test-results/dispatch-out-1024x768.png' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await dispatch.tab('待配送').click();

  // HQ: the run once, the orders collected by the rider.
  await expect
    .poll(
      async () =>
        (
          await dispatchedAtHq(
            request,
            run.map((o) => o.id),
          )
        ).map((m) => m.status),
      {
        timeout: 30_000,
      },
    )
    .toEqual(['applied']);
  const atHq = (await orders(request)).filter((o) => run.some((r) => r.id === o.id));
  expect(atHq.map((o) => [o.status, o.delivery?.riderId])).toEqual(run.map(() => ['collected', 'R02']));
  // The other deliveries stayed as they were.
  expect((await orders(request)).find((o) => o.id === nextOfSun.id)?.status).toBe('shelved');

  // The slots are free on the shelf map.
  await shelf.open();
  await shelf.tab('货位图').click();
  await shelf.search(run[0]!.orderNo);
  await expect(shelf.main().getByRole('status').filter({ hasText: '没有找到' })).toBeVisible();

  // HQ hears from the rider: one delivery failed. It comes back by pull, to be put away again.
  const back = run[1]!;
  const failed = await request.post(`${ADMIN}/stores/S001/orders/${back.id}/delivery`, {
    data: { outcome: 'failed', reason: '顾客不在家' },
  });
  expect(failed.ok(), await failed.text()).toBe(true);
  // Pulled at the next poll (30 s) — or now, as a clerk waiting for it would do.
  await shell.goTo('sync', 'zh-CN');
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(page.getByRole('button', { name: '立即同步' })).toBeEnabled({ timeout: 30_000 });
  await shelf.open();
  await shelf.tab('上架').click();
  const [slot] = await shelf.putAwayByScanning(back);
  await expect
    .poll(async () => (await orders(request)).find((o) => o.id === back.id)?.status, { timeout: 30_000 })
    .toBe('shelved');
  // The board lists it as back from a failed delivery, not as a delivery to hand over.
  await dispatch.open();
  await expect(dispatch.board().locator('.dispatch-failed')).toContainText(back.orderNo);
  await expect(dispatch.board().locator('.dispatch-failed')).toContainText('配送失败退回');
  // …and no longer as out with the rider.
  await dispatch.tab('配送中').click();
  await expect(dispatch.outList()).not.toContainText(back.orderNo);
  await expect(dispatch.outList()).toContainText(run[0]!.orderNo);
  expect(slot).toMatch(/^A\d+-\d{2}$/);
});
