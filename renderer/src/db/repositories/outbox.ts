import type { Transaction } from 'dexie';
import type { MutationPayload, MutationType } from '@shared/contract';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { rethrowStorageError } from '../errors';
import { getMeta, setMeta } from '../meta';
import type { Actor, EntityName, EntityRef, OutboxBaseRow, OutboxRow } from '../types';
import type { TableName } from '../schema';
import { entityRef } from '../types';
import { appendAudit } from './auditEntry';

/** Tables every mutating transaction needs besides the ones it changes. */
export const MUTATION_TABLES = [
  'outbox',
  'outboxBases',
  'meta',
  'audit',
] as const satisfies readonly TableName[];

/** An entity the mutation changes, with its row as it was before (null: did not exist). */
export interface AffectedEntity {
  entity: EntityName;
  key: string;
  before: unknown;
}

/** How the mutation's audit row differs from the default (logged under the mutation's type, detail = payload). */
export interface AuditOverride {
  /** The entry's id (e.g. the `entryId` an `audit.recorded` payload names). */
  id?: string;
  /** Logged under this action instead of the mutation type. */
  action?: string;
  refs?: EntityRef[];
  at?: string;
}

export interface RecordOptions {
  affects: readonly AffectedEntity[];
  /** Extra audit detail; defaults to the payload. */
  detail?: unknown;
  audit?: AuditOverride;
  clock?: Clock;
}

/**
 * Hands out the terminal's next `count` sequence numbers inside the caller's
 * `rw` transaction (which must include `meta`) and returns the first. Reading
 * and writing the counter in the same transaction keeps it gap-free and
 * strictly increasing even with several windows writing. The only allocator:
 * `recordMutation` and the recovery import both use it.
 */
export async function allocateSeq(tx: Transaction, count = 1): Promise<number> {
  const { first, saved } = await reserveSeq(tx, count);
  await saved;
  return first;
}

/** allocateSeq's read, with the counter's write left in flight (awaited with the caller's other writes). */
async function reserveSeq(tx: Transaction, count: number): Promise<{ first: number; saved: Promise<void> }> {
  const last = (await getMeta(tx, 'terminalSeq')) ?? 0;
  return { first: last + 1, saved: setMeta(tx, 'terminalSeq', last + count) };
}

/**
 * Appends a mutation to the outbox and its audit row, inside the caller's `rw`
 * transaction (which must include `MUTATION_TABLES`). Typed by the contract:
 * the payload must be `MutationPayload<T>` of the given type, so a wrong
 * payload fails to compile rather than being set aside at push time. The
 * sequence comes from `allocateSeq`. The affected rows as they were before
 * are kept in `outboxBases` (same seq): what they return to if HQ refuses the
 * mutation.
 */
export async function recordMutation<T extends MutationType>(
  tx: Transaction,
  type: T,
  payload: MutationPayload<T>,
  actor: Actor,
  options: RecordOptions,
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  const outbox = tx.table<OutboxRow, number>('outbox');
  const bases = tx.table<OutboxBaseRow, number>('outboxBases');

  const { first: seq, saved } = await reserveSeq(tx, 1);
  const refs: EntityRef[] = options.affects.map((a) => entityRef(a.entity, a.key));
  const basesAdded = bases.add({
    seq,
    entries: options.affects.map((a, i) => ({
      ref: refs[i]!,
      entity: a.entity,
      key: a.key,
      data: a.before ?? null,
    })),
  });

  const createdAt = isoAt(clock);
  const row: OutboxRow = {
    seq,
    id: crypto.randomUUID(),
    type,
    payload,
    staffId: actor.staffId,
    createdAt,
    affects: refs,
  };
  // The writes go out together (one round trip to IndexedDB, not four); any failure aborts the transaction.
  await Promise.all([
    saved,
    basesAdded,
    outbox.add(row),
    appendAudit(tx, {
      ...(options.audit?.id ? { id: options.audit.id } : {}),
      at: options.audit?.at ?? createdAt,
      staffId: actor.staffId,
      action: options.audit?.action ?? type,
      refs: options.audit?.refs ?? refs,
      mutationId: row.id,
      detail: options.detail === undefined ? payload : options.detail,
    }),
  ]);
  return row;
}

/**
 * Runs one domain action in a single `rw` transaction over `tables` plus the
 * outbox/bases/meta/audit tables. Quota errors come out as `StorageFullError`.
 */
export async function writeAction<T>(
  db: LinliDb,
  tables: readonly TableName[],
  action: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const all = [...new Set<TableName>([...tables, ...MUTATION_TABLES])];
  try {
    return await db.transaction(
      'rw',
      all.map((t) => db.table(t)),
      (tx) => action(tx),
    );
  } catch (error) {
    rethrowStorageError(error);
  }
}

export interface PendingSummary {
  count: number;
  /** createdAt of the oldest unsynced mutation, or null when the outbox is empty. */
  oldestCreatedAt: string | null;
  /** The sequence of the newest unsynced mutation, or null when the outbox is empty. */
  newestSeq: number | null;
}

export async function pendingSummary(db: LinliDb): Promise<PendingSummary> {
  return db.transaction('r', db.outbox, async () => {
    const [count, oldest, newest] = await Promise.all([
      db.outbox.count(),
      db.outbox.orderBy('seq').first(),
      db.outbox.orderBy('seq').last(),
    ]);
    return { count, oldestCreatedAt: oldest?.createdAt ?? null, newestSeq: newest?.seq ?? null };
  });
}

/**
 * Whether a mutation was written between two looks at the outbox. Sequences only grow, so
 * a newer newest row means a new write — even when the count stayed the same because an
 * acknowledgement left between the two looks (a live query may skip the state in between).
 */
export function outboxGainedWrite(before: PendingSummary | null, after: PendingSummary): boolean {
  if (before === null || after.newestSeq === null) return false;
  return before.newestSeq === null || after.newestSeq > before.newestSeq;
}

/** The next batch to push: strictly after the last acknowledged sequence. */
export function nextBatch(outbox: LinliDb['outbox'], afterSeq: number, limit: number): Promise<OutboxRow[]> {
  return outbox.where('seq').above(afterSeq).limit(limit).toArray();
}
