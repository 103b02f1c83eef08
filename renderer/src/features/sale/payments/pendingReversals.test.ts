import { afterEach, describe, expect, it } from 'vitest';
import { runMicropay } from '@shared/payments/gateway';
import { createFakeGateway, fakeClock, type NetworkFate } from '@shared/payments/testing';
import type { LinliDb } from '../../../db/database';
import { seededDb } from '../../../testing/staff';
import { pendingReversals, recordPendingReversal, retryPendingReversals } from './pendingReversals';

let db: LinliDb;
afterEach(() => db?.close());

const noSleep = { sleep: () => Promise.resolve() };
const WECHAT = '134567890123456789';

describe('pending reversals', () => {
  it('a charge that went through while HQ vanished is reversed when HQ is back', async () => {
    db = await seededDb();
    // The charge is applied, its answer lost; then nothing gets through.
    const gateway = createFakeGateway({ fates: ['dropAnswer', ...Array<NetworkFate>(50).fill('offline')] });
    const clock = fakeClock();
    const result = await runMicropay(
      gateway,
      { paymentId: 'pay-1', method: 'wechat', amountFen: 990, authCode: WECHAT },
      { now: clock.now, sleep: clock.sleep },
    );
    expect(result).toMatchObject({ ok: false, reason: 'unresolved' });
    await recordPendingReversal(db, { paymentId: 'pay-1', method: 'wechat', amountFen: 990, since: 'x' });
    expect(gateway.payments.get('pay-1')?.state).toBe('succeeded');

    // Still away: kept.
    expect(await retryPendingReversals(db, gateway, noSleep)).toEqual({ settled: [], pending: ['pay-1'] });
    expect(await pendingReversals(db)).toHaveLength(1);

    gateway.heal();
    expect(await retryPendingReversals(db, gateway, noSleep)).toEqual({ settled: ['pay-1'], pending: [] });
    expect(gateway.payments.get('pay-1')?.state).toBe('reversed');
    expect(await pendingReversals(db)).toEqual([]);
  });

  it('refunds in full a payment the gateway will no longer reverse, once', async () => {
    db = await seededDb();
    const gateway = createFakeGateway();
    const clock = fakeClock();
    await runMicropay(
      gateway,
      { paymentId: 'pay-2', method: 'wechat', amountFen: 500, authCode: WECHAT },
      { now: clock.now, sleep: clock.sleep },
    );
    gateway.reverse = () => Promise.resolve({ status: 'declined', reason: 'ORDERREVERSED_EXPIRED' });
    await recordPendingReversal(db, { paymentId: 'pay-2', method: 'wechat', amountFen: 500, since: 'x' });
    expect(await retryPendingReversals(db, gateway, noSleep)).toEqual({ settled: ['pay-2'], pending: [] });
    expect(gateway.payments.get('pay-2')?.refunds).toEqual([
      { refundId: 'pay-2:unresolved', amountFen: 500, reference: expect.any(String) },
    ]);
    expect(await retryPendingReversals(db, gateway, noSleep)).toEqual({ settled: [], pending: [] });
  });

  it('stores no payment code', async () => {
    db = await seededDb();
    await recordPendingReversal(db, { paymentId: 'pay-3', method: 'alipay', amountFen: 1, since: 'x' });
    const all = JSON.stringify(await db.table('meta').toArray());
    expect(all).toContain('pay-3');
    expect(all).not.toMatch(/\d{16,}/);
  });
});
