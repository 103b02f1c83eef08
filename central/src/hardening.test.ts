import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changesPageSchema,
  errorBodySchema,
  PUSH_BODY_LIMIT_BYTES,
  pushResponseSchema,
  type Change,
  type Mutation,
  type MutationResult,
} from '../../shared/contract';
import { createTerminalKeys, TERMINAL_CACHE_ENTRIES } from './auth';
import type { Db } from './db';
import { seedDemo } from './demo';
import { revokeTerminal } from './provision';
import { applyPush } from './push';
import { buildApp } from './server';
import { testBackends } from './testing';

/**
 * Issue #15: every request an independent fuzzer turned into a 500, the two
 * silent defects, store-scoped identities and the hardening, each against the
 * real app (fastify `inject`) on PGlite and, with LINLI_TEST_PG_URL, PostgreSQL.
 */

const NOW = new Date('2026-11-24T04:00:00.000Z');
const KEYS = { T1: 'demo-key-T1', T2: 'demo-key-T2', T3: 'demo-key-T3' } as const;

describe.each(testBackends())('hardened central on $name', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let seq = 1_000_000;
  const logLines: string[] = [];

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await seedDemo(db, { seed: 9, now: NOW, pinIterations: 1000, ordersS001: 12, ordersS002: 4 });
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = buildApp({ db, enableAdmin: true, now: () => NOW, logger: { level: 'error', stream } });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const mutation = (type: Mutation['type'], payload: unknown, extra: Partial<Mutation> = {}) =>
    ({
      id: randomUUID(),
      seq: ++seq,
      type,
      payload,
      staffId: 'C01',
      createdAt: NOW.toISOString(),
      ...extra,
    }) as Mutation;
  const audit = (extra: Record<string, unknown> = {}, envelope: Partial<Mutation> = {}) =>
    mutation(
      'audit.recorded',
      { entryId: randomUUID(), action: 'test', at: NOW.toISOString(), ...extra },
      envelope,
    );
  const sale = (saleId: string, staffId = 'C01') =>
    mutation(
      'sale.completed',
      {
        saleId,
        receiptNo: `R-${seq}`,
        lines: [{ sku: 'S00001', name: '商品', qty: 1, unitPriceFen: 500, amountFen: 500 }],
        totalFen: 500,
        tenders: [{ method: 'cash', amountFen: 500 }],
      },
      { staffId },
    );
  const terminalOf = { T1: 'S001', T2: 'S001', T3: 'S002' } as const;

  async function post(terminal: keyof typeof KEYS, body: unknown) {
    return app.inject({
      method: 'POST',
      url: `/v1/stores/${terminalOf[terminal]}/mutations`,
      headers: { authorization: `Bearer ${KEYS[terminal]}` },
      payload: body as object,
    });
  }
  async function push(terminal: keyof typeof KEYS, mutations: Mutation[]): Promise<MutationResult[]> {
    const res = await post(terminal, { terminalId: terminal, mutations });
    expect(res.statusCode, res.body).toBe(200);
    return pushResponseSchema.parse(res.json()).results;
  }

  // ---------------------------------------------------------------- the fuzzer's 500s

  /** A detail nested `depth` deep, kept as JSON text: serialising such an object overflows the stack. */
  const deepAudit = (depth: number) => {
    const marker = randomUUID();
    const text = JSON.stringify({ terminalId: 'T1', mutations: [audit({ detail: marker })] });
    return text.replace(`"${marker}"`, `${'{"d":'.repeat(depth)}{}${'}'.repeat(depth)}`);
  };
  const poisons: [string, () => Mutation][] = [
    ['U+0000 in a payload string (jsonb)', () => audit({ subject: 'a\u0000b' })],
    ['U+0000 in an object key', () => audit({ detail: { 'k\u0000': 1 } })],
    [
      'U+0000 in a sale line name',
      () =>
        ({
          ...sale(randomUUID()),
          payload: { ...sale(randomUUID()).payload, receiptNo: 'R\u0000' },
        }) as Mutation,
    ],
    ['a lone surrogate in a string', () => audit({ subject: 'x\ud800y' })],
    ['a lone surrogate in a key', () => audit({ detail: { '\udc00': 1 } })],
    ['createdAt in year 0', () => audit({}, { createdAt: '0000-01-01T00:00:00Z' })],
    ['createdAt whose offset lands in year 0', () => audit({}, { createdAt: '0001-01-01T00:00:00+23:59' })],
  ];
  it.each(poisons)('%s: 400 with the field, never 500; the store goes on', async (_name, make) => {
    const res = await post('T1', { terminalId: 'T1', mutations: [make()] });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(errorBodySchema.parse(res.json()).error.issues?.[0]?.path).toMatch(/^mutations\.0\./);
    expect((await push('T1', [audit()]))[0]?.status).toBe('applied');
  });

  it('audit detail 5,000 deep: 400 with the field, never 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/stores/S001/mutations',
      headers: { authorization: `Bearer ${KEYS.T1}`, 'content-type': 'application/json' },
      payload: deepAudit(5000),
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(400);
    expect(errorBodySchema.parse(res.json()).error.issues?.[0]?.path).toMatch(
      /^mutations\.0\.payload\.detail/,
    );
    expect((await push('T1', [audit()]))[0]?.status).toBe('applied');
  });

  it('the same saleId from a terminal of another store is that store’s own sale (was a 500)', async () => {
    const saleId = randomUUID();
    expect((await push('T1', [sale(saleId)]))[0]).toMatchObject({ status: 'applied' });
    expect((await push('T3', [sale(saleId, 'C11')]))[0]).toMatchObject({ status: 'applied' });
    // and each store's own duplicate is still refused
    expect((await push('T3', [sale(saleId, 'C11')]))[0]).toMatchObject({ code: 'invalid_state' });
  });

  it('a mutation id used in another store is not answered with that store’s outcome', async () => {
    const refused = audit({}, { staffId: 'Z99' });
    expect((await push('T1', [refused]))[0]).toMatchObject({ status: 'rejected', code: 'unknown_staff' });
    const again = { ...audit({}, { staffId: 'C11' }), id: refused.id };
    expect((await push('T3', [again]))[0]).toMatchObject({ status: 'applied' });
  });

  // ---------------------------------------------------------------- the two silent defects

  it('a shift closed in S001 is not reopened through S002', async () => {
    const shiftId = `shift-${randomUUID()}`;
    const cash = () =>
      mutation('cash.moved', {
        movementId: randomUUID(),
        shiftId,
        kind: 'payIn',
        amountFen: 100,
        reason: '备用金',
      });
    const opened = await push('T1', [
      mutation('shift.opened', { shiftId, floatFen: 0 }),
      mutation('shift.closed', { shiftId, countedFen: 0, expectedFen: 0, differenceFen: 0 }),
    ]);
    expect(opened.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(
      (await push('T3', [mutation('shift.opened', { shiftId, floatFen: 0 }, { staffId: 'C11' })]))[0]?.status,
    ).toBe('applied');
    // still closed in S001
    expect((await push('T1', [cash()]))[0]).toMatchObject({ status: 'conflict', code: 'already_closed' });
  });

  it('deltaQty 2^53-1 twice: refused by the contract; the feed’s stock stays within its own schema', async () => {
    const adjust = (deltaQty: number) =>
      mutation(
        'stock.adjusted',
        { adjustmentId: randomUUID(), lines: [{ sku: 'S00003', deltaQty, reason: '盘点' }] },
        { staffId: 'M01' },
      );
    for (let i = 0; i < 2; i++) {
      const res = await post('T1', { terminalId: 'T1', mutations: [adjust(Number.MAX_SAFE_INTEGER)] });
      expect(res.statusCode).toBe(400);
    }
    // the largest legal delta, many times over: refused once stock would leave what HQ keeps
    const results = await push(
      'T1',
      Array.from({ length: 3 }, () => adjust(1_000_000_000)),
    );
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const res = await app.inject({
      url: '/v1/stores/S001/changes?limit=5000',
      headers: { authorization: `Bearer ${KEYS.T1}` },
    });
    const page = changesPageSchema.parse(res.json());
    const level = page.changes.find(
      (c): c is Extract<Change, { entity: 'stockLevel'; op: 'upsert' }> =>
        c.entity === 'stockLevel' && c.key === 'S00003' && c.op === 'upsert',
    );
    expect(Number.isSafeInteger(level?.data.qty)).toBe(true);
  });

  // ---------------------------------------------------------------- one failure, one answer

  it('an unexpected failure of one mutation answers it `unprocessable`; the rest of the batch applies', async () => {
    // past the contract (as a bug or an older schema would let it): the database refuses U+0000
    const poison = audit({ subject: 'bad\u0000' });
    const before = audit();
    const after = audit();
    const log = { lines: [] as unknown[], error: (o: unknown) => log.lines.push(o) };
    const results = await applyPush(db, { storeId: 'S001', terminalId: 'T1', now: () => NOW, log }, [
      before,
      poison,
      after,
    ]);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['applied', undefined],
      ['rejected', 'unprocessable'],
      ['applied', undefined],
    ]);
    expect(log.lines.length).toBeGreaterThan(0);
    // a retry of the batch is answered from the record: nothing jams
    const replay = await applyPush(db, { storeId: 'S001', terminalId: 'T1', now: () => NOW }, [
      poison,
      after,
    ]);
    expect(replay.map((r) => [r.status, r.originalStatus])).toEqual([
      ['duplicate', 'rejected'],
      ['duplicate', 'applied'],
    ]);
  });

  it('a rule that throws rejects only its own mutation, and the server logs it', async () => {
    const lines = logLines.length;
    // a handover whose order id the database cannot store: the rules' lookup fails
    const res = await applyPush(db, { storeId: 'S001', terminalId: 'T1', now: () => NOW, log: app.log }, [
      mutation('order.handOver', { orderId: 'o\u0000', verifiedBy: 'code' }),
      audit(),
    ]);
    expect(res.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(logLines.length).toBeGreaterThan(lines);
    expect(logLines.slice(lines).join('')).toMatch(/push batch failed/);
  });

  // ---------------------------------------------------------------- hardening

  it('authenticates before reading the body: a bad key with an unparsable or oversized body is 401', async () => {
    const url = '/v1/stores/S001/mutations';
    const garbage = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      payload: '{"not json',
    });
    expect(garbage.statusCode).toBe(401);
    const huge = 'x'.repeat(PUSH_BODY_LIMIT_BYTES + 1024);
    const unauth = await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: huge,
    });
    expect(unauth.statusCode).toBe(401);
    const tooLarge = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${KEYS.T1}`, 'content-type': 'application/json' },
      payload: huge,
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(errorBodySchema.parse(tooLarge.json()).error.code).toBe('too_large');
    const wrongType = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${KEYS.T1}`, 'content-type': 'application/xml' },
      payload: '<push/>',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(errorBodySchema.parse(wrongType.json()).error.code).toBe('unsupported_media_type');
  });

  it('fastify’s own early errors come in the contract’s error shape', async () => {
    const badUrl = await app.inject({ url: '/v1/stores/%E0%A4%A/changes' });
    expect(badUrl.statusCode).toBe(400);
    expect(errorBodySchema.safeParse(badUrl.json()).success).toBe(true);
    const missing = await app.inject({ url: '/v1/nothing-here' });
    expect(errorBodySchema.parse(missing.json()).error.code).toBe('not_found');
  });

  it('rate-limits failed sign-ins per address: then even a right key waits; other addresses do not', async () => {
    const limited = buildApp({ db, authFailuresPerMinute: 3 });
    try {
      const attempt = (key: string, remoteAddress = '10.9.9.9') =>
        limited.inject({
          url: '/v1/stores/S001/changes',
          headers: { authorization: `Bearer ${key}` },
          remoteAddress,
        });
      for (let i = 0; i < 3; i++) expect((await attempt(`guess-${i}`)).statusCode).toBe(401);
      const fourth = await attempt('guess-4');
      expect(fourth.statusCode).toBe(429);
      expect(errorBodySchema.parse(fourth.json()).error.code).toBe('rate_limited');
      expect((await attempt(KEYS.T1)).statusCode).toBe(429);
      expect((await attempt(KEYS.T1, '10.9.9.10')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('a revoked terminal key stops working within a second', async () => {
    const url = '/v1/stores/S001/changes?limit=1';
    const get = () => app.inject({ url, headers: { authorization: `Bearer ${KEYS.T2}` } });
    expect((await get()).statusCode).toBe(200);
    expect(await revokeTerminal(db, 'S001', 'T2', NOW)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get()).statusCode).toBe(401);
  });

  it('keeps a bounded number of key lookups: guessing cannot grow memory', async () => {
    const keys = createTerminalKeys(db);
    for (let i = 0; i < TERMINAL_CACHE_ENTRIES + 50; i++) await keys.lookup(`guess-${i}`);
    expect(keys.size).toBe(TERMINAL_CACHE_ENTRIES);
    expect(await keys.lookup(KEYS.T1)).toEqual({ id: 'T1', storeId: 'S001' });
  }, 60_000);

  it('admin answers only a loopback Host (DNS rebinding), and is rate limited', async () => {
    const url = '/v1/_admin/faults';
    const rebound = await app.inject({ url, headers: { host: 'evil.example:8787' } });
    expect(rebound.statusCode).toBe(403);
    expect((await app.inject({ url, headers: { host: '127.0.0.1:8787' } })).statusCode).toBe(200);
    expect((await app.inject({ url, headers: { host: 'localhost' } })).statusCode).toBe(200);
    const limited = buildApp({ db, enableAdmin: true, adminRequestsPerMinute: 2 });
    try {
      expect((await limited.inject({ url })).statusCode).toBe(200);
      expect((await limited.inject({ url })).statusCode).toBe(200);
      const third = await limited.inject({ url });
      expect(third.statusCode).toBe(429);
      expect(errorBodySchema.parse(third.json()).error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('serves HTTPS with --tls-cert/--tls-key', async () => {
    // a self-signed test certificate for 127.0.0.1 (testdata/, valid until 2126)
    const cert = readFileSync(new URL('./testdata/tls-cert.pem', import.meta.url));
    const key = readFileSync(new URL('./testdata/tls-key.pem', import.meta.url));
    const tls = buildApp({ db, tls: { cert, key } });
    try {
      const url = await tls.listen({ port: 0, host: '127.0.0.1' });
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        httpsGet(`${url}/v1/health`, { ca: cert }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
    } finally {
      await tls.close();
    }
  });

  it('admin refuses what the database cannot store with 400, not 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/_admin/stores/S001/orders',
      payload: { orders: [{ status: 'arrived', note: 'x\u0000' }] },
    });
    expect(res.statusCode).toBe(400);
    expect((await app.inject({ url: '/v1/_admin/stores/S%00/orders' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/_admin/stores/S001/orders?status=%00' })).statusCode).toBe(400);
  });
});
