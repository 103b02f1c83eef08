import { spawn } from 'node:child_process';
import { openOnDiskProfile, waitForServer } from './browser';
import { median, result, type Benchmark } from './harness';

const URL_ = 'http://127.0.0.1:5173/';
const LAUNCHES = 7;

/**
 * B6: cold start of the web build to the shell being interactive. Each launch
 * is a new Chromium process with an empty profile (no HTTP cache, no
 * IndexedDB), timed in the page from navigation start to the `linli:ready`
 * mark the app sets once the shell has rendered and is ready to scan.
 */
const b6: Benchmark = {
  id: 'B6',
  title: 'cold start to ready-to-scan (web build)',
  async run() {
    const server = spawn('node', ['scripts/web.mjs'], { stdio: 'ignore', detached: true });
    try {
      await waitForServer(URL_, server, 60_000);
      const samples: number[] = [];
      for (let i = 0; i < LAUNCHES; i++) {
        const { page, dispose } = await openOnDiskProfile('linli-b6-');
        try {
          await page.goto(URL_);
          await page.locator('html[data-ready="true"]').waitFor();
          const readyAt = await page.evaluate(
            () => performance.getEntriesByName('linli:ready')[0]?.startTime ?? NaN,
          );
          samples.push(readyAt);
        } finally {
          await dispose();
        }
      }
      return [
        result(
          'cold_start_median',
          median(samples),
          'ms',
          { max: 1000 },
          { samples: samples.map(Math.round) },
        ),
      ];
    } finally {
      if (server.pid) process.kill(-server.pid, 'SIGTERM');
    }
  },
};

export const benchmarks = [b6];
