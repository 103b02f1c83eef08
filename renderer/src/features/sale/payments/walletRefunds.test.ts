import { afterEach, describe, expect, it } from 'vitest';
import { cashTender, type TenderInput } from '@shared/sale/settle';
import { createFakeGateway, type FakeGateway, type NetworkFate } from '@shared/payments/testing';
import type { LinliDb } from '../../../db/database';
import { getMetaByPrefix, metaKey } from '../../../db/meta';
import { completeSale, refundSale } from '../../../db/repositories/sales';
import { milkCart, seededTillDb } from '../../../testing/sale';
import { pendingWalletRefunds, retryPendingWalletRefunds, sendWalletRefunds } from './walletRefunds';

let db: LinliDb;
afterEach(() => db?.close());

const clerk = { staffId: 'C01' };
const noSleep = { sleep: () => Promise.resolve() };
const WECHAT = '134567890123456789';

/** A sale of `qty` milk paid by WeChat through `gateway` (charged for real in its ledger), maybe part cash. */
async function wechatSale(gateway: FakeGateway, qty: number, cashFen = 0) {
  const paymentId = crypto.randomUUID();
  const walletFen = qty * 350 - cashFen;
  const charged = await gateway.charge({
    paymentId,
    method: 'wechat',
    amountFen: walletFen,
    authCode: WECHAT,
  });
  expect(charged).toMatchObject({ status: 'succeeded' });
  const tenders: TenderInput[] = [
    ...(cashFen > 0 ? [cashTender('c', cashFen, cashFen)] : []),
    { id: paymentId, method: 'wechat', amountFen: walletFen, reference: 'W1' },
  ];
  const { sale } = await completeSale(db, { cart: milkCart(qty), tenders }, clerk);
  return { sale, paymentId };
}

const refundOne = (saleId: string, qty = 1) =>
  refundSale(db, { saleId, lines: [{ line: 0, qty }], reason: '顾客退货' }, clerk);

const queue = () => getMetaByPrefix(db, metaKey.pendingWalletRefund(''));

describe('e-wallet refunds through the gateway', () => {
  it('the sale keeps the payment id; the refund goes back to that payment, once, keyed by the refund id', async () => {
    db = await seededTillDb();
    const gateway = createFakeGateway();
    const { sale, paymentId } = await wechatSale(gateway, 2);
    expect(sale.sale.tenders).toEqual([expect.objectContaining({ method: 'wechat', paymentId })]);

    const { refund } = await refundOne(sale.id);
    expect(refund.refund.tenders).toEqual([{ method: 'wechat', amountFen: 350, reference: 'W1', paymentId }]);
    expect(refund.wallet).toEqual([
      expect.objectContaining({ gatewayRefundId: refund.id, paymentId, amountFen: 350, state: 'pending' }),
    ]);
    expect(await queue()).toEqual([{ refundId: refund.id, gatewayRefundId: refund.id }]);

    const wallet = await sendWalletRefunds(db, gateway, refund.id, noSleep);
    expect(wallet).toEqual([
      expect.objectContaining({ state: 'refunded', reference: expect.stringMatching(/^R/), attempts: 1 }),
    ]);
    expect(gateway.payments.get(paymentId)?.refunds).toEqual([
      { refundId: refund.id, amountFen: 350, reference: wallet[0]!.reference },
    ]);
    expect(await queue()).toEqual([]);
    const audit = await db.audit.toArray();
    const entry = audit.find((a) => a.action === 'till.walletRefund');
    expect(entry?.detail).toMatchObject({
      refundId: refund.id,
      state: 'refunded',
      amountFen: 350,
      paymentId,
    });
    // Sending again finds nothing pending: no second refund call.
    const calls = gateway.calls.length;
    await sendWalletRefunds(db, gateway, refund.id, noSleep);
    expect(gateway.calls).toHaveLength(calls);
  });

  it('a timeout is followed by the same key: the gateway finds the refund it made — refunded once', async () => {
    db = await seededTillDb();
    // The charge is delivered; the refund is applied at the gateway and its answer lost (a timeout).
    const gateway = createFakeGateway({ fates: ['deliver', 'dropAnswer'] });
    const { sale, paymentId } = await wechatSale(gateway, 2);
    const { refund } = await refundOne(sale.id);
    const wallet = await sendWalletRefunds(db, gateway, refund.id, noSleep);
    expect(wallet[0]).toMatchObject({ state: 'refunded' });
    expect(gateway.calls.filter((c) => c.op === 'refund').map((c) => c.fate)).toEqual([
      'dropAnswer',
      'deliver',
    ]);
    const payment = gateway.payments.get(paymentId)!;
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunds[0]).toMatchObject({ refundId: refund.id, amountFen: 350 });
  });

  it('offline: queued, pending on the refund; retried once HQ is back — done, and never again', async () => {
    db = await seededTillDb();
    const gateway = createFakeGateway();
    const { sale, paymentId } = await wechatSale(gateway, 3);
    // HQ goes away: every call is known not sent.
    const away = createFakeGateway({ fates: Array<NetworkFate>(20).fill('offline') });
    const offline = { ...gateway, refund: away.refund };
    const { refund } = await refundOne(sale.id, 2);
    const wallet = await sendWalletRefunds(db, offline, refund.id, noSleep);
    expect(wallet).toEqual([expect.objectContaining({ state: 'pending', attempts: 1 })]);
    expect(gateway.payments.get(paymentId)?.refunds).toEqual([]);
    expect(await pendingWalletRefunds(db)).toEqual([
      {
        refund: expect.objectContaining({ id: refund.id }),
        entry: expect.objectContaining({ amountFen: 700 }),
      },
    ]);
    // Still away: a round leaves it pending.
    expect(await retryPendingWalletRefunds(db, offline, noSleep)).toEqual({
      refunded: [],
      declined: [],
      pending: [refund.id],
    });

    // Back: one round settles it, with the same key.
    expect(await retryPendingWalletRefunds(db, gateway, noSleep)).toEqual({
      refunded: [refund.id],
      declined: [],
      pending: [],
    });
    expect(gateway.payments.get(paymentId)?.refunds).toEqual([
      expect.objectContaining({ refundId: refund.id, amountFen: 700 }),
    ]);
    expect(await pendingWalletRefunds(db)).toEqual([]);
    expect((await db.refunds.get(refund.id))?.wallet?.[0]).toMatchObject({ state: 'refunded', attempts: 3 });
    // Another round sends nothing.
    const calls = gateway.calls.length;
    expect(await retryPendingWalletRefunds(db, gateway, noSleep)).toEqual({
      refunded: [],
      declined: [],
      pending: [],
    });
    expect(gateway.calls).toHaveLength(calls);
  });

  it('a decline stays on the refund with its reason, leaves the queue and is not retried', async () => {
    db = await seededTillDb();
    const gateway = createFakeGateway();
    const { sale, paymentId } = await wechatSale(gateway, 2);
    // HQ already refunded all of it (by hand, at another till): the gateway refuses more.
    await gateway.refund({ refundId: 'by-hand', paymentId, amountFen: 700 });
    const { refund } = await refundOne(sale.id);
    const wallet = await sendWalletRefunds(db, gateway, refund.id, noSleep);
    expect(wallet).toEqual([expect.objectContaining({ state: 'declined', reason: 'exceedsPayment' })]);
    expect(await queue()).toEqual([]);
    expect((await db.refunds.get(refund.id))?.wallet?.[0]).toMatchObject({
      state: 'declined',
      reason: 'exceedsPayment',
    });
    const calls = gateway.calls.length;
    await retryPendingWalletRefunds(db, gateway, noSleep);
    await sendWalletRefunds(db, gateway, refund.id, noSleep);
    expect(gateway.calls).toHaveLength(calls);
  });

  it('a split sale refunds the wallet part to its payment first; cash refunds touch no gateway', async () => {
    db = await seededTillDb();
    const gateway = createFakeGateway();
    // 3 × ¥3.50 = ¥10.50: ¥5.00 cash, ¥5.50 WeChat.
    const { sale, paymentId } = await wechatSale(gateway, 3, 500);
    const first = await refundOne(sale.id, 2);
    expect(first.refund.refund.tenders).toEqual([
      expect.objectContaining({ method: 'wechat', amountFen: 550, paymentId }),
      { method: 'cash', amountFen: 150 },
    ]);
    await sendWalletRefunds(db, gateway, first.refund.id, noSleep);
    // The wallet part is refunded: the rest goes back in cash, no wallet entry, no gateway call.
    const calls = gateway.calls.length;
    const second = await refundOne(sale.id, 1);
    expect(second.refund.refund.tenders).toEqual([{ method: 'cash', amountFen: 350 }]);
    expect(second.refund.wallet).toBeUndefined();
    expect(await sendWalletRefunds(db, gateway, second.refund.id, noSleep)).toEqual([]);
    expect(gateway.calls).toHaveLength(calls);
    expect(gateway.payments.get(paymentId)?.refunds.map((r) => r.amountFen)).toEqual([550]);
  });
});
