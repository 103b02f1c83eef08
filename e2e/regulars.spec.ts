import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { waitForCentral } from './centralReady';
import { CounterPage } from './pages/CounterPage';
import { ShellPage } from './pages/ShellPage';
import { SignInPage } from './pages/SignInPage';

/**
 * The regulars (issue #17) against the reference central: a wish noted at a
 * pickup on one terminal comes back as 今天刚到 on another once HQ receives
 * the product; a note deleted on the customer's request is gone here and at
 * HQ. Each terminal is its own browser context (its own IndexedDB).
 */

const here = dirname(fileURLToPath(import.meta.url));
const README_SHOT = join(here, '..', 'docs', 'screenshots', 'regulars-card.png');
const SHOTS = join(here, '..', 'test-results', 'regulars');
const HQ = 'http://127.0.0.1:8787';
const ADMIN = `${HQ}/v1/_admin`;

interface AdminOrder {
  id: string;
  orderNo: string;
  pickupToken: string;
}

async function createOrders(
  request: APIRequestContext,
  customer: object,
  count: number,
): Promise<AdminOrder[]> {
  const res = await request.post(`${ADMIN}/stores/S001/orders`, {
    data: { orders: Array.from({ length: count }, () => ({ status: 'arrived', customer })) },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { orders: AdminOrder[] }).orders;
}

/** A phone last 4 no order of the store has: the till finds exactly our customer by it. */
async function unusedPhone(request: APIRequestContext): Promise<string> {
  const res = await request.get(`${ADMIN}/stores/S001/orders`);
  const used = new Set(
    ((await res.json()) as { orders: { customer: { phoneLast4: string } }[] }).orders.map(
      (o) => o.customer.phoneLast4,
    ),
  );
  for (let n = 9999; n > 1000; n--) if (!used.has(String(n))) return String(n);
  throw new Error('no unused phone');
}

/** HQ's feed as terminal T2 reads it: the latest change of each customer note. */
async function hqNotes(request: APIRequestContext): Promise<Map<string, { op: string; data: unknown }>> {
  const notes = new Map<string, { op: string; data: unknown }>();
  let cursor = '';
  for (;;) {
    const res = await request.get(
      `${HQ}/v1/stores/S001/changes?cursor=${encodeURIComponent(cursor)}&limit=5000`,
      {
        headers: { authorization: 'Bearer demo-key-T2' },
      },
    );
    expect(res.ok()).toBe(true);
    const page = (await res.json()) as {
      changes: { entity: string; key: string; op: string; data: unknown }[];
      cursor: string;
      hasMore: boolean;
    };
    for (const c of page.changes)
      if (c.entity === 'customerNote') notes.set(c.key, { op: c.op, data: c.data });
    cursor = page.cursor;
    if (!page.hasMore) return notes;
  }
}

/** Rows of one object store of the page's database (read-only). */
function readStore<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('linli-counter');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(name).objectStore(name).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return rows;
  }, store) as Promise<T[]>;
}

/** A terminal: a fresh browser context signed in as `who`. */
async function terminal(browser: Browser, who: 'clerk' | 'manager' = 'clerk') {
  // a context of our own does not take the config's `use`: the same settings, spelled out
  const context = await browser.newContext({
    baseURL: 'http://127.0.0.1:5173',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
  });
  const page = await context.newPage();
  const shell = new ShellPage(page);
  await shell.open('/');
  const signIn = new SignInPage(page);
  await signIn.waitForStaff();
  if (who === 'clerk') await signIn.signInByBadge('LS-C01', '1234', '王芳');
  else await signIn.signInByBadge('LS-M01', '9999', '李强');
  const counter = new CounterPage(page);
  await expect(counter.scanField()).toBeVisible();
  return { context, page, shell, counter };
}

const notesPanel = (page: Page) => page.getByRole('region', { name: '顾客备注与心愿' });
const noteItems = (page: Page) =>
  notesPanel(page).getByRole('list', { name: '顾客备注与心愿' }).getByRole('listitem');

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test('a wish noted at a pickup comes back as 今天刚到 on another terminal after HQ receives the product', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const ref = `CU-E2E-${Date.now()}`;
  const phone = await unusedPhone(request);
  const [first, next] = await createOrders(
    request,
    { maskedName: '周*', phoneLast4: phone, customerRef: ref },
    2,
  );

  // Terminal 1: the customer collects and says they would like to try 无糖酸奶 (sold out).
  const one = await terminal(browser);
  await one.counter.scanUntilCard(first!.pickupToken, first!.orderNo);
  await expect(notesPanel(one.page)).toBeVisible();
  await one.page.keyboard.press('Alt+W');
  const search = one.page.getByRole('textbox', { name: '想要的商品或品类' });
  await expect(search).toBeFocused();
  await search.fill('无糖酸奶');
  await expect(
    notesPanel(one.page)
      .getByRole('button', { name: /无糖酸奶/ })
      .first(),
  ).toBeVisible();
  await search.press('Enter');
  await expect(noteItems(one.page).first()).toContainText(/想要.*无糖酸奶/);
  await expect(noteItems(one.page).first()).not.toContainText('今天刚到');
  await expect(one.counter.scanField()).toBeFocused();
  await one.page.keyboard.press('F2');
  await expect(one.counter.status()).toHaveText(`已交付：${first!.orderNo}`);
  const wish = (
    await readStore<{ id: string; customerRef: string; sku?: string }>(one.page, 'customerNotes')
  ).find((n) => n.customerRef === ref)!;
  expect(wish.sku).toBeTruthy();
  // The wish reaches HQ through the outbox.
  await expect
    .poll(async () => (await hqNotes(request)).get(wish.id)?.op, { timeout: 30_000 })
    .toBe('upsert');
  await one.context.close();

  // HQ receives a delivery of the product.
  const received = await request.post(`${ADMIN}/stores/S001/stock/receive`, {
    data: { lines: [{ sku: wish.sku, qty: 24 }] },
  });
  expect(received.ok(), await received.text()).toBe(true);

  // Terminal 2: the customer's next pickup scan shows the wish, 今天刚到, at the top.
  const two = await terminal(browser);
  await two.counter.scanUntilCard(next!.pickupToken, next!.orderNo);
  await expect(noteItems(two.page).first()).toContainText('今天刚到', { timeout: 30_000 });
  await expect(noteItems(two.page).first()).toContainText(/想要.*无糖酸奶/);
  await expect(noteItems(two.page).first()).toContainText('王芳');
  const axe = await new AxeBuilder({ page: two.page }).include('.counter-side').analyze();
  expect(
    axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
  ).toEqual([]);
  // Who read the customer's notes is in the audit log.
  await expect
    .poll(async () =>
      (await readStore<{ action: string; detail: { customerRef?: string } }>(two.page, 'audit')).some(
        (a) => a.action === 'customer.notesRead' && a.detail?.customerRef === ref,
      ),
    )
    .toBe(true);

  mkdirSync(SHOTS, { recursive: true });
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    await two.page.setViewportSize(size);
    const handOver = two.counter.card(next!.orderNo).getByRole('button', { name: /交付/ });
    for (const [what, locator] of [
      ['handover', handOver],
      ['今天刚到', noteItems(two.page).first()],
    ] as const) {
      const box = await locator.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box!.y + box!.height, `${what} at ${size.width}×${size.height}`).toBeLessThanOrEqual(
        size.height,
      );
    }
    await two.page.screenshot({ path: join(SHOTS, `card-${size.width}x${size.height}.png`) });
  }
  await two.page.setViewportSize({ width: 1366, height: 768 });
  await two.page.screenshot({ path: README_SHOT });

  // The manager's list of today's arrivals names the customer with a ready message.
  await two.shell.goTo('wishes', 'zh-CN');
  const customer = two.page.getByRole('listitem', { name: /周\*/ });
  await expect(customer).toContainText(/想要.*无糖酸奶.* → .*无糖酸奶/);
  await expect(customer.getByLabel('消息')).toContainText(
    new RegExp(`^周\\*（尾号${phone}）您好，您上次想要的「.*无糖酸奶.*」今天到货了`),
  );

  // At the till, the customer found by phone: the same panel, and the till's actions still in reach.
  await two.shell.goTo('sale', 'zh-CN');
  await two.page.getByRole('textbox', { name: '手机尾号' }).fill(phone);
  await two.page.getByRole('button', { name: '关联顾客' }).click();
  await expect(noteItems(two.page).first()).toContainText('今天刚到');
  for (const size of [
    { width: 1366, height: 768 },
    { width: 1024, height: 768 },
  ]) {
    await two.page.setViewportSize(size);
    // the panel sits below the till's actions: paying stays where it was
    const pay = await two.page.getByRole('button', { name: /结账/ }).boundingBox();
    expect(pay!.y + pay!.height, `pay at ${size.width}×${size.height}`).toBeLessThanOrEqual(size.height);
    await two.page.screenshot({ path: join(SHOTS, `till-${size.width}x${size.height}.png`) });
  }
  await two.context.close();
});

test('a note deleted on the customer’s request is gone here and at HQ; the audit keeps no text', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const ref = `CU-E2E-DEL-${Date.now()}`;
  const [order] = await createOrders(request, { maskedName: '吴*', phoneLast4: '7788', customerRef: ref }, 1);
  const secret = `对花生过敏-${Date.now()}`;

  const manager = await terminal(browser, 'manager');
  await manager.counter.scanUntilCard(order!.pickupToken, order!.orderNo);
  await manager.page.keyboard.press('Alt+N');
  const field = manager.page.getByRole('textbox', { name: '备注内容' });
  await expect(field).toBeFocused();
  await field.fill(secret);
  await field.press('Enter');
  await expect(noteItems(manager.page).first()).toContainText(secret);
  const note = (await readStore<{ id: string; text: string }>(manager.page, 'customerNotes')).find(
    (n) => n.text === secret,
  )!;
  await expect
    .poll(async () => (await hqNotes(request)).get(note.id)?.op, { timeout: 30_000 })
    .toBe('upsert');

  // The customer asks for it to be deleted: the manager deletes it (no approval needed).
  await noteItems(manager.page).first().getByRole('button', { name: '删除' }).click();
  await manager.page.getByRole('button', { name: '确认删除' }).click();
  await expect(notesPanel(manager.page).getByRole('status')).toHaveText('已删除（总部也会删除）');
  await expect(notesPanel(manager.page)).not.toContainText(secret);
  expect((await readStore<{ id: string }>(manager.page, 'customerNotes')).some((n) => n.id === note.id)).toBe(
    false,
  );
  // At HQ: the feed deletes it on every terminal.
  await expect
    .poll(async () => (await hqNotes(request)).get(note.id), { timeout: 30_000 })
    .toEqual({ op: 'delete', data: null });
  // The audit log says who deleted which note and why — without its text.
  const audit = await readStore<{ action: string; staffId: string; detail: unknown }>(manager.page, 'audit');
  const deletion = audit.find((a) => a.action === 'customer.noteDeleted');
  expect(deletion).toMatchObject({ staffId: 'M01', detail: { noteId: note.id, reason: 'customerRequest' } });
  expect(JSON.stringify(audit)).not.toContain(secret);
  expect(JSON.stringify(await readStore(manager.page, 'outbox'))).not.toContain(secret);
  await manager.context.close();
});
