import type { Page } from '@playwright/test';
import { SignInPage } from '../e2e/pages/SignInPage';
import { median, result, type Benchmark } from './harness';
import { APP, startRig, waitForFirstSync } from './sync/rig';

const SALES = 20_000;
const RUNS = 7;

/** Today's bounds in the store's zone (Asia/Shanghai, UTC+8 all year). */
function todayInShanghai(): { start: string; end: string } {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 8 * 3_600_000;
  // sales spread over the store's opening hours so far (07:00 → now)
  return {
    start: new Date(start + 7 * 3_600_000).toISOString(),
    end: new Date(Date.now() - 60_000).toISOString(),
  };
}

/**
 * Clicks the 日结报表 tab and times, in the page, from the click to the frame
 * that shows the report's sales count (a task queued from that frame's rAF).
 */
function timeOpenReport(page: Page, expected: string): Promise<number> {
  return page.evaluate(
    (expected) =>
      new Promise<number>((resolve, reject) => {
        const cell = () => document.querySelector('[data-testid="z-report"] tr[data-line="salesCount"] td');
        const timer = setTimeout(
          () => reject(new Error(`report not shown: ${cell()?.textContent ?? 'none'}`)),
          30_000,
        );
        let start = 0;
        const check = () => {
          if (cell()?.textContent !== expected) return;
          observer.disconnect();
          requestAnimationFrame(() =>
            setTimeout(() => {
              clearTimeout(timer);
              resolve(performance.now() - start);
            }, 0),
          );
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        const tab = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find(
          (b) => b.textContent === '日结报表' || b.textContent === 'Z report',
        );
        if (!tab) return reject(new Error('no report tab'));
        start = performance.now();
        tab.click();
      }),
    expected,
  );
}

/**
 * B5: the Z report over a day of 20,000 sales (three lines and one tender
 * each, as the till stores them) on an on-disk profile: from the click that
 * opens the report to its numbers on screen. The 日结 screen's code is loaded
 * before timing (a screen's chunk loads once, when it is first opened); the
 * chart (uPlot) loads after the numbers and is not waited for.
 */
const b5: Benchmark = {
  id: 'B5',
  title: 'Z report over a day of 20k sales: open report → numbers on screen',
  async run() {
    const rig = await startRig();
    try {
      const { page, dispose } = await rig.open();
      try {
        await page.addInitScript('globalThis.__name = (f) => f');
        await page.goto(APP);
        await page.locator('html[data-ready="true"]').waitFor();
        const signIn = new SignInPage(page);
        await signIn.waitForStaff();
        await signIn.signInByBadge('LS-M01', '9999', '李强');
        await waitForFirstSync(page);
        const seedStarted = Date.now();
        const stored = await page.evaluate(({ n, day }) => window.__linliTest!.seedDaySales(n, day, 'T1'), {
          n: SALES,
          day: todayInShanghai(),
        });
        const seedMs = Date.now() - seedStarted;
        // a fresh page, as after a restart: nothing of the seeding left in memory
        await page.waitForTimeout(5_000);
        await page.reload();
        await page.locator('html[data-ready="true"]').waitFor();
        await signIn.waitForStaff();
        await signIn.signInByBadge('LS-M01', '9999', '李强');
        await page.evaluate(() => (location.hash = '#/dayend'));
        await page.getByRole('tab', { name: /班次与现金|Shift/ }).waitFor();
        const samples: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          await page.getByRole('tab', { name: /班次与现金|Shift/ }).click();
          await page.waitForTimeout(500);
          samples.push(await timeOpenReport(page, String(stored)));
        }
        return [
          result('open_report_first', samples[0]!, 'ms', { max: 300 }, { sales: stored }),
          result(
            'open_report_median',
            median(samples),
            'ms',
            { max: 300 },
            { sales: stored, samples: samples.map(Math.round), seedMs },
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

export const benchmarks = [b5];
