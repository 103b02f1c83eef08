import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChargeRequest, runMicropay } from '@shared/payments/gateway';
import { TEST_API_KEY, TEST_HQ, TEST_STORE } from '../../../testing/fixtures';
import { createHqPaymentGateway, type HqPaymentGatewayOptions } from './hqGateway';
import { createFakePaymentsHq, type FakePaymentsHq } from '../../../testing/fakePaymentsHq';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const WECHAT = '134567890123456789';
let n = 0;
const request = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  paymentId: `pay-T1-${String(++n)}`,
  method: 'wechat',
  amountFen: 1250,
  authCode: WECHAT,
  ...over,
});

function setup(over: Partial<HqPaymentGatewayOptions> = {}): {
  hq: FakePaymentsHq;
  gateway: ReturnType<typeof createHqPaymentGateway>;
} {
  const hq = createFakePaymentsHq();
  server.use(...hq.handlers);
  const gateway = createHqPaymentGateway({
    baseUrl: TEST_HQ,
    storeId: TEST_STORE,
    apiKey: TEST_API_KEY,
    fetch: (...args) => fetch(...args),
    timeoutMs: 300,
    ...over,
  });
  return { hq, gateway };
}

/** The micropay flow on a virtual clock (the HTTP calls are real, through msw). */
function micropay(gateway: ReturnType<typeof createHqPaymentGateway>, req: ChargeRequest) {
  let t = 0;
  return runMicropay(gateway, req, {
    now: () => t,
    sleep: (ms) => {
      t += ms;
      return Promise.resolve();
    },
  });
}

describe('createHqPaymentGateway', () => {
  it('charges with the terminal key and maps the contract answer', async () => {
    const { hq, gateway } = setup();
    const req = request();
    const answer = await gateway.charge(req);
    expect(answer).toEqual({
      status: 'succeeded',
      reference: expect.stringMatching(/^4200/),
      amountFen: 1250,
    });
    expect(hq.requests).toEqual([{ method: 'POST', path: `/v1/stores/S001/payments` }]);
    expect(await gateway.query(req.paymentId)).toEqual(answer);
    expect(await gateway.refund({ refundId: 'r1', paymentId: req.paymentId, amountFen: 250 })).toEqual({
      status: 'refunded',
      reference: expect.any(String),
      refundedFen: 250,
    });
    expect(await gateway.reverse(req.paymentId)).toEqual({ status: 'reversed' });
    expect(await gateway.query('never-charged')).toEqual({ status: 'not_found' });
  });

  it('goes through "user paying" to success with one charge', async () => {
    const { hq, gateway } = setup();
    hq.knobs.userPayingQueries = 2;
    const req = request();
    expect(await micropay(gateway, req)).toMatchObject({ ok: true });
    expect(hq.chargeRequests.get(req.paymentId)).toBe(1);
    expect(hq.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('never completes a decline', async () => {
    const { hq, gateway } = setup();
    hq.knobs.decline = 'NOTENOUGH';
    expect(await micropay(gateway, request())).toMatchObject({
      ok: false,
      reason: 'declined',
      message: 'NOTENOUGH',
    });
  });

  it('maps a lost answer to unknown/network; the query finds the charge, charged once', async () => {
    const { hq, gateway } = setup();
    hq.knobs.dropNextChargeAnswers = 1;
    const req = request();
    expect(await gateway.charge(req)).toMatchObject({ status: 'unknown', cause: 'network' });
    expect(hq.payments.get(req.paymentId)?.state).toBe('succeeded');
    hq.knobs.dropNextChargeAnswers = 1;
    const other = request();
    expect(await micropay(gateway, other)).toMatchObject({ ok: true });
    expect(hq.chargeRequests.get(other.paymentId)).toBe(1);
  });

  it('maps a late answer to unknown/timeout', async () => {
    const { hq, gateway } = setup({ timeoutMs: 100 });
    hq.knobs.chargeDelayMs = 400;
    const req = request();
    expect(await gateway.charge(req)).toMatchObject({ status: 'unknown', cause: 'timeout' });
    expect(await gateway.query(req.paymentId)).toMatchObject({ status: 'succeeded' });
  });

  it('does not send a charge while HQ is unreachable: offline, at once', async () => {
    const { hq, gateway } = setup();
    hq.knobs.down = true;
    expect(await micropay(gateway, request())).toMatchObject({ ok: false, reason: 'offline' });
    expect(hq.chargeRequests.size).toBe(0);

    let online = false;
    const hinted = setup({ isOnline: () => online }).gateway;
    expect(await hinted.charge(request())).toEqual({
      status: 'unknown',
      cause: 'offline',
      message: 'HQ unreachable',
    });
    online = true;
    expect(await hinted.charge(request())).toMatchObject({ status: 'succeeded' });
  });

  it('does not send a refund while the till knows HQ is away: offline, to be queued', async () => {
    let online = true;
    const { hq, gateway } = setup({ isOnline: () => online });
    const req = request();
    expect(await gateway.charge(req)).toMatchObject({ status: 'succeeded' });
    online = false;
    const refund = { refundId: 'r-off', paymentId: req.paymentId, amountFen: 250 };
    const sent = hq.requests.length;
    expect(await gateway.refund(refund)).toMatchObject({ status: 'unknown', cause: 'offline' });
    expect(hq.requests).toHaveLength(sent);
    online = true;
    expect(await gateway.refund(refund)).toMatchObject({ status: 'refunded', refundedFen: 250 });
  });

  it('treats a refused charge as declined, but a refused query as unknown', async () => {
    const { hq, gateway } = setup();
    hq.knobs.failNext = [400];
    expect(await gateway.charge(request())).toMatchObject({ status: 'declined', reason: 'refusedByHq' });
    hq.knobs.failNext = [401];
    expect(await gateway.query('x')).toMatchObject({ status: 'unknown', cause: 'server' });
    hq.knobs.failNext = [503];
    expect(await gateway.charge(request())).toMatchObject({ status: 'unknown', cause: 'server' });
    hq.knobs.failNext = [0];
    expect(await gateway.reverse('x')).toMatchObject({ status: 'unknown', cause: 'network' });
    const wrongKey = setup({ apiKey: () => 'wrong' }).gateway;
    expect(await wrongKey.charge(request())).toMatchObject({ status: 'declined', reason: 'unauthorised' });
  });

  it('refuses an answer outside the contract or about another payment', async () => {
    const { hq, gateway } = setup();
    hq.knobs.bodyOverride = { status: 'succeeded' };
    expect(await gateway.charge(request())).toMatchObject({ status: 'unknown', cause: 'server' });
    hq.knobs.bodyOverride = { status: 'succeeded', paymentId: 'someone-else', reference: 'TX' };
    expect(await gateway.query('mine')).toMatchObject({ status: 'unknown', cause: 'server' });
    hq.knobs.bodyOverride = { status: 'paid', paymentId: 'mine' };
    expect(await gateway.query('mine')).toMatchObject({ status: 'unknown', cause: 'server' });
  });

  it('keeps a path prefix of the HQ address and escapes the ids', async () => {
    const seen: string[] = [];
    const gateway = createHqPaymentGateway({
      baseUrl: 'https://hq.example/api/',
      storeId: 'S001',
      apiKey: 'k',
      fetch: (input) => {
        seen.push(String(input));
        return Promise.resolve(Response.json({ status: 'not_found', paymentId: 'T1:0001' }));
      },
      timeoutMs: 100,
      healthCheck: false,
    });
    expect(await gateway.query('T1:0001')).toEqual({ status: 'not_found' });
    expect(seen).toEqual(['https://hq.example/api/v1/stores/S001/payments/T1%3A0001']);
  });
});
