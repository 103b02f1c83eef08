import type { Page } from '@playwright/test';
import { SignInPage } from '../../e2e/pages/SignInPage';
import { seed } from '../counter.bench';
import { APP, startRig, waitForFirstSync } from './rig';

const B1_ORDERS = 100_000;
const B1_PRODUCTS = 20_000;

/** The renderer's JS heap after a full GC, in MB (CDP: HeapProfiler.collectGarbage, Runtime.getHeapUsage). */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return Math.round((usedSize / 2 ** 20) * 10) / 10;
  } finally {
    await cdp.detach();
  }
}

/**
 * B7's first figure: B1's data (100k orders + 20k products, written into the
 * app's IndexedDB as B1 does) on a fresh page of the app, a clerk signed in on
 * the counter, then the heap after a full GC.
 */
export async function heapWithB1Data(): Promise<{ mb: number; orders: number; products: number }> {
  const rig = await startRig();
  try {
    const { page, dispose } = await rig.open();
    try {
      await page.addInitScript('globalThis.__name = (f) => f');
      await page.goto(APP);
      await waitForFirstSync(page);
      await seed(page, B1_ORDERS, B1_PRODUCTS);
      await page.reload();
      const signIn = new SignInPage(page);
      await signIn.waitForStaff();
      await signIn.signInByBadge('LS-C01', '1234', '王芳');
      await waitForFirstSync(page);
      // The counter open and idle, as a terminal stands between customers.
      await page.waitForTimeout(2000);
      const counts = await page.evaluate(() => window.__linliTest!.counts());
      return { mb: await heapMb(page), orders: counts.orders, products: counts.products };
    } finally {
      await dispose();
    }
  } finally {
    await rig.close();
  }
}
