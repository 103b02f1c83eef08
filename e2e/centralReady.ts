import { expect, type PlaywrightWorkerArgs } from '@playwright/test';

/**
 * The web server is up before central has seeded its demo data: a spec's
 * beforeAll waits for central's health (call with `test.setTimeout(120_000)`).
 */
export async function waitForCentral(playwright: PlaywrightWorkerArgs['playwright']): Promise<void> {
  const request = await playwright.request.newContext();
  await expect
    .poll(
      async () => (await request.get('http://127.0.0.1:8787/v1/health').catch(() => null))?.ok() ?? false,
      { timeout: 110_000, intervals: [500, 1000] },
    )
    .toBe(true);
  await request.dispose();
}
