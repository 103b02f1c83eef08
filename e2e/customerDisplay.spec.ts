import { expect, test } from '@playwright/test';
import { waitForCentral } from './centralReady';
import { CounterPage } from './pages/CounterPage';
import { ShellPage } from './pages/ShellPage';

/**
 * The customer display (顾客屏) in the web build: the counter opens a second
 * window at #/customer-display; the two pages keep in step over BroadcastChannel.
 */

const ADMIN = 'http://127.0.0.1:8787/v1/_admin';

interface AdminOrder {
  id: string;
  orderNo: string;
  pickupToken: string;
  batchId: string | null;
  customer: { maskedName: string; phoneLast4: string };
  items: { name: string }[];
  bags: { label: string }[];
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test('the customer display: idle with the store name, the pickup without phone or items, thanks after handover', async ({
  page,
  context,
  request,
}) => {
  const res = await request.get(`${ADMIN}/stores/S001/orders?status=shelved`);
  const shelved = ((await res.json()) as { orders: AdminOrder[] }).orders.filter((o) => !o.batchId);
  const order = shelved[Math.floor(Math.random() * Math.min(shelved.length, 40))]!;

  await new ShellPage(page).openSignedIn('/');
  const counter = new CounterPage(page);
  await expect(counter.scanField()).toBeVisible();

  const [display] = await Promise.all([
    context.waitForEvent('page'),
    counter.main().getByRole('button', { name: '顾客屏' }).click(),
  ]);
  await display.locator('html[data-ready="true"]').waitFor();
  expect(display.url()).toMatch(/#\/customer-display$/);
  const screen = display.getByRole('main', { name: '顾客屏' });
  await expect(screen).toContainText('请出示取货码');
  // The store's name from HQ's store record (it arrives with the first pull).
  await expect(screen).toContainText(/欢迎光临 · \S+/, { timeout: 30_000 });
  // Nothing from the staff screens: no navigation, no sign-in, no scan field.
  await expect(display.getByRole('navigation')).toHaveCount(0);
  await expect(display.getByRole('searchbox')).toHaveCount(0);

  await counter.scanUntilCard(order.pickupToken, order.orderNo);
  await expect(screen).toContainText(order.orderNo);
  await expect(screen).toContainText(order.customer.maskedName);
  await expect(screen).toContainText(`共 ${order.bags.length} 袋`);
  // (The order number itself may hold the same four digits.)
  const text = ((await screen.textContent()) ?? '').replace(order.orderNo, '');
  expect(text).not.toContain(order.customer.phoneLast4);
  for (const item of order.items) expect(text).not.toContain(item.name);

  await counter.page.keyboard.press('F2');
  await expect(counter.status()).toHaveText(`已交付：${order.orderNo}`);
  await expect(screen).toContainText('取货完成，谢谢光临！');
});
