import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { BarcodeFormat, EncodeHintType, QRCodeWriter } from '@zxing/library';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { waitForCentral } from './centralReady';
import { CounterPage } from './pages/CounterPage';
import { ShellPage } from './pages/ShellPage';

/**
 * The pickup counter against the real reference central (`npm run web`: demo
 * data, admin on). Each test has a fresh browser context (fresh IndexedDB):
 * sign in as the demo clerk, the first pull brings orders and HQ's pickup
 * keys, then codes are scanned as a wedge scanner types them.
 */

const here = dirname(fileURLToPath(import.meta.url));
const Y4M = join(here, '..', 'test-results', 'counter-camera-qr.y4m');
const ADMIN = 'http://127.0.0.1:8787/v1/_admin';

interface AdminOrder {
  id: string;
  orderNo: string;
  storeId: string;
  status: string;
  pickupToken: string;
  pickupCode: string;
  batchId: string | null;
  collection?: { staffId: string } | null;
  slotAssignments: { bagLabel: string; slotId: string }[];
}

async function orders(request: APIRequestContext, store = 'S001', status?: string): Promise<AdminOrder[]> {
  const res = await request.get(`${ADMIN}/stores/${store}/orders${status ? `?status=${status}` : ''}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders;
}

/** A shelved order no other test has used (central's state lives across tests). */
async function freshShelved(request: APIRequestContext): Promise<AdminOrder> {
  const all = await orders(request, 'S001', 'shelved');
  const order = all.filter((o) => !o.batchId)[Math.floor(Math.random() * Math.min(all.length, 40))] ?? all[0];
  if (!order) throw new Error('no shelved demo order left');
  return order;
}

async function createOrder(request: APIRequestContext, body: Record<string, unknown>): Promise<AdminOrder> {
  const res = await request.post(`${ADMIN}/stores/S001/orders`, { data: { orders: [body] } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders[0]!;
}

async function setHqDown(request: APIRequestContext, down: boolean) {
  const res = down
    ? await request.post(`${ADMIN}/faults`, {
        data: { latencyMs: 0, errorRate: 0, dropResponseRate: 0, down: true },
      })
    : await request.delete(`${ADMIN}/faults`);
  expect(res.ok()).toBe(true);
}

/** Flips the last character of the signature: a well-formed token that no longer verifies. */
function forge(token: string): string {
  const last = token.at(-1) === 'A' ? 'Q' : 'A';
  return `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'Q' : 'A'}${last}`;
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
}

async function signedInCounter(page: Page) {
  const shell = new ShellPage(page);
  await shell.openSignedIn('/');
  const counter = new CounterPage(page);
  await expect(counter.scanField()).toBeVisible();
  return counter;
}

// Fake camera flags for the whole file (launch options force a worker of their own);
// the .y4m is written by the camera test's beforeAll, before any page opens the camera.
test.use({
  launchOptions: {
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${Y4M}`,
    ],
    ...(chromiumExecutable() ? { executablePath: chromiumExecutable() } : {}),
  },
  permissions: ['camera'],
});

// The web server is up before central has seeded its demo data: wait for central.
test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test.describe('counter with HQ up', () => {
  test('a demo order’s token at scanner speed shows its card and hands over', async ({ page, request }) => {
    const order = await freshShelved(request);
    const counter = await signedInCounter(page);
    await counter.scanUntilCard(order.pickupToken, order.orderNo);
    expect(await counter.lastSound()).toBe('success');
    await expect(counter.card(order.orderNo).getByRole('list', { name: '商品' })).toBeVisible();
    await expectNoSeriousViolations(page);
    // The order's slots light on the (simulated) shelf lights while its card is up…
    const slots = [...new Set(order.slotAssignments.map((a) => a.slotId))];
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) await expect(counter.lights()).toContainText(slot);
    await page.keyboard.press('F2');
    await expect(counter.status()).toHaveText(`已交付：${order.orderNo}`);
    // …and go dark on handover.
    await expect(counter.lights()).toBeEmpty();
    await expect(counter.scanField()).toBeFocused();
    // HQ receives the handover through the outbox.
    await expect
      .poll(async () => (await orders(request, 'S001')).find((o) => o.id === order.id)?.status, {
        timeout: 20_000,
      })
      .toBe('collected');
    // A second scan of the same token says it was collected, and by whom.
    await counter.scan(order.pickupToken);
    await expect(counter.alert()).toContainText('由 王芳 交付');
  });

  test('forged, expired, other-store, collected and cancelled codes give their messages', async ({
    page,
    request,
  }) => {
    const valid = await freshShelved(request);
    const toCancel = (await orders(request, 'S001', 'shelved')).find((o) => o.id !== valid.id && !o.batchId)!;
    const cancel = await request.post(`${ADMIN}/stores/S001/orders/${toCancel.id}/cancel`, {
      data: { reason: '顾客申请退款' },
    });
    expect(cancel.ok()).toBe(true);
    const collected = (await orders(request, 'S001', 'collected'))[0]!;
    const otherStore = (await orders(request, 'S002'))[0]!;
    const day = 24 * 3600_000;
    const expired = await createOrder(request, {
      status: 'arrived',
      pickupWindow: {
        start: new Date(Date.now() - 5 * day).toISOString(),
        end: new Date(Date.now() - 4 * day).toISOString(),
      },
    });

    const counter = await signedInCounter(page);
    // Wait for the first pull: a valid order shows its card.
    await counter.scanUntilCard(valid.pickupToken, valid.orderNo);

    await counter.scan(forge(valid.pickupToken));
    await expect(counter.alert()).toContainText('取货码无效');
    await expect(counter.card()).toHaveCount(0);
    expect(await counter.lastSound()).toBe('error');

    await counter.scan(expired.pickupToken);
    await expect(counter.alert()).toContainText('取货码已过期');

    await counter.scan(otherStore.pickupToken);
    await expect(counter.alert()).toContainText('该订单属于门店 S002');

    await counter.scan(collected.pickupToken);
    await expect(counter.alert()).toContainText(/该订单已于 .+ 由 .+ 交付，不能重复交付/);

    await expect(async () => {
      await counter.scan(toCancel.pickupToken);
      await expect(counter.alert()).toContainText('订单已取消，不能交付。原因：顾客申请退款', {
        timeout: 1500,
      });
    }).toPass({ timeout: 30_000 });

    await counter.scan('%%garbage-123');
    await expect(counter.alert()).toContainText('无法识别的条码');

    // The 6-digit pickup code, typed by hand, finds the order too.
    await counter.scanField().fill(valid.pickupCode);
    await counter.scanField().press('Enter');
    await expect(counter.card(valid.orderNo)).toBeVisible();
  });
});

test.describe('counter with HQ down', () => {
  test.afterEach(async ({ request }) => setHqDown(request, false));

  test('work goes on offline; every message is the same; a new order is "not yet arrived" until sync', async ({
    page,
    request,
  }) => {
    const valid = await freshShelved(request);
    const collected = (await orders(request, 'S001', 'collected'))[0]!;
    const otherStore = (await orders(request, 'S002'))[0]!;
    const counter = await signedInCounter(page);
    await counter.scanUntilCard(valid.pickupToken, valid.orderNo);
    await page.keyboard.press('Escape');

    await setHqDown(request, true);
    const late = await createOrder(request, { status: 'arrived' });

    await counter.scan(forge(valid.pickupToken));
    await expect(counter.alert()).toContainText('取货码无效');
    await counter.scan(otherStore.pickupToken);
    await expect(counter.alert()).toContainText('S002');
    await counter.scan(collected.pickupToken);
    await expect(counter.alert()).toContainText('不能重复交付');

    await counter.scan(late.pickupToken);
    await expect(counter.alert()).toContainText('取货码有效，但订单尚未同步到本店');

    // Handover offline: recorded locally, waiting in the outbox.
    await counter.scan(valid.pickupToken);
    await expect(counter.card(valid.orderNo)).toBeVisible();
    await counter.handOverButton().click();
    await expect(counter.status()).toHaveText(`已交付：${valid.orderNo}`);
    expect((await orders(request, 'S001')).find((o) => o.id === valid.id)?.status).toBe('shelved');
    // The sync badge says what is waiting for HQ.
    await expect(page.getByRole('banner').getByRole('link', { name: /同步状态/ })).toContainText(
      /待上传 \d+ 条/,
    );

    // HQ back: the next sync brings the late order in and pushes the handover — Sync now on the
    // message, or the engine's own health ping if it gets there first (it may, while the code is
    // being scanned: asserting the message again here raced it).
    await setHqDown(request, false);
    const lateCard = counter.card(late.orderNo);
    await counter.scan(late.pickupToken);
    await expect(lateCard.or(counter.alert())).toBeVisible();
    await expect(async () => {
      if (await lateCard.isVisible()) return;
      await counter.main().getByRole('button', { name: '立即同步' }).click({ timeout: 2000 });
      await expect(lateCard).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
    await expect
      .poll(async () => (await orders(request, 'S001')).find((o) => o.id === valid.id)?.status, {
        timeout: 20_000,
      })
      .toBe('collected');
  });
});

// ---- camera: Chromium's fake capture plays a generated .y4m of a demo order's QR ----

/** 640×480 4:2:0 frames with the QR in the middle of the detection area. */
function writeQrY4m(path: string, text: string) {
  const width = 640;
  const height = 480;
  const hints = new Map([[EncodeHintType.MARGIN, 2]]);
  const matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 260, 260, hints);
  const y = new Uint8Array(width * height).fill(235);
  const x0 = Math.floor((width - matrix.getWidth()) / 2);
  const y0 = Math.floor((height - matrix.getHeight()) / 2);
  for (let row = 0; row < matrix.getHeight(); row++)
    for (let col = 0; col < matrix.getWidth(); col++)
      if (matrix.get(col, row)) y[(y0 + row) * width + x0 + col] = 16;
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frames: Buffer[] = [header];
  for (let i = 0; i < 10; i++)
    frames.push(Buffer.from('FRAME\n'), Buffer.from(y), Buffer.from(chroma), Buffer.from(chroma));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.concat(frames));
}

test.describe('counter camera', () => {
  let order: AdminOrder;
  test.beforeAll(async ({ playwright }) => {
    const request = await playwright.request.newContext();
    order = await freshShelved(request);
    await request.dispose();
    writeQrY4m(Y4M, order.pickupToken);
  });

  test('a QR held to the camera shows the card, the same as a scan', async ({ page }) => {
    const counter = await signedInCounter(page);
    // Let the first pull bring the order in before the camera reads it.
    await counter.scanUntilCard(order.pickupToken, order.orderNo);
    await page.keyboard.press('Escape');
    await expect(counter.card()).toHaveCount(0);
    await counter.main().getByRole('button', { name: '打开摄像头' }).click();
    await expect(counter.main().getByRole('region', { name: '摄像头扫码' }).locator('video')).toBeVisible();
    await expect(counter.card(order.orderNo)).toBeVisible({ timeout: 20_000 });
    expect(await counter.lastSound()).toBe('success');
  });
});
