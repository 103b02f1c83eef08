import type { Transaction } from 'dexie';
import type { MutationType } from '@shared/contract';
import { type Clock, isoAt, systemClock } from '../clock';
import type { LinliDb } from '../database';
import { rethrowStorageError } from '../errors';
import type { Actor, AuditRow, EntityName, EntityRef, MetaRow, OutboxRow, ShadowRow } from '../types';
import type { TableName } from '../schema';
import { entityRef } from '../types';

/** Tables every mutating transaction needs besides the ones it changes. */
export const MUTATION_TABLES = ['outbox', 'meta', 'audit', 'shadows'] as const satisfies readonly TableName[];

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
 * with several windows writing. For each affected entity it remembers HQ's
 * version from before the first pending change (a `base` shadow), which is what
 * the entity returns to if HQ refuses the mutation.
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
  const shadows = tx.table<ShadowRow, string>('shadows');

  const seqRow = await meta.get('terminalSeq');
  const seq = (typeof seqRow?.value === 'number' ? seqRow.value : 0) + 1;
  await meta.put({ key: 'terminalSeq', value: seq });

  const refs: EntityRef[] = options.affects.map((a) => entityRef(a.entity, a.key));
  for (const [i, affected] of options.affects.entries()) {
    const ref = refs[i]!;
    if ((await shadows.get(ref)) === undefined) {
      const before = affected.before as { version?: number } | null | undefined;
      await shadows.add({
        ref,
        entity: affected.entity,
        key: affected.key,
        data: before ?? null,
        version: before?.version ?? null,
        source: 'base',
      });
    }
  }

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
 * outbox/meta/audit/shadow tables. Quota errors come out as `StorageFullError`.
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
