import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayTotalsResponseSchema,
  errorBodySchema,
  pushResponseSchema,
  type Mutation,
} from '../../shared/contract';
import { addDayTotals, compareStoreTotals, emptyTotals } from '../../shared/dayend';
import type { Db } from './db';
import { seedDemo } from './demo';
import { buildApp } from './server';
import { testBackends } from './testing';

const NOW = new Date('2026-11-30T13:00:00.000Z'); // 21:00 in Asia/Shanghai
const KEYS = { T1: 'demo-key-T1', T2: 'demo-key-T2', T3: 'demo-key-T3' } as const;

describe.each(testBackends())('day totals on $name', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let seq = 0;

  beforeAll(async () => {
    ({ db, dispose } = await backend.open());
    await seedDemo(db, { seed: 3, now: NOW, pinIterations: 1000 });
    app = buildApp({ db, now: () => NOW });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await dispose?.();
  });

  const mutation = (type: Mutation['type'], payload: unknown, createdAt: string, staffId = 'C01') =>
    ({ id: randomUUID(), seq: ++seq, type, payload, staffId, createdAt }) as Mutation;
  const sale = (createdAt: string, amount: number, method: 'cash' | 'wechat' = 'cash', discountFen = 0) => {
    const saleId = randomUUID();
    return mutation(
      'sale.completed',
      {
        saleId,
        receiptNo: `R-${seq}`,
        lines: [{ sku: 'S00002', name: '商品', qty: 1, unitPriceFen: amount, amountFen: amount }],
        totalFen: amount - discountFen,
        ...(discountFen ? { discountFen } : {}),
        tenders: [{ method, amountFen: amount - discountFen }],
      },
      createdAt,
      discountFen ? 'M01' : 'C01',
    );
  };
  async function push(terminal: 'T1' | 'T2', mutations: Mutation[]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/stores/S001/mutations',
      headers: { authorization: `Bearer ${KEYS[terminal]}` },
      payload: { terminalId: terminal, mutations },
    });
    expect(res.statusCode, res.body).toBe(200);
    return pushResponseSchema.parse(res.json()).results;
  }
  const totals = async (date: string, key: string = KEYS.T1, store = 'S001') =>
    app.inject({
      url: `/v1/stores/${store}/days/${date}/totals`,
      headers: { authorization: `Bearer ${key}` },
    });

  it('totals a business day per terminal and store in the store’s zone, from applied mutations only', async () => {
    const s1 = sale('2026-11-30T01:00:00Z', 1_000); // 09:00 Shanghai
    const s2 = sale('2026-11-30T15:59:59Z', 2_000, 'wechat', 200); // 23:59:59 Shanghai, discount
    const early = sale('2026-11-29T15:59:59Z', 5_000); // 23:59:59 on the 29th
    const late = sale('2026-11-30T16:00:00Z', 7_000); // 00:00 on 1 December
    const refund = mutation(
      'sale.refunded',
      {
        refundId: randomUUID(),
        saleId: (s1.payload as { saleId: string }).saleId,
        lines: [{ sku: 'S00002', qty: 1, amountFen: 400 }],
        totalFen: 400,
        tenders: [{ method: 'cash', amountFen: 400 }],
        reason: '退货',
      },
      '2026-11-30T02:00:00Z',
    );
    const shiftId = `shift-${randomUUID()}`;
    const results1 = await push('T1', [
      s1,
      s2,
      early,
      late,
      refund,
      mutation('shift.opened', { shiftId, floatFen: 20_000 }, '2026-11-30T00:30:00Z'),
      mutation(
        'cash.moved',
        { movementId: randomUUID(), shiftId, kind: 'payOut', amountFen: 3_000, reason: '买袋子' },
        '2026-11-30T03:00:00Z',
      ),
    ]);
    expect(results1.every((r) => r.status === 'applied')).toBe(true);
    // T2: one sale, and one HQ refuses (unknown product) — it must not count
    const t2 = sale('2026-11-30T05:00:00Z', 3_000);
    const bad = sale('2026-11-30T05:01:00Z', 9_000);
    (bad.payload as { lines: { sku: string }[] }).lines[0]!.sku = 'NOPE';
    const results2 = await push('T2', [t2, bad]);
    expect(results2.map((r) => r.status)).toEqual(['applied', 'rejected']);

    const res = await totals('2026-11-30');
    expect(res.statusCode, res.body).toBe(200);
    const body = dayTotalsResponseSchema.parse(res.json());
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.store).toMatchObject({
      salesCount: 3,
      salesFen: 1_000 + 1_800 + 3_000,
      discountFen: 200,
      refundsCount: 1,
      refundsFen: 400,
      salesByTender: { cash: 4_000, wechat: 1_800, card: 0, alipay: 0 },
      refundsByTender: { cash: 400, wechat: 0, card: 0, alipay: 0 },
      payOutsFen: 3_000,
      payInsFen: 0,
      afterCloseCount: 0,
    });
    expect(body.terminals.map((t) => [t.terminalId, t.totals.salesFen])).toEqual([
      ['T1', 2_800],
      ['T2', 3_000],
    ]);
    expect(body.close).toBeNull();
    // what the terminal's store-level check relies on: HQ's store line is the sum of its terminal lines,
    // so T1 (which knows only its own work) matching its line and the store's means the day matches
    const sum = body.terminals.reduce((acc, t) => addDayTotals(acc, t.totals), emptyTotals());
    expect(body.store).toEqual(sum);
    const t1 = body.terminals.find((t) => t.terminalId === 'T1')!.totals;
    const check = compareStoreTotals(new Map([['T1', t1]]), body);
    expect(check.map((c) => [c.terminalId, c.source])).toEqual([
      ['T1', 'local'],
      ['T2', 'hq'],
      [null, 'local'],
    ]);
    expect(check.flatMap((c) => c.lines).filter((l) => !l.match)).toEqual([]);
    // T1 counting a sale HQ never received: its line and the store line both differ
    const more = compareStoreTotals(new Map([['T1', { ...t1, salesCount: t1.salesCount + 1 }]]), body);
    expect(
      more.flatMap((c) => c.lines.filter((l) => !l.match).map((l) => `${c.terminalId}:${l.key}`)),
    ).toEqual(['T1:salesCount', 'null:salesCount']);
    const next = dayTotalsResponseSchema.parse((await totals('2026-12-01')).json());
    expect(next.store.salesFen).toBe(7_000);
  });

  it('attributes work after the close to the next day, and back again once the day is reopened', async () => {
    const closeAt = '2026-11-30T14:00:00Z'; // 22:00 Shanghai
    const close = mutation(
      'day.closed',
      { businessDate: '2026-11-30', provisional: true, unsyncedCount: 2 },
      closeAt,
      'M01',
    );
    const after = sale('2026-11-30T14:30:00Z', 600);
    expect((await push('T1', [close, after])).map((r) => r.status)).toEqual(['applied', 'applied']);
    const day = dayTotalsResponseSchema.parse((await totals('2026-11-30')).json());
    // the 23:59:59 sale came after the 22:00 close: it moves to 1 December with the 22:30 one
    expect(day.store.salesFen).toBe(4_000);
    expect(day.close).toEqual({ provisional: true, closedAt: '2026-11-30T14:00:00.000Z', terminalId: 'T1' });
    const next = dayTotalsResponseSchema.parse((await totals('2026-12-01')).json());
    expect([next.store.salesFen, next.store.afterCloseCount]).toEqual([7_000 + 1_800 + 600, 2]);

    const reopen = mutation(
      'day.reopened',
      { businessDate: '2026-11-30', reason: '漏记一笔' },
      '2026-11-30T14:40:00Z',
      'M01',
    );
    expect((await push('T1', [reopen]))[0]!.status).toBe('applied');
    const reopened = dayTotalsResponseSchema.parse((await totals('2026-11-30')).json());
    expect([reopened.store.salesFen, reopened.close]).toEqual([6_400, null]);
    // a clerk cannot reopen; reopening a day that is not closed is refused
    const byClerk = mutation('day.reopened', { businessDate: '2026-11-29', reason: 'x' }, closeAt);
    const notClosed = mutation('day.reopened', { businessDate: '2026-11-29', reason: 'x' }, closeAt, 'M01');
    expect((await push('T1', [byClerk, notClosed])).map((r) => r.code)).toEqual([
      'forbidden_role',
      'invalid_state',
    ]);
  });

  it('refuses a bad date, no key and another store’s terminal', async () => {
    const bad = await totals('2026-13-xx');
    expect(bad.statusCode).toBe(400);
    expect(errorBodySchema.parse(bad.json()).error.issues?.[0]?.path).toBe('date');
    expect((await app.inject({ url: '/v1/stores/S001/days/2026-11-30/totals' })).statusCode).toBe(401);
    expect((await totals('2026-11-30', KEYS.T3)).statusCode).toBe(403);
  });
});
