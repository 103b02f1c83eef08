import { expect, test } from '@playwright/test';
import { hqOrders, openWithHooks, setFaults, waitForFirstSync } from './syncHelpers';

/**
 * R2: the page is killed (closed without unload handlers) in the middle of a burst of writes.
 * After reopening: every write the page reported as committed is in the outbox,
 * no write is half there (every outbox row has its base and its audit row, no
 * audit row or collected order without its mutation), and the outbox drains
 * to HQ once it is reachable. HQ is down during the burst so nothing leaves
 * the outbox before the check.
 */
test.afterEach(async ({ request }) => {
  await setFaults(request, null);
});

test('a page killed mid-burst loses nothing committed, leaves nothing half-written, and drains after reopening', async ({
  page,
  context,
  request,
}) => {
  await openWithHooks(page, true);
  await waitForFirstSync(page);
  await setFaults(request, { down: true });
  const since = await page.evaluate(() => new Date().toISOString());

  const committed: string[] = [];
  await page.exposeFunction('__linliCommitted', (id: string) => committed.push(id));
  // Fire and forget: the page dies while this runs.
  void page.evaluate(() => window.__linliTest!.burst(2000, 'C01')).catch(() => undefined);
  await expect.poll(() => committed.length, { timeout: 30_000 }).toBeGreaterThan(60);
  // Kill the page: its renderer is torn down with the burst's transactions in flight.
  await page.close({ runBeforeUnload: false });
  const reported = [...committed];
  expect(reported.length).toBeLessThan(2000); // it really was killed mid-burst

  const reopened = await context.newPage();
  await openWithHooks(reopened, false);
  const outbox = new Set(await reopened.evaluate(() => window.__linliTest!.outboxIds()));
  const lost = reported.filter((id) => !outbox.has(id));
  expect(lost, 'committed writes missing after the crash').toEqual([]);
  const report = await reopened.evaluate((s) => window.__linliTest!.integrity(s), since);
  expect(report).toMatchObject({
    missingBase: [],
    missingAudit: [],
    orphanAudit: [],
    collectedWithoutMutation: [],
    seqOk: true,
  });
  expect(report.outbox).toBeGreaterThanOrEqual(reported.length);

  // The orders handed over before the crash (their handovers are queued).
  const handedOver = await reopened.evaluate(() => window.__linliTest!.pendingHandOvers());
  expect(handedOver.length).toBeGreaterThan(0);

  // HQ is back: the outbox resumes and drains.
  await setFaults(request, null);
  await reopened.evaluate(() => window.__linliTest!.syncNow());
  await expect
    .poll(async () => (await reopened.evaluate(() => window.__linliTest!.counts())).outbox, {
      timeout: 60_000,
    })
    .toBe(0);
  await expect(reopened.locator('a.sync-badge')).toContainText('无待上传');
  const orders = await hqOrders(request);
  for (const id of handedOver) {
    expect(orders.get(id)?.status, id).toBe('collected');
    expect(orders.get(id)?.collection?.terminalId).toBe('T1');
  }
});
