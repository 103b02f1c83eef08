import { describe, expect, it } from 'vitest';
import {
  changesPageSchema,
  MUTATION_TYPES,
  mutationSchema,
  pickupCodeHash,
  pullQuerySchema,
  pushRequestSchema,
} from './index';

const base = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  seq: 1,
  staffId: 'C01',
  createdAt: '2026-11-24T02:00:00.000Z',
};

describe('contract', () => {
  it('lists every mutation type the issue requires', () => {
    expect(new Set(MUTATION_TYPES)).toEqual(
      new Set([
        'order.putAway',
        'order.handOver',
        'order.partialHandOver',
        'order.remind',
        'order.extend',
        'order.returnToStock',
        'sale.completed',
        'sale.refunded',
        'stock.counted',
        'stock.adjusted',
        'shift.opened',
        'cash.moved',
        'shift.closed',
        'day.closed',
        'audit.recorded',
        'day.reopened',
        'shelf.audited',
        'shelf.auditResolved',
        'customer.noted',
        'customer.wished',
        'customer.wishResolved',
        'customer.noteDeleted',
        'order.dispatched',
      ]),
    );
  });

  it('validates a handover with proxy and rejects a wrong payload with a field path', () => {
    const ok = mutationSchema.safeParse({
      ...base,
      type: 'order.handOver',
      payload: { orderId: 'O1', verifiedBy: 'token', proxy: { name: '邻居', idChecked: true } },
    });
    expect(ok.success).toBe(true);
    const bad = pushRequestSchema.safeParse({
      terminalId: 'T1',
      mutations: [{ ...base, type: 'sale.completed', payload: { saleId: 'x' } }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.some((i) => i.path.join('.').startsWith('mutations.0.payload'))).toBe(true);
  });

  it('refuses money that is not integer fen', () => {
    const res = mutationSchema.safeParse({
      ...base,
      type: 'shift.opened',
      payload: { shiftId: 's1', floatFen: 100.5 },
    });
    expect(res.success).toBe(false);
  });

  it('pull query: default 500, max 5000', () => {
    expect(pullQuerySchema.parse({}).limit).toBe(500);
    expect(pullQuerySchema.parse({ limit: '5000' }).limit).toBe(5000);
    expect(pullQuerySchema.safeParse({ limit: '5001' }).success).toBe(false);
  });

  it('a change must match its entity schema', () => {
    const page = (data: unknown) =>
      changesPageSchema.safeParse({
        changes: [{ entity: 'store', op: 'upsert', key: 'S001', data, version: 1 }],
        cursor: 'c',
        hasMore: false,
      }).success;
    expect(page({ id: 'S001', name: '邻里生鲜', timeZone: 'Asia/Shanghai' })).toBe(true);
    expect(page({ id: 'S001' })).toBe(false);
  });

  it('pickup code hash is SHA-256 hex of "storeId:code"', async () => {
    // printf 'S001:123456' | sha256sum
    expect(await pickupCodeHash('S001', '123456')).toBe(
      '0c91ab756bc4f5a44936597166083fd9528743df982c993a7bf0c7aea6eef01b',
    );
  });
});
