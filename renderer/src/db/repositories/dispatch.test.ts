import { afterEach, describe, expect, it } from 'vitest';
import { orderDispatchedPayloadSchema } from '@shared/contract';
import { deleteTestDbs, openTestDb, seedFromHq } from '../../testing/db';
import { deliveryWindow, makeDelivery, RIDER_SUN, RIDER_ZHOU, seedRiders } from '../../testing/dispatch';
import type { LinliDb } from '../database';
import { DispatchError, dispatchRun, loadRiders } from './dispatch';

const clerk = { staffId: 'C01' };
const NOW = Date.parse('2026-11-24T05:20:00.000Z');
const clock = { now: () => NOW };
const next = deliveryWindow(Date.parse('2026-11-24T06:00:00.000Z'), 0);
const later = deliveryWindow(Date.parse('2026-11-24T06:00:00.000Z'), 2);

afterEach(deleteTestDbs);

async function counts(db: LinliDb) {
  return {
    outbox: await db.outbox.count(),
    audit: await db.audit.count(),
    occupancy: await db.slotOccupancy.count(),
    collected: await db.orders.where('status').equals('collected').count(),
    seq: Number((await db.meta.get('terminalSeq'))?.value ?? 0),
  };
}

async function store() {
  const db = await openTestDb();
  const run = [1, 2, 3].map((n) => makeDelivery(n, 'R02', next));
  const laterRun = makeDelivery(4, 'R02', later);
  const zhou = makeDelivery(5, 'R01', next);
  await seedFromHq(db, [...run, laterRun, zhou]);
  await seedRiders(db, [RIDER_ZHOU, RIDER_SUN]);
  return { db, run, laterRun, zhou };
}

const bagsOf = (orders: { bags: { label: string }[] }[]) => orders.flatMap((o) => o.bags.map((b) => b.label));

describe('dispatchRun', () => {
  it('the pull keeps HQ’s riders', async () => {
    const { db } = await store();
    expect((await loadRiders(db)).map((r) => r.id).sort()).toEqual(['R01', 'R02']);
  });

  it('hands the run over in one transaction: orders collected by the rider, slots freed, mutation + audit', async () => {
    const { db, run } = await store();
    const before = await counts(db);
    const row = await dispatchRun(
      db,
      { riderId: 'R02', orderIds: run.map((o) => o.id), bags: bagsOf(run) },
      clerk,
      { clock },
    );
    expect(row.type).toBe('order.dispatched');
    expect(orderDispatchedPayloadSchema.parse(row.payload)).toEqual({
      orderIds: run.map((o) => o.id),
      riderId: 'R02',
      bags: bagsOf(run),
      at: new Date(NOW).toISOString(),
    });
    expect(row.affects).toEqual(run.map((o) => `order:${o.id}`));
    const after = await counts(db);
    expect(after).toEqual({
      outbox: before.outbox + 1,
      audit: before.audit + 1,
      occupancy: before.occupancy - 6,
      collected: 3,
      seq: before.seq + 1,
    });
    for (const o of run) {
      const stored = await db.orders.get(o.id);
      expect(stored?.status).toBe('collected');
      expect(stored?.collection).toMatchObject({ staffId: 'C01', verifiedBy: 'code', terminalId: 'T1' });
      expect(stored?.delivery).toMatchObject({ riderId: 'R02', dispatchedAt: new Date(NOW).toISOString() });
      expect(await db.slotOccupancy.where('orderId').equals(o.id).count()).toBe(0);
    }
    const audit = await db.audit.where('action').equals('order.dispatched').toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.staffId).toBe('C01');
  });

  it.each([
    ['a rider code that is not a rider', { riderId: 'R09' }, 'unknownRider'],
    ['a bag missing', { drop: 1 }, 'incomplete'],
    ['the same bag twice', { twice: true }, 'duplicateBag'],
    ['an order of the rider’s other window', { laterToo: true }, 'mixedWindows'],
    ['another rider’s order', { zhouToo: true }, 'bag'],
  ] as const)('%s: refused, nothing written', async (_name, change, reason) => {
    const { db, run, laterRun, zhou } = await store();
    const before = await counts(db);
    const extra = 'laterToo' in change ? [laterRun] : 'zhouToo' in change ? [zhou] : [];
    const orders = [...run, ...extra];
    let bags = bagsOf(orders);
    if ('drop' in change) bags = bags.slice(change.drop);
    if ('twice' in change) bags = [...bags, bags[0]!];
    const error = await dispatchRun(
      db,
      {
        riderId: 'riderId' in change ? change.riderId : 'R02',
        orderIds: orders.map((o) => o.id),
        bags,
      },
      clerk,
      { clock },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DispatchError);
    expect((error as DispatchError).refusal.reason).toBe(reason);
    expect(await counts(db)).toEqual(before);
  });

  it('a run already gone (handed over on this terminal) cannot leave twice', async () => {
    const { db, run } = await store();
    const handOver = { riderId: 'R02', orderIds: run.map((o) => o.id), bags: bagsOf(run) };
    await dispatchRun(db, handOver, clerk, { clock });
    const before = await counts(db);
    const error = await dispatchRun(db, handOver, clerk, { clock }).catch((e: unknown) => e);
    expect((error as DispatchError).refusal).toMatchObject({ reason: 'bag', refusal: { reason: 'closed' } });
    expect(await counts(db)).toEqual(before);
  });
});
