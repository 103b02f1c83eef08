import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { acquireRunLock } from './runLock';

const executablePath = chromiumExecutable();

// Workers load this file too; only the runner (no worker index) takes the lock.
if (process.env.TEST_WORKER_INDEX === undefined) acquireRunLock();

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: '../test-reports/playwright.json' }]]
    : [['list']],
  outputDir: '../test-results',
  use: {
    baseURL: 'http://127.0.0.1:5173',
    browserName: 'chromium',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: { args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) },
  },
  webServer: {
    command: 'node scripts/web.mjs',
    cwd: '..',
    url: 'http://127.0.0.1:5173',
    // Always a fresh build and a fresh central: a leftover server would test stale code.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
