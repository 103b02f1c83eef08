import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { waitForCentral } from './centralReady';
import { CounterPage } from './pages/CounterPage';
import { SignInPage } from './pages/SignInPage';
import { HQ, openWithHooks, setFaults, waitForFirstSync } from './syncHelpers';

/**
 * The exceptions inbox against the real reference central: a clerk hands an
 * order over while HQ is unreachable, HQ cancels that order meanwhile, and when
 * HQ is back it refuses the handover. The refusal appears in the inbox with
 * HQ's reason; a manager approves its acknowledgement and the inbox is empty.
 * Self-contained: the order is one this test creates (specs share one demo HQ).
 */
const ADMIN = `${HQ}/v1/_admin`;

interface CreatedOrder {
  id: string;
  orderNo: string;
  pickupToken: string;
}

async function createArrivedOrder(request: APIRequestContext): Promise<CreatedOrder> {
  const res = await request.post(`${ADMIN}/stores/S001/orders`, {
    data: { orders: [{ status: 'arrived' }] },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { orders: CreatedOrder[] }).orders[0]!;
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test.afterEach(async ({ request }) => {
  await setFaults(request, null);
});

test('HQ refuses a handover: the inbox shows it with HQ’s reason and a manager resolves it', async ({
  page,
  request,
}) => {
  const order = await createArrivedOrder(request);
  const shell = await openWithHooks(page, true);
  await waitForFirstSync(page);
  const counter = new CounterPage(page);
  await counter.scanUntilCard(order.pickupToken, order.orderNo);

  // HQ unreachable: the handover is done and queued here…
  await setFaults(request, { down: true });
  await page.keyboard.press('F2');
  await expect(counter.status()).toHaveText(`已交付：${order.orderNo}`);
  // …while HQ cancels the order.
  const cancel = await request.post(`${ADMIN}/stores/S001/orders/${order.id}/cancel`, {
    data: { reason: '顾客申请退款' },
  });
  expect(cancel.ok()).toBe(true);

  await setFaults(request, null);
  await shell.goTo('sync', 'zh-CN');
  await page.getByRole('button', { name: '立即同步' }).click();

  const inbox = page.getByRole('region', { name: /异常收件箱/ });
  const row = inbox.getByRole('row').filter({ hasText: `order:${order.id}` });
  await expect(row).toContainText('被拒绝');
  await expect(row).toContainText('order.handOver');
  await expect(row).toContainText('订单已被总部取消：顾客申请退款');
  await expect(row).toContainText('order_cancelled');
  await expect(page.locator('a.sync-badge')).toContainText('1 条待处理');
  await expect(inbox).toContainText('处理异常需要店长批准。');
  const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="exceptions-title"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

  // The clerk asks; the manager approves on the override dialog.
  await row.getByRole('button', { name: '确认知悉' }).click();
  const signIn = new SignInPage(page);
  const dialog = signIn.overrideDialog();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: /李强/ }).click();
  await signIn.tapPin('9999', dialog);
  await expect(dialog).toBeHidden();
  await expect(inbox).toContainText('没有需要处理的异常。');
  await expect(page.locator('a.sync-badge')).not.toContainText('待处理');

  // The order is HQ's again here: cancelled, not handed over.
  await shell.goTo('counter', 'zh-CN');
  await counter.scan(order.pickupToken);
  await expect(counter.alert()).toContainText('订单已取消，不能交付。原因：顾客申请退款');
});
