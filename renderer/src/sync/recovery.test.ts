import { Dexie } from 'dexie';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoStaff, seededDb } from '../testing/staff';
import { makeShelvedOrder, orderRow } from '../testing/fixtures';
import type { LinliDb } from '../db/database';
import { logAuditEvent } from '../db/repositories/audit';
import { handOver } from '../db/repositories/orders';
import { setTerminalIdentity } from '../db/repositories/terminal';
import { startTestCentral, type TestCentral } from './chaos/referenceHq';
import { createSyncEngine } from './engine';
import {
  parseRecoveryFile,
  type RecoveryError,
  recoveryChecksum,
  recoveryFileName,
  serializeRecovery,
} from '@shared/recovery/format';
import { exportRecovery, importRecovery } from '../db/repositories/recovery';
import { createSyncStatusStore } from './status';

const opened: LinliDb[] = [];
async function terminal(terminalId: string, hqUrl = 'http://hq.test', storeId = 'S001'): Promise<LinliDb> {
  const db = await seededDb(`recovery-${terminalId}-${crypto.randomUUID()}`);
  await setTerminalIdentity(db, { hqUrl, storeId, terminalId });
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(
    opened.splice(0).map(async (db) => {
      db.close();
      await Dexie.delete(db.name);
    }),
  );
});

const MANAGER = { staffId: 'M01' };
const CLERK = { staffId: 'C01' };

/** Terminal T1 with three unsynced mutations: two handovers and an audit event. */
async function t1WithWork(): Promise<LinliDb> {
  const db = await terminal('T1');
  await db.orders.bulkPut([orderRow(makeShelvedOrder(1)), orderRow(makeShelvedOrder(2))]);
  await handOver(db, 'O000001', { verifiedBy: 'code' }, CLERK);
  await handOver(db, 'O000002', { verifiedBy: 'code' }, CLERK);
  await logAuditEvent(db, 'staff.signedOut', 'C01');
  return db;
}

async function refusal(promise: Promise<unknown>): Promise<RecoveryError> {
  try {
    await promise;
  } catch (error) {
    return error as RecoveryError;
  }
  throw new Error('expected a refusal');
}

describe('disaster-recovery export', () => {
  it('holds every unsynced mutation in order, the terminal identity and a checksum over the content', async () => {
    const db = await t1WithWork();
    const outbox = await db.outbox.orderBy('seq').toArray();
    const file = await exportRecovery(db, CLERK);
    expect(file).toMatchObject({
      format: 'linli-counter.recovery',
      version: 1,
      terminal: { hqUrl: 'http://hq.test', storeId: 'S001', terminalId: 'T1' },
      exportedBy: 'C01',
    });
    expect(file.mutations.map((m) => [m.id, m.seq, m.type])).toEqual(
      outbox.map((m) => [m.id, m.seq, m.type]),
    );
    expect(file.checksum).toBe(await recoveryChecksum(file));
    expect(recoveryFileName(file)).toMatch(/^linli-recovery-S001-T1-\d{8}T\d{6}Z\.json$/);
    // The export is audited; it queues nothing itself.
    expect(await db.audit.where('action').equals('recovery.exported').count()).toBe(1);
    expect(await db.outbox.count()).toBe(outbox.length);
  });
});

describe('disaster-recovery import', () => {
  it('round trip: another terminal of the store queues the same mutation ids under its own sequence', async () => {
    const t1 = await t1WithWork();
    const file = await exportRecovery(t1, CLERK);
    const t2 = await terminal('T2');
    await logAuditEvent(t2, 'staff.signedIn', 'M01'); // T2 already has seq 1
    const parsed = await parseRecoveryFile(serializeRecovery(file));
    if (!parsed.ok) throw parsed.error;

    const result = await importRecovery(t2, parsed.file, MANAGER);
    expect(result).toMatchObject({
      queued: 3,
      skipped: 0,
      alreadyImported: false,
      from: { terminalId: 'T1' },
    });
    const rows = await t2.outbox.orderBy('seq').toArray();
    // seq 1: T2's own; 2–4: imported (same ids, payloads, staff); 5: the audit of the import
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.slice(1, 4).map((r) => ({ id: r.id, payload: r.payload, staffId: r.staffId }))).toEqual(
      file.mutations.map((m) => ({ id: m.id, payload: m.payload, staffId: m.staffId })),
    );
    expect(rows[4]).toMatchObject({
      type: 'audit.recorded',
      staffId: 'M01',
      payload: { action: 'recovery.imported', detail: { checksum: file.checksum, queued: 3 } },
    });
    const audit = await t2.audit.where('action').equals('recovery.imported').toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffId: 'M01', detail: { fromTerminal: 'T1', queued: 3 } });
    // Every queued row has its base (what it returns to if HQ refuses it).
    expect(await t2.outboxBases.count()).toBe(5);
  });

  it('refuses a corrupted file: altered content, not JSON, another format, a later version', async () => {
    const file = await exportRecovery(await t1WithWork(), CLERK);
    const text = serializeRecovery(file);
    const tampered = JSON.parse(text) as typeof file;
    (tampered.mutations[0]!.payload as { orderId: string }).orderId = 'O000009';
    const cases: [string, string][] = [
      [JSON.stringify(tampered), 'checksum-mismatch'],
      [text.slice(0, text.length / 2), 'not-json'],
      [JSON.stringify({ hello: 'world' }), 'unknown-format'],
      [JSON.stringify({ ...file, version: 2 }), 'unsupported-version'],
      [JSON.stringify({ ...file, mutations: [{ ...file.mutations[0], id: 'not-a-uuid' }] }), 'invalid'],
    ];
    for (const [input, kind] of cases) {
      const parsed = await parseRecoveryFile(input);
      expect(parsed.ok ? 'accepted' : parsed.error.kind, kind).toBe(kind);
    }
    // Dropping a mutation is also caught by the checksum.
    const dropped = await parseRecoveryFile(JSON.stringify({ ...file, mutations: file.mutations.slice(1) }));
    expect(dropped.ok ? 'accepted' : dropped.error.kind).toBe('checksum-mismatch');
  });

  it("refuses another store's file and another HQ's file; nothing is queued", async () => {
    const file = await exportRecovery(await t1WithWork(), CLERK);
    const otherStore = await terminal('T3', 'http://hq.test', 'S002');
    await otherStore.staff.bulkPut((await demoStaff()).map((s) => ({ ...s, storeId: 'S002' })));
    expect((await refusal(importRecovery(otherStore, file, MANAGER))).kind).toBe('foreign-store');
    const otherHq = await terminal('T2', 'http://other-hq.test');
    expect((await refusal(importRecovery(otherHq, file, MANAGER))).kind).toBe('foreign-hq');
    expect(await otherStore.outbox.count()).toBe(0);
    expect(await otherHq.outbox.count()).toBe(0);
  });

  it('importing the same file twice queues nothing twice, nor a mutation already queued here', async () => {
    const t1 = await t1WithWork();
    const file = await exportRecovery(t1, CLERK);
    const t2 = await terminal('T2');
    expect((await importRecovery(t2, file, MANAGER)).queued).toBe(3);
    const count = await t2.outbox.count();
    expect(await importRecovery(t2, file, MANAGER)).toMatchObject({ queued: 0, alreadyImported: true });
    expect(await t2.outbox.count()).toBe(count);

    // A later export of T1 (one more mutation) overlaps: only the new one is queued.
    await logAuditEvent(t1, 'staff.signedIn', 'C01');
    const later = await exportRecovery(t1, CLERK);
    expect(await importRecovery(t2, later, MANAGER)).toMatchObject({ queued: 1, skipped: 3 });
    const ids = (await t2.outbox.toArray()).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is a manager action: a clerk is refused (audited), with an approval the clerk may', async () => {
    const file = await exportRecovery(await t1WithWork(), CLERK);
    const t2 = await terminal('T2');
    const error = await refusal(importRecovery(t2, file, CLERK));
    expect(error.kind).toBe('manager-required');
    const outbox = await t2.outbox.toArray();
    expect(outbox).toHaveLength(1); // only the audit of the refusal
    expect(outbox[0]?.payload).toMatchObject({ action: 'staff.permissionDenied', subject: 'importRecovery' });

    const approval = {
      id: crypto.randomUUID(),
      by: 'M01',
      action: 'importRecovery' as const,
      at: new Date().toISOString(),
    };
    expect((await importRecovery(t2, file, { ...CLERK, approval })).queued).toBe(3);
  });

  it('open exceptions travel with the file into the inbox of the importing terminal', async () => {
    const t1 = await t1WithWork();
    const [first] = await t1.outbox.orderBy('seq').toArray();
    await t1.exceptions.add({
      id: first!.id,
      mutation: first!,
      status: 'conflict',
      code: 'already_collected',
      reason: '已交付',
      receivedAt: new Date().toISOString(),
      state: 'open',
      resolvedBy: null,
      resolvedAt: null,
    });
    await t1.outbox.delete(first!.seq);
    const file = await exportRecovery(t1, CLERK);
    expect(file.exceptions).toHaveLength(1);
    const t2 = await terminal('T2');
    expect(await importRecovery(t2, file, MANAGER)).toMatchObject({ queued: 2, exceptions: 1 });
    expect(await t2.exceptions.get(first!.id)).toMatchObject({ state: 'open', code: 'already_collected' });
    expect(await t2.outbox.where('id').equals(first!.id).count()).toBe(0);
  });
});

describe('disaster recovery against the reference central', () => {
  let hq: TestCentral;
  beforeAll(async () => {
    hq = await startTestCentral();
  }, 120_000);
  afterAll(async () => {
    await hq?.close();
  });

  const engineFor = (db: LinliDb, terminalId: 'T1' | 'T2') =>
    createSyncEngine({
      db,
      hqUrl: hq.url,
      storeId: 'S001',
      terminalId,
      apiKey: `demo-key-${terminalId}`,
      status: createSyncStatusStore(),
      locks: null,
      connectivity: null,
      storage: null,
      logger: { warn: () => undefined, error: () => undefined },
    });

  it('mutations of a dead terminal sync exactly once from another, even when some had reached HQ', async () => {
    const t1 = await terminal('T1', hq.url);
    const t1Engine = engineFor(t1, 'T1');
    expect((await t1Engine.syncNow()).ok).toBe(true);
    const [a, b] = await t1.orders.where('status').anyOf(['shelved', 'arrived']).limit(2).toArray();
    await handOver(t1, a!.id, { verifiedBy: 'code' }, CLERK);
    await handOver(t1, b!.id, { verifiedBy: 'code' }, CLERK);
    // T1 delivers them but never hears back, then dies.
    await hq.setFaults({ dropResponseRate: 1 });
    expect((await t1Engine.syncNow()).ok).toBe(false);
    await hq.clearFaults();
    await logAuditEvent(t1, 'staff.signedOut', 'C01'); // never delivered
    const file = await exportRecovery(t1, CLERK);
    expect(file.mutations.length).toBeGreaterThanOrEqual(3);

    const t2 = await terminal('T2', hq.url);
    const t2Engine = engineFor(t2, 'T2');
    expect((await t2Engine.syncNow()).ok).toBe(true);
    const parsed = await parseRecoveryFile(serializeRecovery(file));
    if (!parsed.ok) throw parsed.error;
    await importRecovery(t2, parsed.file, MANAGER);
    await importRecovery(t2, parsed.file, MANAGER);
    expect((await t2Engine.syncNow()).ok).toBe(true);
    expect(await t2.outbox.count()).toBe(0);
    expect(await t2.exceptions.count()).toBe(0);

    const ids = file.mutations.map((m) => m.id);
    const { rows } = await hq.db.query<{ id: string; n: number }>(
      'SELECT id::text AS id, count(*)::int AS n FROM mutations WHERE id = ANY($1::uuid[]) GROUP BY id',
      [ids],
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // The handovers HQ recorded are T1's (first delivery), applied once.
    expect((await t2.orders.get(a!.id))?.status).toBe('collected');

    // T1 comes back after all: its retries are duplicates, nothing lands twice, no exceptions.
    expect((await t1Engine.syncNow()).ok).toBe(true);
    expect(await t1.outbox.count()).toBe(0);
    expect(await t1.exceptions.count()).toBe(0);
    const after = await hq.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mutations WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(after.rows[0]?.n).toBe(ids.length);
  });
});
