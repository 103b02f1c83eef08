import { expect, test } from '@playwright/test';
import { hqOrders, openWithHooks, setFaults, waitForFirstSync } from './syncHelpers';

/**
 * Working through an HQ outage: HQ goes down (admin faults), the badge says
 * offline and what is pending, the counter keeps working; HQ comes back,
 * Sync now delivers everything, the badge is back online with nothing pending.
 */
test.afterEach(async ({ request }) => {
  await setFaults(request, null);
});

test('work done while HQ is down is delivered when it comes back', async ({ page, request }) => {
  const shell = await openWithHooks(page, true);
  await waitForFirstSync(page);
  const badge = page.locator('a.sync-badge');
  await expect(badge.getByRole('status')).toHaveText('在线');
  // The pull ran in its worker: the orders are here, yet this page itself never asked for the feed.
  const pulledHere = await page.evaluate(() => ({
    feedRequests: performance.getEntriesByType('resource').filter((e) => e.name.includes('/changes')).length,
    // over every cycle: a write during the first sync starts a second one (its own `pull`)
    workerFetched: window.__linliTest!.pulledChanges(),
  }));
  expect(pulledHere.feedRequests).toBe(0);
  expect(pulledHere.workerFetched).toBeGreaterThan(0);
  expect((await page.evaluate(() => window.__linliTest!.counts())).orders).toBeGreaterThan(0);

  await setFaults(request, { down: true });
  await page.evaluate(() => window.__linliTest!.syncNow());
  // HQ "down" answers 503 to everything, health included: the counter reads that as offline.
  const notOnline = '离线';
  await expect(badge.getByRole('status')).toHaveText(notOnline);

  const done = await page.evaluate(() => window.__linliTest!.burst(4, 'C01'));
  const handedOver = done.map((d) => d.orderId).filter((id): id is string => id !== null);
  expect(handedOver.length).toBeGreaterThan(0);
  const pending = (await page.evaluate(() => window.__linliTest!.counts())).outbox;
  expect(pending).toBeGreaterThanOrEqual(4);
  await expect(badge).toContainText(`待上传 ${pending} 条`);
  await expect(badge.getByRole('status')).toHaveText(notOnline);
  // Still nothing at HQ.
  const before = await hqOrders(request);
  for (const id of handedOver) expect(before.get(id)?.status).not.toBe('collected');

  await setFaults(request, null);
  await shell.goTo('sync', 'zh-CN');
  await page.getByRole('button', { name: '立即同步' }).click();
  await expect(badge.getByRole('status')).toHaveText('在线');
  await expect(badge).toContainText('无待上传');
  await expect(page.getByTestId('sync-pending')).toHaveText('0');

  const after = await hqOrders(request);
  for (const id of handedOver) {
    expect(after.get(id)?.status, id).toBe('collected');
    expect(after.get(id)?.collection?.terminalId).toBe('T1');
  }
});
