import { renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentGateway } from '@shared/payments/gateway';
import { createFakeGateway } from '@shared/payments/testing';
import type { LinliDb } from '../../../db/database';
import { refundSale } from '../../../db/repositories/sales';
import { seededTillDb, wechatSale } from '../../../testing/sale';
import { countPendingWalletRefunds } from './walletRefunds';
import { retryWalletRefundRound, useWalletRefundRetry, useWalletRefundRounds } from './useWalletRefundRetry';

let db: LinliDb;
afterEach(() => db?.close());

describe('wallet refund rounds are single-flight per database', () => {
  it('the keeper and the till never send at the same time: a second runner joins the running round', async () => {
    db = await seededTillDb();
    const ledger = createFakeGateway();
    for (let i = 0; i < 2; i += 1) {
      const { sale } = await wechatSale(db, ledger);
      await refundSale(
        db,
        { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: '顾客退货' },
        { staffId: 'C01' },
      );
    }
    expect(await countPendingWalletRefunds(db)).toBe(2);

    // A refund call that hangs until released (HQ slow), counting calls in flight.
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = (): PaymentGateway => ({
      charge: (req) => ledger.charge(req),
      query: (id) => ledger.query(id),
      reverse: (id) => ledger.reverse(id),
      refund: async (req) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        sent.push(req.refundId);
        try {
          await held;
          return await ledger.refund(req);
        } finally {
          inFlight -= 1;
        }
      },
    });
    // Each runner with its own gateway, as the app-wide keeper and the till have; short intervals.
    const [keeperGateway, tillGateway] = [slow(), slow()];
    const keeper = renderHook(() => useWalletRefundRounds(db, keeperGateway, true, 10));
    await waitFor(() => expect(sent).toHaveLength(1));
    const till = renderHook(() => useWalletRefundRetry(db, tillGateway, true, 10));
    // Many ticks of both runners while the first refund hangs: nobody starts a round beside it.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(sent).toHaveLength(1);
    release();

    await waitFor(() => expect(till.result.current).toBe(0));
    expect(most).toBe(1);
    // Each refund reached the gateway once: no round sent what another was still sending.
    expect(sent).toHaveLength(2);
    expect(new Set(sent).size).toBe(2);
    expect([...ledger.payments.values()].flatMap((p) => p.refunds ?? [])).toHaveLength(2);
    keeper.unmount();
    till.unmount();
  });

  it('a call while a round runs gets that round, not a new one', async () => {
    db = await seededTillDb();
    const gateway = createFakeGateway();
    const first = retryWalletRefundRound(db, gateway);
    expect(retryWalletRefundRound(db, createFakeGateway())).toBe(first);
    await first;
    const next = retryWalletRefundRound(db, gateway);
    expect(next).not.toBe(first);
    await next;
  });
});
