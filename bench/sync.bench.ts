import { writeFileSync } from 'node:fs';
import { result, type Benchmark } from './harness';
import { APP, seedBulk, startRig, waitForFirstSync } from './sync/rig';

/**
 * B3: drain 10k queued mutations. The app (production web build, Chromium, an
 * on-disk profile) is signed up as terminal T1 against the reference central;
 * after its first sync the engine is stopped, 10k mutations are queued through
 * the repositories (change + outbox + audit, 500 per transaction), then the
 * engine is started and pushed until the outbox is empty — timed in the page.
 */
const b3: Benchmark = {
  id: 'B3',
  title: 'drain 10k queued mutations to the reference central',
  async run() {
    const count = Number(process.env.LINLI_B3_COUNT ?? 10_000);
    const rig = await startRig();
    try {
      const { page, dispose } = await rig.open();
      try {
        await page.goto(APP);
        await waitForFirstSync(page);
        await page.evaluate(() => window.__linliTest!.pauseSync());
        const seedStart = Date.now();
        const queued = await page.evaluate((n) => window.__linliTest!.seedOutbox(n, 'C01', 500), count);
        const seedMs = Date.now() - seedStart;
        const before = await rig.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM mutations WHERE terminal_id = 'T1'",
        );
        const drain = await page.evaluate(() => window.__linliTest!.drain());
        const after = await rig.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM mutations WHERE terminal_id = 'T1'",
        );
        const delivered = Number(after.rows[0]?.n) - Number(before.rows[0]?.n);
        return [
          result(
            'drain_10k',
            drain.ms,
            'ms',
            { max: 2500 },
            { queued, delivered, rounds: drain.rounds, pushRequestsMs: drain.pushes, seedMs },
          ),
        ];
      } finally {
        await dispose();
      }
    } finally {
      await rig.close();
    }
  },
};

/**
 * B4: first pull of 50k orders + 20k products (plus the demo store) into a new
 * terminal on an on-disk profile: from navigation start to the first
 * successful sync (every page validated, applied in transactions, progress
 * reported), and the longest main-thread task while that sync ran
 * (PerformanceObserver 'longtask', installed before the app's first script;
 * start-up tasks before the sync began are listed apart — they are B6's).
 */
const roundTask = (t: { start: number; duration: number }) => ({
  at: Math.round(t.start),
  ms: Math.round(t.duration),
});

const b4: Benchmark = {
  id: 'B4',
  title: 'first pull of 50k orders + 20k products',
  async run() {
    const orders = Number(process.env.LINLI_B4_ORDERS ?? 50_000);
    const products = Number(process.env.LINLI_B4_PRODUCTS ?? 20_000);
    const seedStart = Date.now();
    const rig = await startRig((db) => seedBulk(db, { orders, products }));
    const seedMs = Date.now() - seedStart;
    try {
      const { page, dispose } = await rig.open();
      try {
        await page.addInitScript(() => {
          window.__linliLongTasks = [];
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries())
              window.__linliLongTasks!.push({ start: entry.startTime, duration: entry.duration });
          }).observe({ type: 'longtask', buffered: true });
        });
        // LINLI_PROFILE=file.cpuprofile: the page's main thread, sampled, for DevTools.
        const cdp = process.env.LINLI_PROFILE ? await page.context().newCDPSession(page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.start');
        }
        await page.goto(APP);
        await waitForFirstSync(page, 300_000);
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          writeFileSync(process.env.LINLI_PROFILE!, JSON.stringify(profile));
        }
        const measured = await page.evaluate(async () => {
          const status = window.__linliTest!.status();
          const counts = await window.__linliTest!.counts();
          // The first sync's window, in this page's time: tasks before it are start-up (B6's).
          const from = (status.cycleStartedAt ?? NaN) - performance.timeOrigin;
          const to = (status.lastSuccessAt ?? NaN) - performance.timeOrigin;
          const all = window.__linliLongTasks ?? [];
          const during = all.filter((t) => t.start + t.duration >= from && t.start <= to);
          return {
            pullMs: to,
            syncStartMs: from,
            readyAt: performance.getEntriesByName('linli:ready')[0]?.startTime ?? null,
            counts,
            pull: status.pull,
            longest: Math.max(0, ...during.map((t) => t.duration)),
            during: [...during].sort((a, b) => b.duration - a.duration).slice(0, 5),
            beforeSync: all.filter((t) => t.start + t.duration < from),
          };
        });
        const pull = measured.pull;
        const extra = {
          orders: measured.counts.orders,
          products: measured.counts.products,
          syncStartMs: Math.round(measured.syncStartMs),
          pages: pull?.pages,
          changes: pull?.changes,
          // summed over pages; fetching overlaps writing (the next page is fetched during the write)
          writeMs: Math.round(pull?.writeMs ?? NaN),
          fetchMs: Math.round(pull?.fetchMs ?? NaN),
          validateMs: Math.round(pull?.validateMs ?? NaN),
          longestPageMs: Math.round(pull?.longestPageMs ?? NaN),
          readyAtMs: measured.readyAt,
          seedMs,
        };
        return [
          result('first_pull_50k_orders_20k_products', measured.pullMs, 'ms', { max: 8000 }, extra),
          result(
            'first_pull_longest_task',
            measured.longest,
            'ms',
            { max: 100 },
            {
              // esbuild names arrow functions with a helper the page lacks: rounded out here.
              top5DuringPull: measured.during.map(roundTask),
              startUpTasks: measured.beforeSync.map(roundTask),
            },
          ),
        ];
      } finally {
        await dispose();
      }
    } finally {
      await rig.close();
    }
  },
};

export const benchmarks = [b3, b4];
