import { afterEach, describe, expect, it } from 'vitest';
import { makeOrder } from '../../testing/fixtures';
import { OrderActionError, StorageFullError } from '../errors';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import type { LinliDb } from '../database';
import { handOver, putAway } from './orders';

const clerk = { staffId: 'C01' };
const clock = { now: () => Date.parse('2026-11-24T05:00:00.000Z') };

afterEach(deleteTestDbs);

async function counts(db: LinliDb) {
  return {
    outbox: await db.outbox.count(),
    audit: await db.audit.count(),
    occupancy: await db.slotOccupancy.count(),
    seq: (await db.meta.get('terminalSeq'))?.value ?? 0,
  };
}

async function shelvedOrder(db: LinliDb) {
  const order = makeOrder(1);
  await seedFromHq(db, [order]);
  await putAway(db, order.id, [{ bagLabel: order.bags[0]!.label, slotId: 'C1-01' }], clerk, { clock });
  return order;
}

describe('putAway', () => {
  it('shelves the order, writes occupancy, the outbox mutation and the audit row together', async () => {
    const db = await openTestDb();
    const order = makeOrder(1);
    await seedFromHq(db, [order]);
    const mutation = await putAway(
      db,
      order.id,
      [{ bagLabel: order.bags[0]!.label, slotId: 'C1-01' }],
      clerk,
      { clock },
    );

    const stored = await db.orders.get(order.id);
    expect(stored?.status).toBe('shelved');
    expect(stored?.slotIds).toEqual(['C1-01']);
    expect(await db.orders.where('slotIds').equals('C1-01').count()).toBe(1);
    expect(await db.slotOccupancy.where('slotId').equals('C1-01').toArray()).toEqual([
      {
        slotId: 'C1-01',
        orderId: order.id,
        bagLabels: [order.bags[0]!.label],
        since: '2026-11-24T05:00:00.000Z',
      },
    ]);
    expect(mutation).toMatchObject({
      seq: 1,
      type: 'order.putAway',
      staffId: 'C01',
      affects: [`order:${order.id}`],
    });
    expect(mutation.payload).toEqual({
      orderId: order.id,
      placements: [{ bagLabel: order.bags[0]!.label, slotId: 'C1-01' }],
    });
    const audit = await db.audit.toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'order.putAway', mutationId: mutation.id, staffId: 'C01' });
  });

  it('refuses a chilled bag on an ambient shelf, a full slot, an unknown slot — writing nothing', async () => {
    const db = await openTestDb();
    const [a, b, c] = [makeOrder(1), makeOrder(2), makeOrder(3)];
    await seedFromHq(db, [a, b, c]);
    await expect(
      putAway(db, a.id, [{ bagLabel: a.bags[0]!.label, slotId: 'A1-01' }], clerk),
    ).rejects.toMatchObject({
      refusal: { kind: 'invalid-slots' },
    });
    await expect(
      putAway(db, a.id, [{ bagLabel: a.bags[0]!.label, slotId: 'C9-01' }], clerk),
    ).rejects.toBeInstanceOf(OrderActionError);
    expect(await counts(db)).toEqual({ outbox: 0, audit: 0, occupancy: 0, seq: 0 });
    // C1-01 holds two bags.
    await putAway(db, a.id, [{ bagLabel: a.bags[0]!.label, slotId: 'C1-01' }], clerk);
    await putAway(db, b.id, [{ bagLabel: b.bags[0]!.label, slotId: 'C1-01' }], clerk);
    await expect(
      putAway(db, c.id, [{ bagLabel: c.bags[0]!.label, slotId: 'C1-01' }], clerk),
    ).rejects.toMatchObject({
      refusal: { kind: 'invalid-slots', detail: 'slot C1-01 is full' },
    });
    expect((await db.orders.get(c.id))?.status).toBe('arrived');
    expect(await counts(db)).toEqual({ outbox: 2, audit: 2, occupancy: 2, seq: 2 });
  });

  it('refuses an order that has not arrived', async () => {
    const db = await openTestDb();
    const order = makeOrder(1, { status: 'pending' });
    await seedFromHq(db, [order]);
    await expect(
      putAway(db, order.id, [{ bagLabel: order.bags[0]!.label, slotId: 'C1-01' }], clerk),
    ).rejects.toMatchObject({
      refusal: { kind: 'not-ready-for-put-away', status: 'pending' },
    });
  });
});

describe('handOver', () => {
  it('collects the order, releases its slots, queues the mutation and audits — one transaction', async () => {
    const db = await openTestDb();
    const order = await shelvedOrder(db);
    const mutation = await handOver(db, order.id, { verifiedBy: 'code' }, clerk, { clock });

    const stored = await db.orders.get(order.id);
    expect(stored?.status).toBe('collected');
    expect(stored?.collection).toMatchObject({
      staffId: 'C01',
      terminalId: 'T1',
      verifiedBy: 'code',
      partial: false,
    });
    expect(await db.slotOccupancy.count()).toBe(0);
    expect(mutation).toMatchObject({
      seq: 2,
      type: 'order.handOver',
      payload: { orderId: order.id, verifiedBy: 'code' },
    });
    expect(await counts(db)).toEqual({ outbox: 2, audit: 2, occupancy: 0, seq: 2 });
  });

  it('with missing items it is a partial handover', async () => {
    const db = await openTestDb();
    const order = await shelvedOrder(db);
    const mutation = await handOver(
      db,
      order.id,
      {
        verifiedBy: 'token',
        missing: [{ sku: 'SKU-MILK', qty: 1, reason: 'damaged' }],
        refundRequested: true,
      },
      clerk,
    );
    expect(mutation.type).toBe('order.partialHandOver');
    expect((await db.orders.get(order.id))?.collection?.partial).toBe(true);
  });

  it('refuses a second handover with when and by whom, writing nothing', async () => {
    const db = await openTestDb();
    const order = await shelvedOrder(db);
    await handOver(db, order.id, { verifiedBy: 'code' }, clerk, { clock });
    const before = await counts(db);
    const error = await handOver(db, order.id, { verifiedBy: 'code' }, { staffId: 'C02' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OrderActionError);
    expect((error as OrderActionError).refusal).toEqual({
      kind: 'already-collected',
      orderId: order.id,
      collectedAt: '2026-11-24T05:00:00.000Z',
      collectedBy: 'C01',
    });
    expect(await counts(db)).toEqual(before);
  });

  it('refuses a cancelled order and an unknown one', async () => {
    const db = await openTestDb();
    const order = makeOrder(1, { status: 'cancelled' });
    await seedFromHq(db, [order]);
    await expect(handOver(db, order.id, { verifiedBy: 'code' }, clerk)).rejects.toMatchObject({
      refusal: { kind: 'order-cancelled', status: 'cancelled' },
    });
    await expect(handOver(db, 'NOPE', { verifiedBy: 'code' }, clerk)).rejects.toMatchObject({
      refusal: { kind: 'order-not-found' },
    });
    expect(await counts(db)).toEqual({ outbox: 0, audit: 0, occupancy: 0, seq: 0 });
  });

  it('is atomic: a failure while writing the audit row leaves the order, slots, outbox and sequence untouched', async () => {
    const db = await openTestDb();
    const order = await shelvedOrder(db);
    const before = { ...(await counts(db)), order: await db.orders.get(order.id) };
    db.audit.hook('creating', () => {
      throw new Error('disk hiccup');
    });
    await expect(handOver(db, order.id, { verifiedBy: 'code' }, clerk)).rejects.toThrow('disk hiccup');
    expect({ ...(await counts(db)), order: await db.orders.get(order.id) }).toEqual(before);
    expect((await db.orders.get(order.id))?.status).toBe('shelved');
  });

  it('a quota error comes out as StorageFullError and nothing is half-written', async () => {
    const db = await openTestDb();
    const order = await shelvedOrder(db);
    const before = await counts(db);
    db.outbox.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const error = await handOver(db, order.id, { verifiedBy: 'code' }, clerk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect(await counts(db)).toEqual(before);
    expect((await db.orders.get(order.id))?.status).toBe('shelved');
  });
});

describe('outbox sequence', () => {
  it('is gap-free and strictly increasing with unique ids, even for concurrent actions', async () => {
    const db = await openTestDb();
    const orders = Array.from({ length: 20 }, (_, i) => makeOrder(i + 1));
    await seedFromHq(db, orders);
    await Promise.all(orders.map((o) => handOver(db, o.id, { verifiedBy: 'code' }, clerk)));
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.id)).size).toBe(20);
    expect((await db.meta.get('terminalSeq'))?.value).toBe(20);
  });
});
