import { describe, expect, it } from 'vitest';
import type { ChargeRequest } from './gateway';
import { chargeInLedger, type LedgerPayment, queryInLedger, refundInLedger, reverseInLedger } from './ledger';

const charge: ChargeRequest = {
  paymentId: 'p1',
  method: 'alipay',
  amountFen: 1_000,
  authCode: '2812345678901234',
};

function paid(): LedgerPayment {
  const step = chargeInLedger(undefined, charge, { reference: 'TX1' });
  if (!step.payment) throw new Error('no payment');
  return step.payment;
}

describe('demo gateway ledger', () => {
  it('answers a repeated charge with the payment as it stands, never a new one', () => {
    const first = chargeInLedger(undefined, charge, { reference: 'TX1', userPayingQueries: 2 });
    expect(first.answer).toEqual({ status: 'user_paying' });
    const again = chargeInLedger(first.payment, charge, { reference: 'TX2' });
    expect(again.payment).toBe(first.payment);
    const q1 = queryInLedger(again.payment);
    expect(q1.answer).toEqual({ status: 'user_paying' });
    const q2 = queryInLedger(q1.payment);
    expect(q2.answer).toEqual({ status: 'succeeded', reference: 'TX1', amountFen: 1_000 });
    expect(chargeInLedger(q2.payment, charge, { reference: 'TX3' }).answer).toMatchObject({
      reference: 'TX1',
    });
  });

  it('refuses the same key for a different amount or method', () => {
    expect(chargeInLedger(paid(), { ...charge, amountFen: 999 }, { reference: 'X' }).answer).toEqual({
      status: 'declined',
      reason: 'idempotencyConflict',
    });
    expect(chargeInLedger(paid(), { ...charge, method: 'wechat' }, { reference: 'X' }).answer).toMatchObject({
      status: 'declined',
    });
  });

  it('keeps a tombstone for a reversal that came before its charge', () => {
    const tomb = reverseInLedger(undefined, 'p1');
    expect(tomb.answer).toEqual({ status: 'reversed' });
    const late = chargeInLedger(tomb.payment, charge, { reference: 'TX1' });
    expect(late.answer).toEqual({ status: 'reversed' });
    expect(late.payment?.state).toBe('reversed');
    expect(queryInLedger(late.payment).answer).toEqual({ status: 'reversed' });
  });

  it('reverses a paid payment (refunding it) and a declined one', () => {
    expect(reverseInLedger(paid(), 'p1').payment?.state).toBe('reversed');
    const declined = chargeInLedger(undefined, charge, { reference: 'X', decline: 'NOTENOUGH' });
    expect(declined.answer).toEqual({ status: 'declined', reason: 'NOTENOUGH' });
    expect(reverseInLedger(declined.payment, 'p1').answer).toEqual({ status: 'reversed' });
  });

  it('refunds idempotently and never beyond what was paid', () => {
    const r1 = refundInLedger(paid(), { refundId: 'r1', paymentId: 'p1', amountFen: 600 }, 'RF1');
    expect(r1.answer).toEqual({ status: 'refunded', reference: 'RF1', refundedFen: 600 });
    const again = refundInLedger(r1.payment, { refundId: 'r1', paymentId: 'p1', amountFen: 600 }, 'RF9');
    expect(again.answer).toEqual({ status: 'refunded', reference: 'RF1', refundedFen: 600 });
    expect(again.payment?.refunds).toHaveLength(1);
    const over = refundInLedger(r1.payment, { refundId: 'r2', paymentId: 'p1', amountFen: 401 }, 'RF2');
    expect(over.answer).toEqual({ status: 'declined', reason: 'exceedsPayment' });
    const rest = refundInLedger(r1.payment, { refundId: 'r2', paymentId: 'p1', amountFen: 400 }, 'RF2');
    expect(rest.answer).toEqual({ status: 'refunded', reference: 'RF2', refundedFen: 1_000 });
    expect(
      refundInLedger(r1.payment, { refundId: 'r1', paymentId: 'p1', amountFen: 500 }, 'X').answer,
    ).toMatchObject({
      reason: 'idempotencyConflict',
    });
  });

  it('refuses to refund what was not paid', () => {
    expect(refundInLedger(undefined, { refundId: 'r', paymentId: 'p1', amountFen: 1 }, 'X').answer).toEqual({
      status: 'not_found',
    });
    const reversed = reverseInLedger(paid(), 'p1').payment;
    expect(
      refundInLedger(reversed, { refundId: 'r', paymentId: 'p1', amountFen: 1 }, 'X').answer,
    ).toMatchObject({
      reason: 'notRefundable',
    });
    expect(
      refundInLedger(paid(), { refundId: 'r', paymentId: 'p1', amountFen: 0 }, 'X').answer,
    ).toMatchObject({
      reason: 'invalidAmount',
    });
  });
});
