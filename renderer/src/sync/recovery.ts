/**
 * Disaster recovery: everything this terminal has not delivered to HQ yet,
 * saved to a file that another terminal of the same store can import.
 *
 *   const file = await exportRecovery(db, { staffId });     // outbox + open exceptions
 *   downloadRecoveryFile(file);                              // browser: Blob + a[download]
 *   const parsed = await parseRecoveryFile(text);            // zod + checksum; never throws
 *   await importRecovery(db, parsed.file, actor);            // manager only, audited
 *
 * The file carries a format name and version, the exporting terminal's
 * identity (HQ URL, store, terminal), the export time, the outbox mutations
 * (with their ids, HQ's idempotency keys) and the open exceptions, sealed with
 * a SHA-256 over the canonical JSON of everything else. Import refuses a file
 * that is not one, of an unknown version, altered, from another store or
 * another HQ. Imported mutations keep their ids and get this terminal's next
 * sequence numbers: HQ applies each exactly once, whichever terminal delivers
 * it first. A mutation already in the outbox or the inbox is skipped, and a
 * file already imported is recognised by its checksum, so importing twice
 * queues nothing twice.
 */
import { z } from 'zod';
import { MUTATION_TYPES, type MutationType } from '@shared/contract';
import { PermissionDeniedError } from '@shared/staff/roles';
import { type Clock, isoAt, systemClock } from '../db/clock';
import type { LinliDb } from '../db/database';
import { logAuditEvent, recordAuditEvent } from '../db/repositories/audit';
import { recordAudit } from '../db/repositories/exceptions';
import { writeAction } from '../db/repositories/outbox';
import { authorize, type PrivilegedActor } from '../db/repositories/staff';
import { getTerminalIdentity } from '../db/repositories/terminal';
import type {
  Actor,
  EntityName,
  EntityRef,
  ExceptionRow,
  MetaRow,
  OutboxBaseRow,
  OutboxRow,
  TerminalIdentity,
} from '../db/types';

export const RECOVERY_FORMAT = 'linli-counter.recovery';
export const RECOVERY_VERSION = 1;

const entityRefSchema = z.string().regex(/^[a-zA-Z]+:.+$/) as unknown as z.ZodType<EntityRef>;

/** A mutation as the outbox holds it (payloads are checked by the sync engine as usual). */
const recoveryMutationSchema = z.object({
  id: z.uuid(),
  seq: z.number().int().min(1),
  type: z.enum(MUTATION_TYPES as [MutationType, ...MutationType[]]),
  payload: z.unknown(),
  staffId: z.string().min(1).max(32),
  createdAt: z.string().min(1),
  affects: z.array(entityRefSchema),
});
export type RecoveryMutation = z.infer<typeof recoveryMutationSchema>;

const recoveryExceptionSchema = z.object({
  id: z.uuid(),
  status: z.enum(['rejected', 'conflict']),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  receivedAt: z.string(),
  mutation: recoveryMutationSchema,
});
export type RecoveryException = z.infer<typeof recoveryExceptionSchema>;

export const recoveryFileSchema = z.object({
  format: z.literal(RECOVERY_FORMAT),
  version: z.literal(RECOVERY_VERSION),
  terminal: z.object({ hqUrl: z.string().min(1), storeId: z.string().min(1), terminalId: z.string().min(1) }),
  exportedAt: z.iso.datetime({ offset: true }),
  exportedBy: z.string().nullable(),
  mutations: z.array(recoveryMutationSchema),
  exceptions: z.array(recoveryExceptionSchema),
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RecoveryFile = z.infer<typeof recoveryFileSchema>;

export type RecoveryErrorKind =
  | 'not-json'
  | 'unknown-format'
  | 'unsupported-version'
  | 'invalid'
  | 'checksum-mismatch'
  | 'foreign-store'
  | 'foreign-hq'
  | 'no-terminal'
  | 'manager-required';

/** Why a recovery file was refused; nothing was written. `kind` maps to a message in `sync.recovery.error`. */
export class RecoveryError extends Error {
  constructor(
    readonly kind: RecoveryErrorKind,
    readonly detail: Record<string, string> = {},
  ) {
    super(`recovery: ${kind}${Object.keys(detail).length ? ` ${JSON.stringify(detail)}` : ''}`);
    this.name = 'RecoveryError';
  }
}

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The checksum of a file: SHA-256 of the canonical JSON of everything but the checksum. */
export function recoveryChecksum(
  file: Omit<RecoveryFile, 'checksum'> & { checksum?: string },
): Promise<string> {
  const { checksum: _ignored, ...content } = file;
  return sha256Hex(canonicalJson(content));
}

const toRecoveryMutation = (row: OutboxRow): RecoveryMutation => ({
  id: row.id,
  seq: row.seq,
  type: row.type,
  payload: row.payload,
  staffId: row.staffId,
  createdAt: row.createdAt,
  affects: row.affects,
});

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
      recordAudit(
        tx,
        'recovery.exported',
        actor,
        [],
        { checksum: file.checksum, mutations: file.mutations.length, exceptions: file.exceptions.length },
        clock,
      ),
    ).catch(() => undefined);
  }
  return file;
}

export const serializeRecovery = (file: RecoveryFile): string => `${JSON.stringify(file, null, 1)}\n`;

/** `linli-recovery-S001-T1-20261124T163700Z.json` */
export function recoveryFileName(file: Pick<RecoveryFile, 'terminal' | 'exportedAt'>): string {
  const stamp = file.exportedAt.replace(/\.\d+/, '').replace(/[-:]/g, '');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
  return `linli-recovery-${safe(file.terminal.storeId)}-${safe(file.terminal.terminalId)}-${stamp}.json`;
}

/** Saves the file through the browser's download (the Electron shell shows its save dialog). */
export function downloadRecoveryFile(file: RecoveryFile, doc: Document = document): string {
  const name = recoveryFileName(file);
  const url = URL.createObjectURL(new Blob([serializeRecovery(file)], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return name;
}

export type ParseResult = { ok: true; file: RecoveryFile } | { ok: false; error: RecoveryError };

/** Reads a recovery file's text: JSON, format, version, schema, checksum. Never throws. */
export async function parseRecoveryFile(text: string): Promise<ParseResult> {
  const fail = (kind: RecoveryErrorKind, detail?: Record<string, string>): ParseResult => ({
    ok: false,
    error: new RecoveryError(kind, detail),
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('not-json');
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== RECOVERY_FORMAT)
    return fail('unknown-format');
  const version = (raw as { version?: unknown }).version;
  if (version !== RECOVERY_VERSION) return fail('unsupported-version', { version: String(version) });
  const parsed = recoveryFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('invalid', { path: issue?.path.join('.') ?? '', message: issue?.message ?? '' });
  }
  // The checksum covers the content as written (parsing drops nothing: every field is declared).
  const { checksum, ...content } = raw as RecoveryFile;
  if ((await sha256Hex(canonicalJson(content))) !== checksum) return fail('checksum-mismatch');
  return { ok: true, file: parsed.data };
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

const importedKey = (checksum: string) => `recovery:imported:${checksum}`;
const sameHq = (a: string, b: string) => {
  const norm = (u: string) => {
    try {
      return new URL(u).href.replace(/\/+$/, '');
    } catch {
      return u.trim().replace(/\/+$/, '');
    }
  };
  return norm(a) === norm(b);
};

const splitRef = (ref: EntityRef): { entity: EntityName; key: string } => {
  const at = ref.indexOf(':');
  return { entity: ref.slice(0, at) as EntityName, key: ref.slice(at + 1) };
};

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
    return await writeAction(db, ['exceptions', 'staff', 'orders'], async (tx) => {
      await authorize(tx, 'importRecovery', actor, clock);
      const meta = tx.table<{ key: string; value: unknown }, string>('meta');
      const outbox = tx.table<OutboxRow, number>('outbox');
      const bases = tx.table<OutboxBaseRow, number>('outboxBases');
      const inbox = tx.table<ExceptionRow, string>('exceptions');
      const from = file.terminal;
      if (await meta.get(importedKey(file.checksum))) {
        return { queued: 0, skipped: file.mutations.length, exceptions: 0, alreadyImported: true, from };
      }

      const ids = [...file.mutations.map((m) => m.id), ...file.exceptions.map((e) => e.id)];
      const [inOutbox, inInbox] = await Promise.all([
        outbox.where('id').anyOf(ids).toArray(),
        inbox.where('id').anyOf(ids).toArray(),
      ]);
      const known = new Set([...inOutbox.map((r) => r.id), ...inInbox.map((r) => r.id)]);

      const seqRow = await meta.get('terminalSeq');
      let seq = typeof seqRow?.value === 'number' ? seqRow.value : 0;
      let queued = 0;
      const sorted = [...file.mutations].sort((a, b) => a.seq - b.seq);
      for (const m of sorted) {
        if (known.has(m.id)) continue;
        known.add(m.id);
        seq += 1;
        const entries = [];
        for (const ref of m.affects) {
          const { entity, key } = splitRef(ref);
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
          state: 'pending',
          attempts: 0,
        });
        queued += 1;
      }
      await meta.put({ key: 'terminalSeq', value: seq } satisfies MetaRow<'terminalSeq'>);

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
          mutation: { ...e.mutation, state: 'pending', attempts: 0 },
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
      await meta.put({ key: importedKey(file.checksum), value: { at, by: actor.staffId, queued } });
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
