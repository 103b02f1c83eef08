import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { hqOrders, openWithHooks, setFaults, waitForFirstSync } from './syncHelpers';

/**
 * R2, the hard way: the renderer PROCESS running the app is killed (SIGKILL,
 * mid-burst of writes), not the page closed; then the browser is closed and
 * started again on the same on-disk profile. Every write the page reported as
 * committed is there, nothing is half-written, and the outbox drains to HQ.
 */
test.afterEach(async ({ request }) => {
  await setFaults(request, null);
});

const launch = (profile: string) =>
  chromium.launchPersistentContext(profile, {
    args: CHROMIUM_ARGS,
    baseURL: 'http://127.0.0.1:5173',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(chromiumExecutable() ? { executablePath: chromiumExecutable()! } : {}),
  });

/** Renderer processes of the Chromium started on `profile`: descendants of its browser process. */
function rendererPids(profile: string): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const browser = rows.find(
    (r) => r.args.includes(`--user-data-dir=${profile}`) && !r.args.includes('--type='),
  );
  if (!browser) throw new Error(`no Chromium browser process for ${profile}`);
  const family = new Set([browser.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (family.has(r.ppid) && !family.has(r.pid)) {
        family.add(r.pid);
        grew = true;
      }
  }
  return rows
    .filter(
      (r) =>
        family.has(r.pid) && r.args.includes('--type=renderer') && !r.args.includes('--extension-process'),
    )
    .map((r) => r.pid);
}

test('the renderer process killed mid-burst: nothing committed lost, nothing half-written, the outbox drains', async ({
  request,
}) => {
  const profile = await mkdtemp(join(tmpdir(), 'linli-r2-kill-'));
  let context: BrowserContext | null = await launch(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await openWithHooks(page, true);
    await waitForFirstSync(page);
    await setFaults(request, { down: true });
    const since = await page.evaluate(() => new Date().toISOString());

    const committed: string[] = [];
    await page.exposeFunction('__linliCommitted', (id: string) => committed.push(id));
    void page.evaluate(() => window.__linliTest!.burst(2000, 'C01')).catch(() => undefined);
    await expect.poll(() => committed.length, { timeout: 30_000 }).toBeGreaterThan(60);
    const pids = rendererPids(profile);
    expect(pids.length).toBeGreaterThan(0);
    const crashed = page.waitForEvent('crash');
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await crashed;
    const reported = [...committed];
    expect(reported.length).toBeLessThan(2000); // it really died mid-burst
    await context.close();

    // The same profile, a new browser.
    context = await launch(profile);
    const reopened = context.pages()[0] ?? (await context.newPage());
    await openWithHooks(reopened, false);
    const outbox = new Set(await reopened.evaluate(() => window.__linliTest!.outboxIds()));
    expect(
      reported.filter((id) => !outbox.has(id)),
      'committed writes missing after the kill',
    ).toEqual([]);
    const report = await reopened.evaluate((s) => window.__linliTest!.integrity(s), since);
    expect(report).toMatchObject({
      missingBase: [],
      missingAudit: [],
      orphanAudit: [],
      collectedWithoutMutation: [],
      seqOk: true,
    });
    expect(report.outbox).toBeGreaterThanOrEqual(reported.length);
    const handedOver = await reopened.evaluate(() => window.__linliTest!.pendingHandOvers());

    await setFaults(request, null);
    await reopened.evaluate(() => window.__linliTest!.syncNow());
    await expect
      .poll(async () => (await reopened.evaluate(() => window.__linliTest!.counts())).outbox, {
        timeout: 60_000,
      })
      .toBe(0);
    const orders = await hqOrders(request);
    for (const id of handedOver) expect(orders.get(id)?.status, id).toBe('collected');
  } finally {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
  }
});
