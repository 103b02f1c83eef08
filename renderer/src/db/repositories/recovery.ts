/**
 * Disaster recovery, the database side: export everything this terminal has
 * not delivered to HQ into a recovery file (format: `@shared/recovery/format`),
 * and import such a file from another terminal of the same store.
 *
 *   const file = await exportRecovery(db, { staffId });     // outbox + open exceptions
 *   const parsed = await parseRecoveryFile(text);            // @shared/recovery/format
 *   await importRecovery(db, parsed.file, actor);            // manager only, audited
 *
 * Imported mutations keep their ids and get this terminal's next sequence
 * numbers: HQ applies each exactly once, whichever terminal delivers it
 * first. A mutation already in the outbox or the inbox is skipped, and a file
 * already imported is recognised by its checksum, so importing twice queues
 * nothing twice.
 */
import {
  RECOVERY_FORMAT,
  RECOVERY_VERSION,
  RecoveryError,
  type RecoveryFile,
  recoveryChecksum,
  sameHq,
  toRecoveryMutation,
} from '@shared/recovery/format';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { getMeta, metaKey, setMeta } from '../meta';
import {
  type Actor,
  type ExceptionRow,
  type OutboxBaseRow,
  type OutboxRow,
  splitEntityRef,
  type TerminalIdentity,
} from '../types';
import { appendAudit, logAuditEvent, recordAuditEvent } from './audit';
import { allocateSeq, writeAction } from './outbox';
import { IMPORTED_WORK_TABLES, recordImportedWork } from './recoveryWork';
import { authorize, type PrivilegedActor } from './staff';
import { getTerminalIdentity } from './terminal';

export interface ExportOptions {
  clock?: Clock;
}

/**
 * Reads every unsynced mutation (in sequence order) and every open exception
 * into a sealed recovery file, and notes the export in the audit log. Anyone
 * signed in may export: it is what the storage-full message offers.
 */
export async function exportRecovery(
  db: LinliDb,
  actor: Actor | null,
  options: ExportOptions = {},
): Promise<RecoveryFile> {
  const clock = options.clock ?? systemClock;
  const terminal = await getTerminalIdentity(db);
  if (!terminal) throw new RecoveryError('no-terminal');
  const [outbox, exceptions] = await db.transaction('r', db.outbox, db.exceptions, () =>
    Promise.all([db.outbox.orderBy('seq').toArray(), db.exceptions.where('state').equals('open').toArray()]),
  );
  const content: Omit<RecoveryFile, 'checksum'> = {
    format: RECOVERY_FORMAT,
    version: RECOVERY_VERSION,
    terminal: { hqUrl: terminal.hqUrl, storeId: terminal.storeId, terminalId: terminal.terminalId },
    exportedAt: isoAt(clock),
    exportedBy: actor?.staffId ?? null,
    mutations: outbox.map(toRecoveryMutation),
    exceptions: exceptions.map((e) => ({
      id: e.id,
      status: e.status,
      code: e.code,
      reason: e.reason,
      receivedAt: e.receivedAt,
      mutation: toRecoveryMutation(e.mutation),
    })),
  };
  const file: RecoveryFile = { ...content, checksum: await recoveryChecksum(content) };
  if (actor) {
    // The file is the way out of a full disk: a failed audit row must not stop it.
    await writeAction(db, [], (tx) =>
      appendAudit(tx, {
        at: isoAt(clock),
        staffId: actor.staffId,
        action: 'recovery.exported',
        refs: [],
        detail: {
          checksum: file.checksum,
          mutations: file.mutations.length,
          exceptions: file.exceptions.length,
        },
      }),
    ).catch(() => undefined);
  }
  return file;
}

export interface ImportResult {
  /** Mutations added to this terminal's outbox. */
  queued: number;
  /** Mutations already in the outbox or inbox here (or imported before). */
  skipped: number;
  /** Open exceptions copied into this terminal's inbox. */
  exceptions: number;
  /** The same file (by checksum) was imported before: nothing was queued. */
  alreadyImported: boolean;
  from: TerminalIdentity;
}

export interface ImportOptions {
  clock?: Clock;
}

/**
 * Queues a parsed recovery file's mutations in this terminal's outbox, with
 * their original ids and this terminal's next sequence numbers, and copies
 * its open exceptions into the inbox — one transaction, audited (a local
 * audit row plus an `audit.recorded` mutation for HQ). Needs a manager (or a
 * clerk with a manager's approval for `importRecovery`); refused with
 * `RecoveryError` for a file of another store or HQ.
 */
export async function importRecovery(
  db: LinliDb,
  file: RecoveryFile,
  actor: PrivilegedActor,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const clock = options.clock ?? systemClock;
  const here = await getTerminalIdentity(db);
  if (!here) throw new RecoveryError('no-terminal');
  if (file.terminal.storeId !== here.storeId)
    throw new RecoveryError('foreign-store', { fileStore: file.terminal.storeId, store: here.storeId });
  if (!sameHq(file.terminal.hqUrl, here.hqUrl))
    throw new RecoveryError('foreign-hq', { fileHq: file.terminal.hqUrl, hq: here.hqUrl });
  try {
    return await writeAction(db, ['exceptions', 'staff', 'orders', ...IMPORTED_WORK_TABLES], async (tx) => {
      await authorize(tx, 'importRecovery', actor, clock);
      const outbox = tx.table<OutboxRow, number>('outbox');
      const bases = tx.table<OutboxBaseRow, number>('outboxBases');
      const inbox = tx.table<ExceptionRow, string>('exceptions');
      const from = file.terminal;
      if (await getMeta(tx, metaKey.recoveryImported(file.checksum))) {
        return { queued: 0, skipped: file.mutations.length, exceptions: 0, alreadyImported: true, from };
      }

      const ids = [...file.mutations.map((m) => m.id), ...file.exceptions.map((e) => e.id)];
      const [inOutbox, inInbox] = await Promise.all([
        outbox.where('id').anyOf(ids).toArray(),
        inbox.where('id').anyOf(ids).toArray(),
      ]);
      const known = new Set([...inOutbox.map((r) => r.id), ...inInbox.map((r) => r.id)]);

      const fresh = [];
      for (const m of [...file.mutations].sort((a, b) => a.seq - b.seq)) {
        if (known.has(m.id)) continue;
        known.add(m.id);
        fresh.push(m);
      }
      // This terminal's next sequence numbers, one per mutation queued (the one allocator).
      const first = fresh.length ? await allocateSeq(tx, fresh.length) : 0;
      let queued = 0;
      for (const m of fresh) {
        const seq = first + queued;
        const entries = [];
        for (const ref of m.affects) {
          const { entity, key } = splitEntityRef(ref);
          const before = entity === 'order' ? ((await tx.table('orders').get(key)) ?? null) : null;
          entries.push({ ref, entity, key, data: before });
        }
        await bases.add({ seq, entries });
        await outbox.add({
          seq,
          id: m.id,
          type: m.type,
          payload: m.payload,
          staffId: m.staffId,
          createdAt: m.createdAt,
          affects: m.affects,
        });
        queued += 1;
      }
      await recordImportedWork(tx, here, fresh);

      let copied = 0;
      for (const e of file.exceptions) {
        if (known.has(e.id)) continue;
        known.add(e.id);
        await inbox.add({
          id: e.id,
          status: e.status,
          code: e.code,
          reason: e.reason,
          receivedAt: e.receivedAt,
          mutation: e.mutation,
          state: 'open',
          resolvedBy: null,
          resolvedAt: null,
        });
        copied += 1;
      }

      const at = isoAt(clock);
      const detail = {
        checksum: file.checksum,
        fromTerminal: from.terminalId,
        exportedAt: file.exportedAt,
        queued,
        skipped: file.mutations.length - queued,
        exceptions: copied,
        ...(actor.approval ? { approvedBy: actor.approval.by, approval: actor.approval } : {}),
      };
      await setMeta(tx, metaKey.recoveryImported(file.checksum), { at, by: actor.staffId, queued });
      // HQ hears of the import too: an audit.recorded mutation, logged locally under its own action.
      await recordAuditEvent(tx, 'recovery.imported', actor.staffId, {
        subject: `${from.storeId}/${from.terminalId}`,
        detail,
        clock,
      });
      return {
        queued,
        skipped: file.mutations.length - queued,
        exceptions: copied,
        alreadyImported: false,
        from,
      };
    });
  } catch (error) {
    if (error instanceof PermissionDeniedError) {
      if (await db.staff.get(actor.staffId)) {
        await logAuditEvent(db, 'staff.permissionDenied', actor.staffId, {
          subject: 'importRecovery',
          detail: { reason: error.reason },
          clock,
        }).catch(() => undefined);
      }
      throw new RecoveryError('manager-required', { reason: error.reason });
    }
    throw error;
  }
}
