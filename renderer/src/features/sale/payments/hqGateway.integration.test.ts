/**
 * The micropay flow end to end against the real reference central (in-process,
 * fastify + PGlite on 127.0.0.1): `runMicropay` → `createHqPaymentGateway` →
 * HTTP → the demo gateway and its faults. HQ's own book (admin view) says what
 * the customer was charged.
 */
import {
  type AdminPayment,
  adminPaymentsResponseSchema,
  PAYMENT_PATHS,
  type PaymentFaults,
} from '@shared/contract';
import { type ChargeRequest, type MicropayProgress, runMicropay } from '@shared/payments/gateway';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../../../sync/chaos/referenceHq';
import { createHqPaymentGateway } from './hqGateway';

let hq: TestCentral;

beforeAll(async () => {
  hq = await startTestCentral({ ordersS001: 1 });
}, 120_000);
afterAll(async () => {
  await hq?.close();
});
afterEach(async () => {
  await hq.clearFaults();
});

const WECHAT = '134567890123456789';
const ALIPAY = '2812345678901234';
let n = 0;
const request = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  paymentId: `it-T1-${Date.now()}-${String(++n)}`,
  method: 'wechat',
  amountFen: 1_890,
  authCode: WECHAT,
  ...over,
});

const gateway = (timeoutMs = 2_000) =>
  createHqPaymentGateway({
    baseUrl: hq.url,
    storeId: 'S001',
    apiKey: 'demo-key-T1',
    fetch: (...args) => fetch(...args),
    timeoutMs,
  });

const setPaymentFaults = (payments: Partial<PaymentFaults>) =>
  hq.setFaults({ payments: { ...payments } as PaymentFaults });

async function heldAtHq(paymentId: string): Promise<AdminPayment | undefined> {
  const body = await hq.admin<unknown>('GET', PAYMENT_PATHS.adminPayments('S001'));
  return adminPaymentsResponseSchema.parse(body).payments.find((p) => p.paymentId === paymentId);
}

/** Real HTTP, a short real poll: the flow's waits are the store policy scaled down. */
function pay(req: ChargeRequest, timeoutMs?: number, progress: MicropayProgress[] = []) {
  return runMicropay(gateway(timeoutMs), req, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pollMs: 50,
    limitMs: 3_000,
    onProgress: (p) => progress.push(p),
  });
}

describe('micropay ↔ reference central', () => {
  it('a WeChat code sale goes through "user paying" to success, charged once', async () => {
    await setPaymentFaults({ userPayingQueries: 3 });
    const req = request();
    const progress: MicropayProgress[] = [];
    const result = await pay(req, undefined, progress);
    expect(result).toMatchObject({ ok: true, paymentId: req.paymentId });
    expect(progress.filter((p) => p.phase === 'userPaying')).toHaveLength(3);
    expect(await heldAtHq(req.paymentId)).toMatchObject({
      state: 'succeeded',
      chargeRequests: 1,
      amountFen: 1_890,
      reference: result.ok ? result.reference : 'none',
    });
  });

  it('a declined Alipay payment never completes', async () => {
    await setPaymentFaults({ decline: 'NOTENOUGH' });
    const req = request({ method: 'alipay', authCode: ALIPAY });
    expect(await pay(req)).toMatchObject({ ok: false, reason: 'declined', message: 'NOTENOUGH' });
    expect(await heldAtHq(req.paymentId)).toMatchObject({ state: 'declined', chargeRequests: 1 });
  });

  it('a timed-out charge that went through is found by the query and charged once', async () => {
    await setPaymentFaults({ chargeDelayMs: 1_500 });
    const req = request();
    const result = await pay(req, 300);
    expect(result).toMatchObject({ ok: true });
    expect(await heldAtHq(req.paymentId)).toMatchObject({ state: 'succeeded', chargeRequests: 1 });
  });

  it('a charge whose answer was dropped is found by the query and charged once', async () => {
    await setPaymentFaults({ dropChargeAnswer: true });
    const req = request();
    expect(await pay(req)).toMatchObject({ ok: true });
    expect(await heldAtHq(req.paymentId)).toMatchObject({ state: 'succeeded', chargeRequests: 1 });
  });

  it('a customer who never confirms: reversed at the limit, not charged', async () => {
    await setPaymentFaults({ userPayingQueries: 1_000 });
    const req = request();
    const started = Date.now();
    expect(await pay(req)).toMatchObject({ ok: false, reason: 'reversed' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    expect(await heldAtHq(req.paymentId)).toMatchObject({ state: 'reversed', chargeRequests: 1 });
  });

  it('with HQ down the charge is never sent: offline at once', async () => {
    await hq.setFaults({ down: true });
    const req = request();
    const started = Date.now();
    expect(await pay(req)).toMatchObject({ ok: false, reason: 'offline' });
    expect(Date.now() - started).toBeLessThan(1_000);
    await hq.clearFaults();
    expect(await heldAtHq(req.paymentId)).toBeUndefined();
  });

  it('a bad payment code is refused before anything reaches HQ', async () => {
    const req = request({ authCode: '194567890123456789' });
    expect(await pay(req)).toMatchObject({ ok: false, reason: 'invalidCode' });
    expect(await heldAtHq(req.paymentId)).toBeUndefined();
  });
});
