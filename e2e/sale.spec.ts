import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CounterPage } from './pages/CounterPage';
import { openTill, SalePage, scaleLabel } from './pages/SalePage';
import { HQ, openWithHooks, setFaults, waitForFirstSync } from './syncHelpers';

/**
 * The till against the real reference central (`npm run web`): walk-in sales
 * with a scanned EAN, a scale label and a pinyin search paid in cash; a cash
 * sale while HQ is down that reaches HQ exactly once; a refund by scanning the
 * receipt's code; a held sale resumed; an add-on sale from a pickup card.
 * (The WeChat/Alipay flows are the payments e2e.)
 */
test.afterEach(async ({ request }) => {
  await setFaults(request, null);
});

const fen = (text: string | null) => Math.round(Number((text ?? '').replace(/[^\d.]/g, '')) * 100);

/** HQ's own totals of a business day for this store (as terminal T1 asks for them). */
async function hqDay(request: APIRequestContext, date: string) {
  const res = await request.get(`${HQ}/v1/stores/S001/days/${date}/totals`, {
    headers: { authorization: 'Bearer demo-key-T1' },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { store: { salesCount: number; salesFen: number } }).store;
}

const dateOf = (receiptNo: string) => {
  const d = receiptNo.split('-')[1]!;
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;
};

test('walk-in sale: scanned EAN, scale label, pinyin search; cash with change; receipt shown', async ({
  page,
}) => {
  const sale = await openTill(page);
  const [piece] = await sale.products({ weighed: false });
  const [loose] = await sale.products({ weighed: true });
  expect(piece && loose).toBeTruthy();

  await sale.scan(piece!.barcodes[0]!);
  await expect(sale.cart()).toContainText(piece!.name);

  const grams = 750;
  const amount = Math.round((loose!.priceFen * grams) / 1000);
  await sale.scan(scaleLabel(loose!.plu!, amount, grams));
  await expect(sale.cart()).toContainText(loose!.name);
  await expect(sale.cart()).toContainText('0.750 kg');

  // Pinyin initials: 牛奶 products of the demo catalogue.
  await sale.scanField().pressSequentially('nn', { delay: 80 });
  const list = page.getByRole('listbox', { name: '搜索结果' });
  const first = list.getByRole('option').first();
  await expect(first).toContainText('牛奶');
  await expect(first).toContainText(/库存/);
  const searched = (await first.locator('.till-hit-name').textContent()) ?? '';
  await page.keyboard.press('Enter');
  await expect(sale.cart()).toContainText(searched);

  const due = fen(await sale.due().textContent());
  expect(due).toBeGreaterThan(0);
  const tendered = Math.ceil((due + 1) / 10000) * 100;
  await sale.payCash(String(tendered));
  await expect(page.getByTestId('change')).toHaveText(
    `¥${((tendered * 100 - due) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`,
  );
  await expect(sale.receiptNo()).toHaveText(/^T1-\d{8}-\d{4}$/);
  await expect(page.getByRole('article', { name: '小票' })).toContainText(piece!.name);
});

test('HQ down: a cash sale completes offline and reaches HQ exactly once', async ({ page, request }) => {
  const sale = await openTill(page);
  const [piece] = await sale.products({ weighed: false });
  await setFaults(request, { down: true });
  await page.evaluate(() => window.__linliTest!.syncNow());
  const badge = page.locator('a.sync-badge');
  await expect(badge.getByRole('status')).toHaveText('离线');

  await sale.scan(piece!.barcodes[0]!);
  await expect(sale.cart()).toContainText(piece!.name);
  const due = fen(await sale.due().textContent());
  await sale.payCash(String(Math.ceil(due / 100)));
  const receiptNo = (await sale.receiptNo().textContent()) ?? '';
  const date = dateOf(receiptNo);
  await expect(badge).toContainText('待上传');

  await setFaults(request, null);
  const before = await hqDay(request, date);
  await page.evaluate(() => window.__linliTest!.syncNow());
  await expect(badge).toContainText('无待上传');
  const after = await hqDay(request, date);
  expect(after.salesCount).toBe(before.salesCount + 1);
  expect(after.salesFen).toBe(before.salesFen + due);
  // Another sync delivers nothing twice.
  await page.evaluate(() => window.__linliTest!.syncNow());
  expect((await hqDay(request, date)).salesCount).toBe(before.salesCount + 1);
});

test('refund by scanning the receipt’s code: slips printed and reprinted later, no more than sold', async ({
  page,
}) => {
  const sale = await openTill(page);
  const [piece] = await sale.products({ weighed: false });
  // Two of one product: refunded one at a time, so the sale has two earlier refunds.
  await sale.scan(piece!.barcodes[0]!);
  await expect(sale.cart()).toContainText(piece!.name);
  await sale.scan(piece!.barcodes[0]!);
  await expect(sale.due()).toHaveText(`¥${((piece!.priceFen * 2) / 100).toFixed(2)}`);
  await sale.payCash('200');
  const receiptNo = (await sale.receiptNo().textContent()) ?? '';
  await sale.waitForPrinted(receiptNo);
  await sale.nextCustomer();

  await sale.scan(receiptNo);
  const qty = page.getByRole('textbox', { name: `退货数量：${piece!.name}` });
  await expect(qty).toBeFocused();
  await qty.fill('1');
  await qty.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '已退款' })).toContainText(
    `已退款 ¥${(piece!.priceFen / 100).toFixed(2)}（现金）`,
  );

  // The refund slip (退款凭证) is offered once the refund is done, focused.
  const printSlip = page.getByRole('button', { name: '打印退款凭证 (F9)' });
  await expect(printSlip).toBeFocused();
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    // Nothing to scroll to act: the print and back buttons are whole on screen.
    await expect(printSlip).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: '返回 (Esc)' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `test-results/refund-slip-${size.width}x${size.height}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  const axe = await new AxeBuilder({ page }).include('.till-refund').analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  // F9 prints it (through the receipt's path); the next print is a reprint.
  await page.keyboard.press('F9');
  await expect(page.getByRole('status').filter({ hasText: '退款凭证已打印' })).toBeVisible();
  await expect(page.getByRole('button', { name: '重打退款凭证 (F9)' })).toBeFocused();

  // The other one, later: a second refund (R2), its own slip action focused.
  await sale.scanField().focus();
  await sale.scan(receiptNo);
  const second = page.getByRole('textbox', { name: `退货数量：${piece!.name}` });
  await expect(second).toBeFocused();
  await second.fill('1');
  await second.press('Enter');
  await expect(printSlip).toBeFocused();

  // Found again later: each refund's slip reprints from 本单已退, numbered as first printed.
  await sale.scanField().focus();
  await sale.scan(receiptNo);
  const again = page.getByRole('textbox', { name: `退货数量：${piece!.name}` });
  await expect(again).toBeFocused();
  const reprint = page.getByRole('button', { name: `重打退款凭证 ${receiptNo}-R1` });
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    await page.setViewportSize(size);
    // Nothing to scroll to act: both reprints, the form and Back are whole on screen.
    await expect(reprint).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: `重打退款凭证 ${receiptNo}-R2` })).toBeInViewport({
      ratio: 1,
    });
    await expect(again).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: /^确认退款/ })).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('button', { name: '返回 (Esc)' })).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `test-results/refund-reprint-${size.width}x${size.height}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  const axeAgain = await new AxeBuilder({ page }).include('.till-refund').analyze();
  expect(
    axeAgain.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  // Back from the quantities: R2, then R1 (the slip printed with F9 above).
  await again.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(reprint).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: '已重打' })).toHaveText(
    `退款凭证 ${receiptNo}-R1 已重打。`,
  );

  await again.fill('1');
  await again.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: '已全部退过' })).toBeVisible();
});

test('a held sale is parked (F2), the next customer served, then resumed (F3) and paid', async ({ page }) => {
  const sale = await openTill(page);
  const [first, second] = await sale.products({ weighed: false });
  await sale.scan(first!.barcodes[0]!);
  await expect(sale.cart()).toContainText(first!.name);
  await page.keyboard.press('F2');
  await expect(page.getByRole('status').filter({ hasText: '已挂单' })).toBeVisible();

  await sale.scan(second!.barcodes[0]!);
  await expect(sale.cart()).toContainText(second!.name);
  await sale.payCash('200');
  // As the other tests here: the receipt goes to the printer before the next key.
  await sale.waitForPrinted((await sale.receiptNo().textContent())!);
  await sale.nextCustomer();

  await page.keyboard.press('F3');
  const take = page.getByRole('button', { name: new RegExp(`取单 ·.*${first!.name.slice(0, 4)}`) });
  await expect(take).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(sale.cart()).toContainText(first!.name);
  await sale.payCash('200');
  await expect(page.getByRole('article', { name: '小票' })).toContainText(first!.name);
});

test('an add-on sale from a pickup card: the till opens with the customer and the order linked', async ({
  page,
  request,
}) => {
  await openWithHooks(page, true);
  await waitForFirstSync(page);
  const res = await request.get(`${HQ}/v1/_admin/stores/S001/orders?status=shelved`);
  const { orders } = (await res.json()) as { orders: { id: string; orderNo: string; pickupCode: string }[] };
  const order = orders[Math.floor(Math.random() * Math.min(orders.length, 30))]!;
  const counter = new CounterPage(page);
  await counter.scanField().focus();
  await counter.scan(order.pickupCode);
  await expect(counter.card(order.orderNo)).toBeVisible();
  await page.getByRole('button', { name: '收银加购' }).click();

  const sale = new SalePage(page);
  await expect(page.getByText(`自提订单 ${order.orderNo} 的加购`)).toBeVisible();
  const openShift = page.getByRole('button', { name: '开班', exact: true });
  if (await openShift.isVisible()) await openShift.click();
  const [piece] = await sale.products({ weighed: false });
  await sale.scanField().focus();
  await sale.scan(piece!.barcodes[0]!);
  await expect(sale.cart()).toContainText(piece!.name);
  await sale.payCash('200');
  const stored = await page.evaluate(
    (receiptNo) =>
      new Promise<{ orderId?: string; sale: { orderId?: string } } | undefined>((resolve) => {
        const req = indexedDB.open('linli-counter');
        req.onsuccess = () => {
          const get = req.result.transaction('sales').objectStore('sales').index('receiptNo').get(receiptNo);
          get.onsuccess = () => {
            req.result.close();
            resolve(get.result as { orderId?: string; sale: { orderId?: string } } | undefined);
          };
        };
      }),
    (await sale.receiptNo().textContent()) ?? '',
  );
  expect(stored?.orderId).toBe(order.id);
  expect(stored?.sale.orderId).toBe(order.id);
});
