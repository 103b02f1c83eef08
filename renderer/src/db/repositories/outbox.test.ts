import type { Transaction } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { MutationPayload } from '@shared/contract';
import { getMeta, setMeta } from '../meta';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { recordAuditEvent } from './audit';
import { allocateSeq, outboxGainedWrite, pendingSummary, recordMutation, writeAction } from './outbox';

afterEach(deleteTestDbs);

/**
 * Compile-time only (never called): `tsc -b` checks this file, and each
 * `@ts-expect-error` fails the type check if the line below it compiles — so
 * these prove a wrong payload for a mutation type cannot be written.
 */
export function wrongPayloadsDoNotCompile(tx: Transaction): void {
  const actor = { staffId: 'C01' };
  // @ts-expect-error a handover needs `verifiedBy`
  void recordMutation(tx, 'order.handOver', { orderId: 'O1' }, actor, { affects: [] });
  // @ts-expect-error a put-away's payload is not a handover's
  void recordMutation(tx, 'order.putAway', { orderId: 'O1', verifiedBy: 'code' }, actor, { affects: [] });
  // @ts-expect-error the type must be one the contract names
  void recordMutation(tx, 'order.teleported', { orderId: 'O1' }, actor, { affects: [] });
  const extend: MutationPayload<'order.extend'> = { orderId: 'O1', until: '2026-11-25T10:00:00.000Z' };
  // @ts-expect-error an extension's payload under the handover type
  void recordMutation(tx, 'order.handOver', extend, actor, { affects: [] });
  void recordMutation(tx, 'order.extend', extend, actor, { affects: [] });
}

describe('the write path', () => {
  it('recordMutation and the terminal sequence: one allocator, gap-free across callers', async () => {
    const db = await openTestDb();
    await setMeta(db, 'terminalSeq', 7);
    const [first, row, next] = await writeAction(db, [], async (tx) => {
      const first = await allocateSeq(tx, 3); // 8, 9, 10: as the recovery import takes them
      const row = await recordMutation(
        tx,
        'order.remind',
        { orderId: 'O000001' },
        { staffId: 'C01' },
        { affects: [{ entity: 'order', key: 'O000001', before: null }] },
      );
      return [first, row, await allocateSeq(tx)];
    });
    expect([first, row.seq, next]).toEqual([8, 11, 12]);
    expect(await getMeta(db, 'terminalSeq')).toBe(12);
    expect(await db.outbox.get(11)).toEqual(row);
    expect(Object.keys(row).sort()).toEqual(
      ['affects', 'createdAt', 'id', 'payload', 'seq', 'staffId', 'type'].sort(),
    );
    expect(await db.outboxBases.get(11)).toMatchObject({ entries: [{ ref: 'order:O000001', data: null }] });
    expect((await db.audit.toArray()).filter((a) => a.mutationId === row.id)).toMatchObject([
      { action: 'order.remind', staffId: 'C01', refs: ['order:O000001'], detail: { orderId: 'O000001' } },
    ]);
  });

  it('an audit event is written once under its own action and entry id: no row written then deleted', async () => {
    const db = await openTestDb();
    let deleted = 0;
    db.audit.hook('deleting', () => {
      deleted += 1;
    });
    const row = await writeAction(db, [], (tx) =>
      recordAuditEvent(tx, 'staff.signedIn', 'C01', { detail: { role: 'clerk' } }),
    );
    const payload = row.payload as MutationPayload<'audit.recorded'>;
    const audit = await db.audit.toArray();
    expect(audit).toEqual([
      {
        id: payload.entryId,
        at: payload.at,
        staffId: 'C01',
        action: 'staff.signedIn',
        refs: [],
        mutationId: row.id,
        detail: { role: 'clerk' },
      },
    ]);
    expect(deleted).toBe(0);
  });
});

describe('the sync trigger: a new write in the outbox', () => {
  const remind = (db: Awaited<ReturnType<typeof openTestDb>>, orderId: string) =>
    writeAction(db, [], (tx) =>
      recordMutation(tx, 'order.remind', { orderId }, { staffId: 'C01' }, { affects: [] }),
    );

  it('is seen when an acknowledgement and the write fall between two looks (same count)', async () => {
    const db = await openTestDb();
    expect(outboxGainedWrite(null, await pendingSummary(db))).toBe(false);
    const empty = await pendingSummary(db);
    const first = await remind(db, 'O1');
    const one = await pendingSummary(db);
    expect(one).toMatchObject({ count: 1, newestSeq: first.seq, oldestCreatedAt: first.createdAt });
    expect(outboxGainedWrite(empty, one)).toBe(true);

    // HQ acknowledges the first while the next is written: the count stays at 1.
    await db.outbox.delete(first.seq);
    await remind(db, 'O2');
    const again = await pendingSummary(db);
    expect(again.count).toBe(one.count);
    expect(outboxGainedWrite(one, again)).toBe(true);

    // An acknowledgement alone is no new write; neither is the first look.
    await db.outbox.clear();
    const drained = await pendingSummary(db);
    expect(drained).toEqual({ count: 0, oldestCreatedAt: null, newestSeq: null });
    expect(outboxGainedWrite(again, drained)).toBe(false);
    expect(outboxGainedWrite(null, again)).toBe(false);
  });
});
