import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { CounterPage } from './pages/CounterPage';
import { waitForCentral } from './centralReady';
import { ShelfPage } from './pages/ShelfPage';
import { ShellPage } from './pages/ShellPage';
import { SignInPage } from './pages/SignInPage';

/**
 * The smart shelf against the real reference central (`npm run web`: demo
 * data, admin on). Orders are created through HQ's admin API as arrived, before
 * the page opens, so the first pull brings them; their bag and slot labels are
 * scanned as a wedge scanner types them.
 */

const ADMIN = 'http://127.0.0.1:8787/v1/_admin';

interface AdminOrder {
  id: string;
  orderNo: string;
  status: string;
  pickupToken: string;
  bags: { label: string; zone: 'ambient' | 'chilled' | 'frozen' }[];
  items: { sku: string; zone: 'ambient' | 'chilled' | 'frozen' }[];
}

async function orders(request: APIRequestContext, status?: string): Promise<AdminOrder[]> {
  const res = await request.get(`${ADMIN}/stores/S001/orders${status ? `?status=${status}` : ''}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders;
}

/** A SKU of the zone, taken from HQ's own demo orders. */
async function skuIn(request: APIRequestContext, zone: AdminOrder['items'][number]['zone']): Promise<string> {
  const item = (await orders(request, 'shelved')).flatMap((o) => o.items).find((i) => i.zone === zone);
  if (!item) throw new Error(`no ${zone} product in the demo data`);
  return item.sku;
}

async function createArrived(
  request: APIRequestContext,
  sku: string,
  pickupWindow?: { start: string; end: string },
): Promise<AdminOrder> {
  const res = await request.post(`${ADMIN}/stores/S001/orders`, {
    data: {
      orders: [{ status: 'arrived', items: [{ sku, qty: 1 }], ...(pickupWindow ? { pickupWindow } : {}) }],
    },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders[0]!;
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function hqOrder(request: APIRequestContext, id: string) {
  return (await orders(request)).find((o) => o.id === id) as
    (AdminOrder & { lastRemindedAt?: string | null }) | undefined;
}

async function hqStatus(request: APIRequestContext, id: string) {
  return (await orders(request)).find((o) => o.id === id)?.status;
}

async function signIn(page: Page, badge: string, pin: string, name: string) {
  const shell = new ShellPage(page);
  await shell.open('/');
  const signInPage = new SignInPage(page);
  await signInPage.waitForStaff();
  await signInPage.signInByBadge(badge, pin, name);
  const shelf = new ShelfPage(page);
  await shelf.open();
  return shelf;
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test('put away by scanning bag and slot labels: wrong zone refused, the map changes, a pickup frees the slot', async ({
  page,
  request,
}) => {
  const chilled = await createArrived(request, await skuIn(request, 'chilled'));
  expect(chilled.bags.map((b) => b.zone)).toEqual(['chilled']);
  const shelf = await signIn(page, 'LS-C01', '1234', '王芳');

  await shelf.tab('货位图').click();
  const before = await shelf.bagsIn('冷藏');

  await shelf.tab('上架').click();
  await shelf.waitForWaiting(chilled.orderNo);
  const bag = chilled.bags[0]!.label;
  const proposed = await shelf.scanBag(bag);
  expect(proposed).toMatch(/^C\d+-\d{2}$/);
  // The simulated shelf lights show the proposed slot.
  await expect(page.getByRole('status', { name: '货架灯（模拟）' })).toContainText(proposed);
  await expectNoSeriousViolations(page);

  // A chilled bag on an ambient shelf: refused, with the reason.
  await shelf.scan('SL-A1-01');
  await expect(shelf.alert()).toContainText(`温区不符：${bag} 是冷藏包裹，A1-01 是常温货位。请放到冷藏区！`);

  await shelf.scan(`SL-${proposed}`);
  await expect(shelf.status()).toHaveText(`${chilled.orderNo} 已上架：${proposed}`);
  await expect(shelf.waitingList().getByRole('button', { name: chilled.orderNo })).toHaveCount(0);

  // The map: one more chilled bag, and the slot shows the order.
  await shelf.tab('货位图').click();
  await expect.poll(() => shelf.bagsIn('冷藏')).toBe(before + 1);
  await shelf.search(chilled.orderNo);
  await expect(shelf.slotDetail(proposed)).toContainText(`订单 ${chilled.orderNo}`);
  await expectNoSeriousViolations(page);

  // HQ receives the put-away through the outbox.
  await expect.poll(() => hqStatus(request, chilled.id), { timeout: 20_000 }).toBe('shelved');

  // Handed over at the counter: the slot is free again.
  await new ShellPage(page).goTo('counter', 'zh-CN');
  const counter = new CounterPage(page);
  await counter.scanUntilCard(chilled.pickupToken, chilled.orderNo);
  await page.keyboard.press('F2');
  await expect(counter.status()).toHaveText(`已交付：${chilled.orderNo}`);
  await shelf.open();
  await shelf.tab('货位图').click();
  await expect.poll(() => shelf.bagsIn('冷藏')).toBe(before);
  await shelf.search(chilled.orderNo);
  await expect(shelf.main().getByRole('status').filter({ hasText: '没有找到' })).toBeVisible();
});

test('an overdue order is returned to stock by the manager; its slot is freed and HQ is told', async ({
  page,
  request,
}) => {
  const hour = 3_600_000;
  const now = Date.now();
  // Window ended 5 h ago; HQ's grace is 2 h: overdue.
  const late = await createArrived(request, await skuIn(request, 'ambient'), {
    start: new Date(now - 8 * hour).toISOString(),
    end: new Date(now - 5 * hour).toISOString(),
  });
  const shelf = await signIn(page, 'LS-M01', '9999', '李强');
  const [slot] = await shelf.putAwayByScanning(late);
  // Let the put-away reach HQ first: a mutation written while a push is in flight
  // waits for the engine's next poll (see the report), which would only slow this test.
  await expect.poll(() => hqStatus(request, late.id), { timeout: 20_000 }).toBe('shelved');

  await shelf.tab('逾期未取').click();
  const card = shelf.main().getByRole('article', { name: late.orderNo });
  await expect(card).toContainText(slot!);
  await expectNoSeriousViolations(page);
  // Remind: HQ records it (and sends the message).
  await card.getByRole('button', { name: '提醒顾客' }).click();
  await expect(shelf.status()).toHaveText(`已请求总部提醒 ${late.orderNo} 的顾客。`);
  await expect
    .poll(async () => (await hqOrder(request, late.id))?.lastRemindedAt ?? null, { timeout: 20_000 })
    .not.toBeNull();
  await card.getByRole('button', { name: '退回库存' }).click();
  await expect(shelf.status()).toHaveText(`${late.orderNo} 已退回库存，货位已释放。`);
  await expect(card).toHaveCount(0);

  await shelf.tab('货位图').click();
  await shelf.search(slot!);
  await expect(shelf.slotDetail(slot!)).not.toContainText(late.orderNo);
  await expect.poll(() => hqStatus(request, late.id), { timeout: 20_000 }).toBe('returned');
});
