import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminPaymentsResponseSchema,
  errorBodySchema,
  type PaymentAnswer,
  paymentAnswerSchema,
  type PaymentFaults,
} from '../../shared/contract';
import type { Db } from './db';
import { seedDemo } from './demo';
import { buildApp } from './server';
import { testBackends } from './testing';

const NOW = new Date('2026-11-30T04:00:00.000Z');
const T1 = { authorization: 'Bearer demo-key-T1' };
const T2 = { authorization: 'Bearer demo-key-T2' };
const T3 = { authorization: 'Bearer demo-key-T3' };
const WECHAT = '134567890123456789';
const ALIPAY = '2812345678901234';

describe.each(testBackends())('demo payment gateway on $name', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let n = 0;
  const nextId = () => `pay-T1-${String(++n).padStart(4, '0')}`;

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await seedDemo(db, { seed: 7, now: NOW, pinIterations: 1000 });
    app = buildApp({ db, enableAdmin: true, now: () => NOW });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });
  afterEach(async () => {
    await app.inject({ method: 'DELETE', url: '/v1/_admin/faults' });
  });

  const setFaults = (payments: Partial<PaymentFaults>) =>
    app.inject({ method: 'POST', url: '/v1/_admin/faults', payload: { payments } });

  async function call(
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = T1,
  ): Promise<PaymentAnswer> {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    return paymentAnswerSchema.parse(res.json());
  }
  const charge = (paymentId: string, over: Record<string, unknown> = {}, headers = T1) =>
    call(
      'POST',
      '/v1/stores/S001/payments',
      { paymentId, method: 'wechat', amountFen: 1250, authCode: WECHAT, ...over },
      headers,
    );
  const query = (paymentId: string, headers = T1) =>
    call('GET', `/v1/stores/S001/payments/${paymentId}`, undefined, headers);
  const reverse = (paymentId: string) => call('POST', `/v1/stores/S001/payments/${paymentId}/reverse`, {});
  const refund = (paymentId: string, refundId: string, amountFen: number) =>
    call('POST', `/v1/stores/S001/payments/${paymentId}/refund`, { refundId, amountFen });
  async function held(paymentId: string) {
    const res = await app.inject({ url: '/v1/_admin/stores/S001/payments' });
    return adminPaymentsResponseSchema.parse(res.json()).payments.find((p) => p.paymentId === paymentId);
  }

  it('charges once per payment id: a repeat answers the same payment', async () => {
    const id = nextId();
    const first = await charge(id);
    expect(first).toMatchObject({ status: 'succeeded', paymentId: id, amountFen: 1250 });
    const again = await charge(id);
    expect(again).toEqual(first);
    expect(await query(id)).toEqual(first);
    // Another terminal of the same store sees it (a refund at the other till).
    expect(await query(id, T2)).toEqual(first);
    expect(await held(id)).toMatchObject({
      state: 'succeeded',
      chargeRequests: 2,
      amountFen: 1250,
      refundedFen: 0,
    });
  });

  it('accepts Alipay and refuses the same key for another amount', async () => {
    const id = nextId();
    expect(await charge(id, { method: 'alipay', authCode: ALIPAY, amountFen: 990 })).toMatchObject({
      status: 'succeeded',
    });
    expect(await charge(id, { method: 'alipay', authCode: ALIPAY, amountFen: 991 })).toMatchObject({
      status: 'declined',
      reason: 'idempotencyConflict',
    });
  });

  it('refuses a code of the wrong method or prefix without charging; malformed bodies are 400', async () => {
    const id = nextId();
    expect(await charge(id, { authCode: ALIPAY })).toMatchObject({
      status: 'declined',
      reason: 'AUTHCODE_INVALID',
    });
    expect(await charge(id, { authCode: '194567890123456789' })).toMatchObject({
      reason: 'AUTHCODE_INVALID',
    });
    expect(await held(id)).toBeUndefined();
    for (const bad of [
      { amountFen: 0 },
      { amountFen: 12.5 },
      { authCode: '1345' },
      { paymentId: 'has space' },
      { method: 'card' },
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/stores/S001/payments',
        headers: T1,
        payload: { paymentId: nextId(), method: 'wechat', amountFen: 100, authCode: WECHAT, ...bad },
      });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(errorBodySchema.parse(res.json()).error.code).toBe('bad_request');
    }
  });

  it('is store-scoped: no key is 401, another store is 403, its payments are not visible', async () => {
    const id = nextId();
    await charge(id);
    const noKey = await app.inject({ url: `/v1/stores/S001/payments/${id}` });
    expect(noKey.statusCode).toBe(401);
    const otherStore = await app.inject({ url: `/v1/stores/S001/payments/${id}`, headers: T3 });
    expect(otherStore.statusCode).toBe(403);
    expect(await call('GET', `/v1/stores/S002/payments/${id}`, undefined, T3)).toEqual({
      status: 'not_found',
      paymentId: id,
    });
  });

  it('declines under the decline fault, and a decline stays declined', async () => {
    await setFaults({ decline: 'NOTENOUGH' });
    const id = nextId();
    expect(await charge(id)).toEqual({ status: 'declined', paymentId: id, reason: 'NOTENOUGH' });
    await app.inject({ method: 'DELETE', url: '/v1/_admin/faults' });
    expect(await charge(id)).toMatchObject({ status: 'declined' });
    expect(await held(id)).toMatchObject({ state: 'declined', reference: null });
  });

  it('answers "user paying" for N queries, then succeeded', async () => {
    await setFaults({ userPayingQueries: 2 });
    const id = nextId();
    expect(await charge(id)).toEqual({ status: 'user_paying', paymentId: id });
    expect(await query(id)).toEqual({ status: 'user_paying', paymentId: id });
    expect(await query(id)).toMatchObject({ status: 'succeeded' });
  });

  it('reverses a paid payment, and refuses a charge that arrives after its reversal', async () => {
    const paid = nextId();
    await charge(paid);
    expect(await reverse(paid)).toEqual({ status: 'reversed', paymentId: paid });
    expect(await query(paid)).toEqual({ status: 'reversed', paymentId: paid });
    const late = nextId();
    expect(await query(late)).toEqual({ status: 'not_found', paymentId: late });
    expect(await reverse(late)).toEqual({ status: 'reversed', paymentId: late });
    expect(await charge(late)).toEqual({ status: 'reversed', paymentId: late });
    expect(await held(late)).toMatchObject({ state: 'reversed', chargeRequests: 1, method: null });
  });

  it('refunds idempotently, never beyond what was paid', async () => {
    const id = nextId();
    await charge(id, { amountFen: 1000 });
    expect(await refund(id, `${id}-r1`, 600)).toMatchObject({ status: 'refunded', refundedFen: 600 });
    expect(await refund(id, `${id}-r1`, 600)).toMatchObject({ status: 'refunded', refundedFen: 600 });
    expect(await refund(id, `${id}-r2`, 401)).toMatchObject({ status: 'declined', reason: 'exceedsPayment' });
    expect(await refund(id, `${id}-r2`, 400)).toMatchObject({ status: 'refunded', refundedFen: 1000 });
    expect(await held(id)).toMatchObject({ refundedFen: 1000 });
    expect(await refund(nextId(), 'r-x', 1)).toMatchObject({ status: 'not_found' });
  });

  it('applies a charge whose answer is late or dropped (the query finds it)', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const post = (paymentId: string, signal?: AbortSignal) =>
      fetch(`http://127.0.0.1:${port}/v1/stores/S001/payments`, {
        method: 'POST',
        headers: { ...T1, 'content-type': 'application/json' },
        body: JSON.stringify({ paymentId, method: 'wechat', amountFen: 1250, authCode: WECHAT }),
        signal,
      });

    await setFaults({ dropChargeAnswer: true });
    const dropped = nextId();
    await expect(post(dropped)).rejects.toThrow();
    expect(await query(dropped)).toMatchObject({ status: 'succeeded' });

    await setFaults({ chargeDelayMs: 2_000 });
    const slow = nextId();
    await expect(post(slow, AbortSignal.timeout(200))).rejects.toThrow();
    expect(await query(slow)).toMatchObject({ status: 'succeeded' });
    expect(await held(slow)).toMatchObject({ chargeRequests: 1 });
  });

  it('lists the payment routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/stores/{store}/payments',
        '/v1/stores/{store}/payments/{id}',
        '/v1/stores/{store}/payments/{id}/reverse',
        '/v1/stores/{store}/payments/{id}/refund',
        '/v1/_admin/stores/{store}/payments',
      ]),
    );
  });
});
