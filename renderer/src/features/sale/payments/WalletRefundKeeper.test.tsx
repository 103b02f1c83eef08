/**
 * A WeChat refund left pending while HQ was away is sent once HQ is back while
 * the clerk works at the counter — the till never opened. The whole shell with
 * its services, HQ's payment routes faked at the HTTP boundary.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../app/App';
import type { Services } from '../../../app/services';
import type { LinliDb } from '../../../db/database';
import { refundSale } from '../../../db/repositories/sales';
import { createI18n } from '../../../i18n';
import { createTestingPlatform } from '../../../platform/memory';
import { useSessionStore } from '../../../session/sessionStore';
import { initialSyncStatus, syncStatusStore } from '../../../sync';
import { deleteTestDbs } from '../../../testing/db';
import { createFakePaymentsHq } from '../../../testing/fakePaymentsHq';
import { TEST_API_KEY, TEST_HQ, TEST_STORE } from '../../../testing/fixtures';
import { seededTillDb, wechatSale } from '../../../testing/sale';
import { createHqPaymentGateway } from './hqGateway';
import { countPendingWalletRefunds } from './walletRefunds';

const server = setupServer();
beforeAll(() => server.listen());
afterAll(() => server.close());

let db: LinliDb;
beforeEach(() => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  window.location.hash = '#/counter';
});
afterEach(async () => {
  cleanup();
  server.resetHandlers();
  syncStatusStore.setState(initialSyncStatus);
  useSessionStore.getState().reset();
  await deleteTestDbs();
});

const connectivity = (online: boolean) =>
  act(() => syncStatusStore.getState().dispatch({ type: 'connectivity', online, at: Date.now() }));

const refundPosts = (hq: ReturnType<typeof createFakePaymentsHq>) =>
  hq.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/refund'));

describe('wallet refunds are retried app-wide', () => {
  it('a refund queued offline is sent once HQ is online, on the counter screen, exactly once', async () => {
    const hq = createFakePaymentsHq();
    server.use(...hq.handlers);
    db = await seededTillDb();
    const gateway = createHqPaymentGateway({
      baseUrl: TEST_HQ,
      storeId: TEST_STORE,
      apiKey: TEST_API_KEY,
      fetch: (...args) => fetch(...args),
      timeoutMs: 2_000,
    });
    const { sale, paymentId } = await wechatSale(db, gateway);
    expect(hq.payments.get(paymentId)).toMatchObject({ state: 'succeeded' });
    // Refunded while HQ was away: recorded, queued, not sent.
    const { refund } = await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: '顾客退货' },
      { staffId: 'C01' },
    );
    expect(await countPendingWalletRefunds(db)).toBe(1);

    const services: Services = {
      db,
      sync: {
        current: () => null,
        restart: () => Promise.resolve(),
        subscribe: () => () => undefined,
        stop: () => Promise.resolve(),
      },
    };
    const platform = createTestingPlatform({
      language: 'zh-CN',
      hqUrl: TEST_HQ,
      storeId: TEST_STORE,
      apiKey: TEST_API_KEY,
    });
    render(<App platform={platform} i18n={createI18n('zh-CN')} services={services} />);
    expect(await screen.findByRole('heading', { level: 1, name: '柜台取货' })).toBeInTheDocument();
    // Offline: nothing is sent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refundPosts(hq)).toEqual([]);

    await connectivity(true);
    await waitFor(async () => expect(await countPendingWalletRefunds(db)).toBe(0));
    expect((await db.refunds.get(refund.id))?.wallet).toEqual([
      expect.objectContaining({ paymentId, amountFen: 350, state: 'refunded' }),
    ]);
    expect(hq.payments.get(paymentId)?.refunds).toEqual([
      expect.objectContaining({ refundId: refund.id, amountFen: 350 }),
    ]);

    // HQ goes and comes back: the settled refund is not sent again.
    await connectivity(false);
    await connectivity(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(refundPosts(hq)).toHaveLength(1);
    // The clerk was on the counter the whole time; the till never opened.
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('柜台取货');
    expect(window.location.hash).toBe('#/counter');
  });
});
