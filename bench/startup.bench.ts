import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../e2e/chromium';
import { median, result, type Benchmark } from './harness';

const URL_ = 'http://127.0.0.1:5173/';
const LAUNCHES = 7;

async function waitForServer(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`web server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`web server did not answer at ${url}`);
}

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
      await waitForServer(URL_, server);
      const samples: number[] = [];
      for (let i = 0; i < LAUNCHES; i++) {
        const profile = await mkdtemp(join(tmpdir(), 'linli-b6-'));
        const executablePath = chromiumExecutable();
        const context = await chromium.launchPersistentContext(profile, {
          args: CHROMIUM_ARGS,
          ...(executablePath ? { executablePath } : {}),
        });
        try {
          const page = context.pages()[0] ?? (await context.newPage());
          await page.goto(URL_);
          await page.locator('html[data-ready="true"]').waitFor();
          const readyAt = await page.evaluate(
            () => performance.getEntriesByName('linli:ready')[0]?.startTime ?? NaN,
          );
          samples.push(readyAt);
        } finally {
          await context.close();
          await rm(profile, { recursive: true, force: true });
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
