import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ShellPage } from './pages/ShellPage';
import { SalePage } from './pages/SalePage';

/**
 * WeChat Pay at the till against the real reference central (`npm run web`):
 * the clerk rings up an item, presses F12 and scans the customer's payment
 * code; the till runs the micropay flow against HQ's demo gateway, whose
 * faults (admin) play the wallet: the customer confirming on the phone, a
 * decline, an answer that comes too late. HQ's own book says what the customer
 * was charged.
 */

const ADMIN = 'http://127.0.0.1:8787/v1/_admin';
const WECHAT_CODE = '134567890123456789';

interface HqPayment {
  paymentId: string;
  method: string | null;
  amountFen: number;
  state: string;
  chargeRequests: number;
  refundedFen: number;
}

async function hqPayments(request: APIRequestContext): Promise<HqPayment[]> {
  const res = await request.get(`${ADMIN}/stores/S001/payments`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { payments: HqPayment[] }).payments;
}

async function paymentFaults(request: APIRequestContext, payments: Record<string, unknown> | null) {
  const res = payments
    ? await request.post(`${ADMIN}/faults`, { data: { payments } })
    : await request.delete(`${ADMIN}/faults`);
  expect(res.ok(), await res.text()).toBe(true);
}

/** The payments HQ took while `act` ran. */
async function newPayments(request: APIRequestContext, act: () => Promise<void>): Promise<HqPayment[]> {
  const before = new Set((await hqPayments(request)).map((p) => p.paymentId));
  await act();
  return (await hqPayments(request)).filter((p) => !before.has(p.paymentId));
}

const fen = (text: string) => Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);

/** Signed in as the clerk, a shift open (the till's own 开班), one item in the cart, at the tender panel. */
async function tillWithOneItem(page: Page): Promise<{ till: SalePage; dueFen: number }> {
  await new ShellPage(page).openSignedIn('/');
  const till = new SalePage(page);
  await till.open();
  await till.addBySearch('nn');
  await expect(till.due()).not.toHaveText('¥0.00');
  await till.startPayment();
  const dueFen = fen((await till.remaining().textContent()) ?? '');
  expect(dueFen).toBeGreaterThan(0);
  return { till, dueFen };
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  const request = await playwright.request.newContext();
  await expect
    .poll(
      async () => (await request.get('http://127.0.0.1:8787/v1/health').catch(() => null))?.ok() ?? false,
      { timeout: 110_000, intervals: [500, 1000] },
    )
    .toBe(true);
  await request.dispose();
});

test.afterEach(async ({ request }) => {
  await paymentFaults(request, null);
});

test.describe('WeChat Pay at the till', () => {
  test('a payment code sale goes through "user paying" to success, charged once', async ({
    page,
    request,
  }) => {
    const { till, dueFen } = await tillWithOneItem(page);
    await paymentFaults(request, { userPayingQueries: 2 });
    const taken = await newPayments(request, async () => {
      await till.scan(WECHAT_CODE);
      await expect(till.paymentPhase()).toHaveText('顾客正在手机上确认支付（输入密码）…');
      await expect(till.paidHeading()).toBeVisible({ timeout: 20_000 });
    });
    await expect(till.paidTotal()).toHaveText(`¥${(dueFen / 100).toFixed(2)}`);
    expect(taken).toEqual([
      expect.objectContaining({ method: 'wechat', amountFen: dueFen, state: 'succeeded', chargeRequests: 1 }),
    ]);
  });

  test('a declined payment never completes the sale', async ({ page, request }) => {
    const { till, dueFen } = await tillWithOneItem(page);
    await paymentFaults(request, { decline: 'NOTENOUGH' });
    const taken = await newPayments(request, async () => {
      await till.scan(WECHAT_CODE);
      await expect(till.tenderAlert()).toHaveText('支付被拒绝：NOTENOUGH');
    });
    await expect(till.paidHeading()).toBeHidden();
    await expect(till.remaining()).toHaveText(`¥${(dueFen / 100).toFixed(2)}`);
    expect(taken).toEqual([expect.objectContaining({ state: 'declined', chargeRequests: 1 })]);
  });

  test('a gateway timeout whose charge went through is found by the query, charged once', async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const { till, dueFen } = await tillWithOneItem(page);
    // HQ takes the charge, then answers after the till's 10 s timeout.
    await paymentFaults(request, { chargeDelayMs: 13_000 });
    const taken = await newPayments(request, async () => {
      await till.scan(WECHAT_CODE);
      await expect(till.paymentPhase()).toHaveText('正在查询支付结果…', { timeout: 20_000 });
      await expect(till.paidHeading()).toBeVisible({ timeout: 30_000 });
    });
    await expect(till.paidTotal()).toHaveText(`¥${(dueFen / 100).toFixed(2)}`);
    expect(taken).toEqual([
      expect.objectContaining({ method: 'wechat', amountFen: dueFen, state: 'succeeded', chargeRequests: 1 }),
    ]);
  });

  test('a WeChat sale refunded by its receipt code: the money goes back to that payment through HQ, once', async ({
    page,
    request,
  }) => {
    const { till, dueFen } = await tillWithOneItem(page);
    const [payment] = await newPayments(request, async () => {
      await till.scan(WECHAT_CODE);
      await expect(till.paidHeading()).toBeVisible({ timeout: 20_000 });
    });
    expect(payment).toMatchObject({ state: 'succeeded', amountFen: dueFen, refundedFen: 0 });
    const receiptNo = (await till.receiptNo().textContent()) ?? '';
    await till.waitForPrinted(receiptNo);
    await till.nextCustomer();

    await till.scan(receiptNo);
    const qty = page.getByRole('textbox', { name: /^退货数量：/ });
    await expect(qty).toBeFocused();
    await qty.fill('1');
    await qty.press('Enter');
    const amount = `¥${(dueFen / 100).toFixed(2)}`;
    await expect(page.getByRole('status').filter({ hasText: '已退款' })).toHaveText(
      `已退款 ${amount}（微信支付） 微信支付 ${amount} 已原路退回顾客。`,
    );
    const after = (await hqPayments(request)).find((p) => p.paymentId === payment!.paymentId);
    expect(after).toMatchObject({ state: 'succeeded', refundedFen: dueFen, chargeRequests: 1 });
  });
});
