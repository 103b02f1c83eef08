import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { ShellPage } from './pages/ShellPage';

/** The page's `window.__linliTest` (renderer/src/sync/testHooks.ts; the renderer's types stay in its own project). */
export interface PageHooks {
  outboxIds(): Promise<string[]>;
  pendingHandOvers(): Promise<string[]>;
  status(): {
    phase: string;
    pendingCount: number;
    lastSuccessAt: number | null;
    cycleStartedAt: number | null;
    pull: {
      active: boolean;
      pages: number;
      changes: number;
      longestPageMs: number;
      writeMs: number;
      fetchMs: number;
      validateMs: number;
    } | null;
    firstSync:
      | {
          stage: string;
          totals: Record<string, number>;
          served: Record<string, number>;
        }
      | 'not-started'
      | null;
  };
  /** Changes pulled since the page loaded, over every cycle. */
  pulledChanges(): number;
  /** Epoch ms of the first sync's start and stages; what was stored then (B4). */
  firstSyncMarks(): {
    syncStart: number | null;
    pickupReady: number | null;
    catalogReady: number | null;
    complete: number | null;
    firstSuccess: number | null;
    firstPull: {
      pages: number;
      changes: number;
      longestPageMs: number;
      writeMs: number;
      fetchMs: number;
      validateMs: number;
    } | null;
    openAtReady: number | null;
    productsAtCatalog: number | null;
  };
  counts(): Promise<{ orders: number; products: number; outbox: number }>;
  burst(count: number, staffId: string): Promise<{ id: string; orderId: string | null }[]>;
  seedOutbox(count: number, staffId: string, chunk?: number): Promise<number>;
  pauseSync(): Promise<void>;
  drain(): Promise<{ ms: number; rounds: number; pushes: number[] }>;
  syncNow(): Promise<unknown>;
  integrity(since: string): Promise<{
    outbox: number;
    missingBase: number[];
    missingAudit: string[];
    orphanAudit: string[];
    collectedWithoutMutation: string[];
    seqOk: boolean;
  }>;
  sell(
    input: { sku: string; qty: number; method: 'cash' | 'card' | 'wechat' | 'alipay'; tenderedFen?: number },
    staffId: string,
  ): Promise<{ receiptNo: string; saleId: string; totalFen: number }>;
  refund(saleId: string, line: number, qty: number, reason: string, staffId: string): Promise<number>;
  seedDaySales(count: number, day: { start: string; end: string }, terminalId: string): Promise<number>;
  countableProducts(): Promise<
    { sku: string; barcode: string; category: string; priceFen: number; stock: number }[]
  >;
}

declare global {
  interface Window {
    __linliTest?: PageHooks;
    __linliCommitted?: (id: string) => void;
    __linliLongTasks?: { start: number; duration: number }[];
  }
}

/** The reference central `npm run web` starts (admin endpoints enabled, loopback only). */
export const HQ = 'http://127.0.0.1:8787';
/** The app with the test hooks (`window.__linliTest`, see renderer/src/sync/testHooks.ts). */
export const APP_WITH_HOOKS = '/?linli-test=1';

export async function setFaults(request: APIRequestContext, faults: Record<string, unknown> | null) {
  const response = faults
    ? await request.post(`${HQ}/v1/_admin/faults`, { data: faults })
    : await request.delete(`${HQ}/v1/_admin/faults`);
  expect(response.ok()).toBe(true);
}

export async function hqOrders(
  request: APIRequestContext,
): Promise<Map<string, { status: string; collection?: { terminalId: string } | null }>> {
  const response = await request.get(`${HQ}/v1/_admin/stores/S001/orders`);
  expect(response.ok()).toBe(true);
  const { orders } = (await response.json()) as {
    orders: { id: string; status: string; collection?: { terminalId: string } | null }[];
  };
  return new Map(orders.map((o) => [o.id, o]));
}

/** Opens the app with the hooks, waits for them and for the first successful sync. */
export async function openWithHooks(page: Page, signIn: boolean): Promise<ShellPage> {
  const shell = new ShellPage(page);
  if (signIn) await shell.openSignedIn(APP_WITH_HOOKS);
  else await shell.open(APP_WITH_HOOKS);
  await page.waitForFunction(() => window.__linliTest !== undefined);
  return shell;
}

export async function waitForFirstSync(page: Page) {
  await page.waitForFunction(() => window.__linliTest?.status().lastSuccessAt != null, undefined, {
    timeout: 30_000,
  });
}
