import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { waitForCentral } from './centralReady';
import { CounterPage } from './pages/CounterPage';
import { ShellPage } from './pages/ShellPage';

/**
 * The order card for a queue (issue #18): at the three counter screen sizes,
 * an order of 4 bags and 30 items shows its slots and the handover button in
 * the first screen, without scrolling. The order is the demo HQ's shelved
 * order grown in the page's own database to the size HQ's one-bag-per-zone
 * demo never makes (4 bags in real slots, 30 lines).
 */

const here = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(here, '..', 'test-results', 'counter-card');
const README_SHOT = join(here, '..', 'docs', 'screenshots', 'counter-card.png');
const ADMIN = 'http://127.0.0.1:8787/v1/_admin';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
] as const;

interface AdminOrder {
  id: string;
  orderNo: string;
  pickupToken: string;
  batchId: string | null;
}

async function shelvedOrder(request: APIRequestContext): Promise<AdminOrder> {
  const res = await request.get(`${ADMIN}/stores/S001/orders?status=shelved`);
  const all = ((await res.json()) as { orders: AdminOrder[] }).orders.filter((o) => !o.batchId);
  return all[Math.floor(Math.random() * Math.min(all.length, 40))] ?? all[0]!;
}

/** Writes a 4-bag, 30-item shelved order next to `baseId` in the page's IndexedDB; returns its order number. */
async function growOrder(page: Page, baseId: string): Promise<string> {
  const orderNo = `LL20261231${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  await page.evaluate(
    async ({ baseId, orderNo }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('linli-counter');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const read = <T>(store: string, key: IDBValidKey) =>
        new Promise<T>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store).get(key);
          req.onsuccess = () => resolve(req.result as T);
          req.onerror = () => reject(req.error);
        });
      type Slot = { id: string };
      type Zone = { zone: string; units: { slots: Slot[] }[] };
      const base = await read<Record<string, unknown> & { items: Record<string, unknown>[] }>(
        'orders',
        baseId,
      );
      const layout = await read<{ zones: Zone[] }>('layout', 'S001');
      const slotIn = (zone: string, n: number) =>
        layout.zones.find((z) => z.zone === zone)!.units.flatMap((u) => u.slots)[n]!.id;
      const zones = ['ambient', 'chilled', 'chilled', 'frozen'];
      const bags = zones.map((zone, i) => ({ label: `${orderNo}-B${i + 1}`, zone }));
      const slots = [slotIn('ambient', 3), slotIn('chilled', 5), slotIn('chilled', 6), slotIn('frozen', 1)];
      const items = Array.from({ length: 30 }, (_, i) => ({
        ...base.items[i % base.items.length],
        sku: `SKU-BIG-${i + 1}`,
        name: `测试商品 ${i + 1}`,
        zone: zones[i % 4],
        bagLabel: bags[i % 4]!.label,
      }));
      const order = {
        ...base,
        id: `O-${orderNo}`,
        orderNo,
        status: 'shelved',
        batchId: null,
        pickupCodeHash: `none-${orderNo}`,
        bags,
        items,
        slotAssignments: bags.map((b, i) => ({
          bagLabel: b.label,
          slotId: slots[i],
          at: new Date().toISOString(),
        })),
        slotIds: [...new Set(slots)],
      };
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('orders', 'readwrite');
        tx.objectStore('orders').put(order);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { baseId, orderNo },
  );
  return orderNo;
}

// The web server is up before central has seeded its demo data: wait for central.
test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  await waitForCentral(playwright);
});

test('the order card: slots and handover in the first screen at 1366×768, 1280×800 and 1024×768', async ({
  page,
  request,
}) => {
  const base = await shelvedOrder(request);
  await new ShellPage(page).openSignedIn('/');
  const counter = new CounterPage(page);
  await counter.scanUntilCard(base.pickupToken, base.orderNo);
  await page.keyboard.press('Escape');
  const orderNo = await growOrder(page, base.id);

  await counter.scanField().fill(orderNo);
  await counter.scanField().press('Enter');
  const card = counter.card(orderNo);
  await expect(card).toBeVisible();
  const slots = card.getByRole('list', { name: '包裹与货位' }).getByRole('listitem');
  await expect(slots).toHaveCount(4);
  const handOver = card.getByRole('button', { name: /交付/ });
  mkdirSync(SHOTS, { recursive: true });

  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect(handOver).toBeVisible();
    expect(
      await page.evaluate(() => window.scrollY + (document.getElementById('main')?.scrollTop ?? 0)),
    ).toBe(0);
    const inFirstScreen = async (
      what: string,
      box: { x: number; y: number; width: number; height: number } | null,
    ) => {
      expect(box, what).not.toBeNull();
      expect(box!.y, `${what} top at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height, `${what} bottom at ${size.width}×${size.height}`).toBeLessThanOrEqual(
        size.height,
      );
      expect(box!.x + box!.width, `${what} right at ${size.width}×${size.height}`).toBeLessThanOrEqual(
        size.width,
      );
    };
    for (let i = 0; i < 4; i++) await inFirstScreen(`slot ${i + 1}`, await slots.nth(i).boundingBox());
    await inFirstScreen('handover button', await handOver.boundingBox());
    // Nothing (the lights overlay, a panel) sits on the button: a click at its centre lands on it.
    const onTop = await handOver.evaluate((button) => {
      const r = button.getBoundingClientRect();
      return button.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
    });
    expect(onTop, `handover button uncovered at ${size.width}×${size.height}`).toBe(true);
    // The simulated lights sit over the navigation's empty foot, never over the screen's
    // content (at 1024×768 they used to cover the customer panel's suggestions).
    const lights = await page.locator('.simulated-lights[data-lit="true"]').boundingBox();
    const main = await page.locator('#main').boundingBox();
    expect(lights, 'lights lit').not.toBeNull();
    expect(
      lights!.x + lights!.width,
      `lights beside the content at ${size.width}×${size.height}`,
    ).toBeLessThanOrEqual(main!.x);
    await page.screenshot({ path: join(SHOTS, `card-${size.width}x${size.height}.png`) });
  }

  // The README's picture: the card at 1366×768, the order's slots lit on the simulated lights.
  await page.setViewportSize({ width: 1366, height: 768 });
  mkdirSync(dirname(README_SHOT), { recursive: true });
  await page.screenshot({ path: README_SHOT, clip: { x: 0, y: 0, width: 1366, height: 768 } });

  // The 30 items are below, collapsed to a few; the clerk can open them all.
  const items = card.getByRole('list', { name: '商品' }).getByRole('listitem');
  expect(await items.count()).toBeLessThan(30);
  await card.getByRole('button', { name: '显示全部 30 件' }).click();
  await expect(items).toHaveCount(30);
});
