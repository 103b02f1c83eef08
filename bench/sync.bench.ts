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
 * reported), and the longest main-thread task in that time (PerformanceObserver
 * 'longtask', installed before the app's first script).
 */
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
            for (const entry of list.getEntries()) window.__linliLongTasks!.push(entry.duration);
          }).observe({ type: 'longtask', buffered: true });
        });
        await page.goto(APP);
        await waitForFirstSync(page, 300_000);
        const measured = await page.evaluate(async () => {
          const status = window.__linliTest!.status();
          const counts = await window.__linliTest!.counts();
          const tasks = window.__linliLongTasks ?? [];
          const readyAt = performance.getEntriesByName('linli:ready')[0]?.startTime ?? null;
          const pulls = performance.getEntriesByType('resource').filter((e) => e.name.includes('/changes'));
          const pullRequests = {
            count: pulls.length,
            totalMs: Math.round(pulls.reduce((sum, e) => sum + e.duration, 0)),
            maxMs: Math.round(Math.max(0, ...pulls.map((e) => e.duration))),
            firstStartMs: Math.round(pulls[0]?.startTime ?? 0),
          };
          return {
            pullMs: (status.lastSuccessAt ?? NaN) - performance.timeOrigin,
            readyAt,
            counts,
            pull: status.pull,
            longest: tasks.length ? Math.max(...tasks) : 0,
            longTasks: tasks.length,
            tasks: [...tasks].sort((a, b) => b - a).slice(0, 5),
            pullRequests,
          };
        });
        const extra = {
          orders: measured.counts.orders,
          products: measured.counts.products,
          pull: measured.pull,
          readyAtMs: measured.readyAt,
          pullRequests: measured.pullRequests,
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
              longTasks: measured.longTasks,
              top5: measured.tasks.map(Math.round),
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
