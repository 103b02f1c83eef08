import type { Transaction } from 'dexie';
import type { MutationType } from '@shared/contract';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { rethrowStorageError } from '../errors';
import type { Actor, AuditRow, EntityName, EntityRef, MetaRow, OutboxBaseRow, OutboxRow } from '../types';
import type { TableName } from '../schema';
import { entityRef } from '../types';

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

export interface RecordOptions {
  affects: readonly AffectedEntity[];
  /** Extra audit detail; defaults to the payload. */
  detail?: unknown;
  clock?: Clock;
}

/**
 * Appends a mutation to the outbox and its audit row, inside the caller's `rw`
 * transaction (which must include `MUTATION_TABLES`). The sequence comes from
 * meta in the same transaction, so it is gap-free and strictly increasing even
 * with several windows writing. The affected rows as they were before are kept
 * in `outboxBases` (same seq): what they return to if HQ refuses the mutation.
 */
export async function recordMutation(
  tx: Transaction,
  type: MutationType,
  payload: unknown,
  actor: Actor,
  options: RecordOptions,
): Promise<OutboxRow> {
  const clock = options.clock ?? systemClock;
  const meta = tx.table<MetaRow, string>('meta');
  const outbox = tx.table<OutboxRow, number>('outbox');
  const audit = tx.table<AuditRow, string>('audit');
  const bases = tx.table<OutboxBaseRow, number>('outboxBases');

  const seqRow = await meta.get('terminalSeq');
  const seq = (typeof seqRow?.value === 'number' ? seqRow.value : 0) + 1;
  await meta.put({ key: 'terminalSeq', value: seq });

  const refs: EntityRef[] = options.affects.map((a) => entityRef(a.entity, a.key));
  await bases.add({
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
    state: 'pending',
    attempts: 0,
  };
  await outbox.add(row);
  await audit.add({
    id: crypto.randomUUID(),
    at: createdAt,
    staffId: actor.staffId,
    action: type,
    refs,
    mutationId: row.id,
    detail: options.detail ?? payload,
  });
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
}

export async function pendingSummary(db: LinliDb): Promise<PendingSummary> {
  return db.transaction('r', db.outbox, async () => {
    const [count, oldest] = await Promise.all([db.outbox.count(), db.outbox.orderBy('seq').first()]);
    return { count, oldestCreatedAt: oldest?.createdAt ?? null };
  });
}

/** The next batch to push: strictly after the last acknowledged sequence. */
export function nextBatch(outbox: LinliDb['outbox'], afterSeq: number, limit: number): Promise<OutboxRow[]> {
  return outbox.where('seq').above(afterSeq).limit(limit).toArray();
}
