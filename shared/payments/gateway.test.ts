import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChargeRequest,
  checkPaymentCode,
  type GatewayAnswer,
  type MicropayProgress,
  type PaymentGateway,
  reversePayment,
  runMicropay,
  runRefund,
} from './gateway';
import { createFakeGateway, fakeClock, type NetworkFate } from './testing';

const WECHAT = '134567890123456789';
const ALIPAY = '2812345678901234';

const request = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  paymentId: 'pay-T1-0001',
  method: 'wechat',
  amountFen: 1_250,
  authCode: WECHAT,
  ...over,
});

function setup(options: Parameters<typeof createFakeGateway>[0] = {}) {
  const clock = fakeClock();
  const gateway = createFakeGateway({ clock, ...options });
  const progress: MicropayProgress[] = [];
  const run = (req = request(), extra: { limitMs?: number; cancelled?: () => boolean } = {}) =>
    runMicropay(gateway, req, {
      now: clock.now,
      sleep: clock.sleep,
      pollMs: 2_000,
      limitMs: 30_000,
      onProgress: (p) => progress.push(p),
      ...extra,
    });
  const ops = () => gateway.calls.map((c) => c.op);
  return { clock, gateway, progress, run, ops };
}

describe('payment codes', () => {
  it('accepts WeChat and Alipay codes of the chosen method only', () => {
    expect(checkPaymentCode(WECHAT, 'wechat')).toEqual({ ok: true, method: 'wechat', code: WECHAT });
    expect(checkPaymentCode(ALIPAY)).toEqual({ ok: true, method: 'alipay', code: ALIPAY });
    expect(checkPaymentCode(ALIPAY, 'wechat')).toEqual({ ok: false, reason: 'wrongMethod' });
    // 18 digits starting 26 with a valid GS1 check digit is still a payment code here.
    expect(checkPaymentCode('260012301250004509', 'alipay')).toMatchObject({ ok: true });
  });

  it.each([
    ['too short', '13456789012345678'],
    ['too long', '1345678901234567890'],
    ['wrong prefix', '194567890123456789'],
    ['letters', '13456789012345678X'],
    ['empty', ''],
  ])('refuses a code that is %s before any charge', async (_why, authCode) => {
    const { gateway, run } = setup();
    const result = await run(request({ authCode }));
    expect(result).toMatchObject({ ok: false, reason: 'invalidCode' });
    expect(gateway.calls).toEqual([]);
  });

  it('refuses a zero, negative or fractional amount before any charge', async () => {
    for (const amountFen of [0, -100, 12.5, Number.NaN]) {
      const { gateway, run } = setup();
      expect(await run(request({ amountFen }))).toMatchObject({ ok: false, reason: 'invalidAmount' });
      expect(gateway.calls).toEqual([]);
    }
  });
});

describe('runMicropay', () => {
  it('completes a charge that succeeds at once', async () => {
    const { gateway, run, ops } = setup();
    const result = await run();
    expect(result).toEqual({ ok: true, paymentId: 'pay-T1-0001', reference: expect.stringMatching(/^4200/) });
    expect(ops()).toEqual(['charge']);
    expect(gateway.payments.get('pay-T1-0001')?.state).toBe('succeeded');
  });

  it('queries while the customer is paying, then completes', async () => {
    const { run, ops, progress } = setup({ behaviour: () => ({ userPayingQueries: 3 }) });
    const result = await run();
    expect(result.ok).toBe(true);
    expect(ops()).toEqual(['charge', 'query', 'query', 'query']);
    expect(progress.map((p) => p.phase)).toEqual(['charging', 'userPaying', 'userPaying', 'userPaying']);
  });

  it('never completes a declined payment and does not retry it', async () => {
    const { run, ops, gateway } = setup({ behaviour: () => ({ decline: 'NOTENOUGH' }) });
    const result = await run();
    expect(result).toMatchObject({ ok: false, reason: 'declined', message: 'NOTENOUGH' });
    expect(ops()).toEqual(['charge']);
    expect(gateway.payments.get('pay-T1-0001')?.state).toBe('declined');
  });

  it('finds a charge whose answer was lost by querying the same id, charged once', async () => {
    const { run, ops, gateway } = setup({ fates: ['dropAnswer'] });
    const result = await run();
    expect(result.ok).toBe(true);
    expect(ops()).toEqual(['charge', 'query']);
    expect(gateway.calls.every((c) => c.paymentId === 'pay-T1-0001')).toBe(true);
    expect(gateway.chargesApplied.get('pay-T1-0001')).toBe(1);
  });

  it('after a timeout it queries, never charges again, even when the charge is not found', async () => {
    const { run, ops, gateway } = setup({ fates: ['dropRequest'] });
    const result = await run();
    expect(result).toMatchObject({ ok: false, reason: 'reversed' });
    expect(ops().filter((op) => op === 'charge')).toHaveLength(1);
    expect(ops().at(-1)).toBe('reverse');
    expect(gateway.chargesApplied.get('pay-T1-0001')).toBeUndefined();
  });

  it('reverses a payment still "user paying" at the limit, and reports failure only after', async () => {
    const { run, ops, gateway, clock, progress } = setup({ behaviour: () => ({ userPayingQueries: 1_000 }) });
    const started = clock.now();
    const result = await run();
    expect(result).toMatchObject({ ok: false, reason: 'reversed' });
    expect(ops().at(-1)).toBe('reverse');
    expect(gateway.payments.get('pay-T1-0001')?.state).toBe('reversed');
    expect(clock.now() - started).toBeGreaterThanOrEqual(30_000);
    expect(clock.now() - started).toBeLessThan(35_000);
    expect(progress.at(-1)?.phase).toBe('reversing');
  });

  it('refuses a charge that arrives after its reversal (the tombstone)', async () => {
    // The charge is late and the one query is lost: the reversal reaches the gateway first.
    const { run, gateway, ops } = setup({ fates: ['late', 'dropRequest'] });
    const result = await run(request(), { limitMs: 10_000 });
    expect(result).toMatchObject({ ok: false, reason: 'reversed' });
    expect(ops()).toEqual(['charge', 'query', 'reverse']);
    expect(gateway.chargesApplied.get('pay-T1-0001')).toBe(1);
    expect(gateway.payments.get('pay-T1-0001')).toMatchObject({ state: 'reversed', method: null });
  });

  it('reverses at once when the clerk cancels', async () => {
    let cancel = false;
    const { run, ops } = setup({ behaviour: () => ({ userPayingQueries: 100 }) });
    const result = await run(request(), {
      cancelled: () => {
        const was = cancel;
        cancel = true;
        return was;
      },
    });
    expect(result).toMatchObject({
      ok: false,
      reason: 'reversed',
      message: expect.stringContaining('clerk'),
    });
    expect(ops()).toEqual(['charge', 'query', 'reverse']);
  });

  it('says offline without querying when the charge never left', async () => {
    const { run, ops } = setup({ fates: ['offline'] });
    expect(await run()).toMatchObject({ ok: false, reason: 'offline' });
    expect(ops()).toEqual(['charge']);
  });

  it('hands back an unresolved payment when neither an answer nor a reversal gets through', async () => {
    const { run, gateway } = setup({ fates: ['dropAnswer', ...Array<NetworkFate>(100).fill('offline')] });
    const result = await run();
    expect(result).toMatchObject({ ok: false, reason: 'unresolved' });
    // The charge went through: the caller keeps reversing, and a later reversal refunds it.
    expect(gateway.payments.get('pay-T1-0001')?.state).toBe('succeeded');
    gateway.heal();
    expect(await reversePayment(gateway, 'pay-T1-0001', { sleep: () => Promise.resolve() })).toEqual({
      status: 'reversed',
    });
    expect(gateway.payments.get('pay-T1-0001')?.state).toBe('reversed');
  });

  it('completes when the gateway keeps a payment it will not reverse', async () => {
    const answers: GatewayAnswer[] = [{ status: 'user_paying' }];
    const gateway: PaymentGateway = {
      charge: () => Promise.resolve({ status: 'unknown', cause: 'timeout' }),
      query: () => Promise.resolve(answers[0] ?? { status: 'user_paying' }),
      reverse: () => Promise.resolve({ status: 'declined', reason: 'ORDERPAID' }),
      refund: () => Promise.reject(new Error('not used')),
    };
    const clock = fakeClock();
    const query = gateway.query;
    let queries = 0;
    gateway.query = (id) => {
      queries += 1;
      // After the reversal is refused, the payment is found paid.
      return queries > 15 ? Promise.resolve({ status: 'succeeded', reference: 'TX1' }) : query(id);
    };
    const result = await runMicropay(gateway, request(), { now: clock.now, sleep: clock.sleep });
    expect(result).toEqual({ ok: true, paymentId: 'pay-T1-0001', reference: 'TX1' });
  });

  it('turns a gateway that throws into an unknown answer, never an exception', async () => {
    const clock = fakeClock();
    const gateway: PaymentGateway = {
      charge: () => Promise.reject(new TypeError('Failed to fetch')),
      query: () => Promise.reject(new TypeError('Failed to fetch')),
      reverse: () => Promise.reject(new TypeError('Failed to fetch')),
      refund: () => Promise.reject(new TypeError('Failed to fetch')),
    };
    const result = await runMicropay(gateway, request(), { now: clock.now, sleep: clock.sleep });
    expect(result).toMatchObject({
      ok: false,
      reason: 'unresolved',
      message: expect.stringContaining('Failed to fetch'),
    });
  });

  it('never passes anything but the normalised code to the gateway', async () => {
    const { gateway, run } = setup();
    const seen: string[] = [];
    const charge = gateway.charge.bind(gateway);
    gateway.charge = (req) => {
      seen.push(req.authCode);
      return charge(req);
    };
    await run(request({ authCode: ` ${WECHAT}\r\n` }));
    expect(seen).toEqual([WECHAT]);
  });
});

describe('runMicropay over a faulty network (properties)', () => {
  const fate = fc.constantFrom<NetworkFate>(
    'deliver',
    'deliver',
    'dropRequest',
    'dropAnswer',
    'late',
    'offline',
  );
  const scenario = fc.record({
    fates: fc.array(fate, { maxLength: 40 }),
    userPayingQueries: fc.nat({ max: 20 }),
    decline: fc.option(fc.constantFrom('NOTENOUGH', 'AUTHCODEEXPIRE'), { nil: undefined }),
    limitMs: fc.integer({ min: 0, max: 40_000 }),
    pollMs: fc.integer({ min: 500, max: 5_000 }),
  });

  it('charges at most once, completes only a payment that stands, and loses none', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clock = fakeClock();
        const gateway = createFakeGateway({
          clock,
          fates: s.fates,
          behaviour: () => ({ userPayingQueries: s.userPayingQueries, decline: s.decline }),
        });
        const started = clock.now();
        const result = await runMicropay(gateway, request(), {
          now: clock.now,
          sleep: clock.sleep,
          limitMs: s.limitMs,
          pollMs: s.pollMs,
        });
        // Requests still in the network land now; a late charge must not change the outcome.
        gateway.flush();
        const stored = gateway.payments.get('pay-T1-0001');

        // Never charged twice: one charge call, applied at most once.
        expect(gateway.calls.filter((c) => c.op === 'charge')).toHaveLength(1);
        expect(gateway.chargesApplied.get('pay-T1-0001') ?? 0).toBeLessThanOrEqual(1);
        if (result.ok) {
          // Completed: the payment stands at the gateway with that reference.
          expect(stored).toMatchObject({ state: 'succeeded', reference: result.reference });
          expect(s.decline).toBeUndefined();
        } else if (result.reason !== 'unresolved') {
          // Failed: the customer is not charged, now or later.
          expect(stored?.state).not.toBe('succeeded');
          expect(stored?.state).not.toBe('paying');
        }
        // Bounded: the limit, plus the answers in flight and the reversal attempts.
        expect(clock.now() - started).toBeLessThanOrEqual(s.limitMs + s.pollMs + 4 * (5_000 + s.pollMs));
      }),
      { numRuns: 500 },
    );
  });
});

describe('runRefund', () => {
  const noSleep = { sleep: () => Promise.resolve() };

  async function paid(gateway: ReturnType<typeof createFakeGateway>, amountFen = 1_000) {
    const clock = fakeClock();
    const result = await runMicropay(gateway, request({ amountFen }), { now: clock.now, sleep: clock.sleep });
    expect(result.ok).toBe(true);
  }

  it('refunds part of a payment, then the rest, never more than was paid', async () => {
    const gateway = createFakeGateway();
    await paid(gateway);
    expect(
      await runRefund(gateway, { refundId: 'r1', paymentId: 'pay-T1-0001', amountFen: 600 }, noSleep),
    ).toMatchObject({
      ok: true,
      refundedFen: 600,
    });
    expect(
      await runRefund(gateway, { refundId: 'r2', paymentId: 'pay-T1-0001', amountFen: 401 }, noSleep),
    ).toMatchObject({
      ok: false,
      reason: 'declined',
      message: 'exceedsPayment',
    });
    expect(
      await runRefund(gateway, { refundId: 'r2', paymentId: 'pay-T1-0001', amountFen: 400 }, noSleep),
    ).toMatchObject({
      ok: true,
      refundedFen: 1_000,
    });
  });

  it('retries a lost answer with the same refund id: refunded once', async () => {
    const gateway = createFakeGateway({ fates: ['deliver', 'dropAnswer', 'dropRequest'] });
    await paid(gateway);
    const result = await runRefund(
      gateway,
      { refundId: 'r1', paymentId: 'pay-T1-0001', amountFen: 300 },
      noSleep,
    );
    expect(result).toMatchObject({ ok: true, refundedFen: 300 });
    expect(gateway.payments.get('pay-T1-0001')?.refunds).toEqual([
      { refundId: 'r1', amountFen: 300, reference: expect.any(String) },
    ]);
    expect(gateway.calls.filter((c) => c.op === 'refund').every((c) => c.paymentId === 'pay-T1-0001')).toBe(
      true,
    );
  });

  it('hands back a pending refund when HQ is offline, and it completes later with the same id', async () => {
    const gateway = createFakeGateway({ fates: ['deliver', 'offline'] });
    await paid(gateway);
    const req = { refundId: 'r1', paymentId: 'pay-T1-0001', amountFen: 300 };
    expect(await runRefund(gateway, req, noSleep)).toMatchObject({ ok: false, reason: 'pending' });
    expect(await runRefund(gateway, req, noSleep)).toMatchObject({ ok: true, refundedFen: 300 });
  });

  it('refuses a zero or fractional amount before sending', async () => {
    const gateway = createFakeGateway();
    for (const amountFen of [0, -5, 1.5])
      expect(await runRefund(gateway, { refundId: 'r', paymentId: 'p', amountFen }, noSleep)).toMatchObject({
        reason: 'invalidAmount',
      });
    expect(gateway.calls).toEqual([]);
  });
});
