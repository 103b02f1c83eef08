/**
 * The push: the outbox to HQ in sequence order, one batch per request, each
 * result recorded (applied/duplicate leave the outbox, refusals go to the
 * exceptions inbox). Rows that break the contract are parked, never sent.
 */
import {
  API_PATHS,
  type MutationResult,
  mutationSchema,
  type PushRequest,
  pushResponseSchema,
} from '@shared/contract';
import type { Clock } from '../db/clock';
import type { LinliDb } from '../db/database';
import { nextBatch } from '../db/repositories/outbox';
import type { OutboxRow } from '../db/types';
import { applyPushResults, type PushTally } from './apply';
import { type HqClientOptions, hqRequest, SyncFailure } from './http';

export type PushTotals = PushTally & { pushed: number };

export interface PushOptions {
  db: LinliDb;
  client: HqClientOptions;
  storeId: string;
  terminalId: string;
  /** Mutations per push request (500–1000 measured best; 100 was ~2× slower). */
  batchSize: number;
  clock: Clock;
  logger: Pick<Console, 'error'>;
  /** After each batch's results are written. */
  onProgress(totals: PushTotals): void;
}

/**
 * Pushes the outbox in sequence order, one batch per request, and resolves
 * with the number of mutations sent. Pipelined: while HQ works on batch n,
 * batch n+1 is read and checked; once n's answer is in, its results are
 * written while n+1 is already on its way (HQ still receives the batches one
 * after the other, in order).
 */
export async function pushOutbox(options: PushOptions): Promise<number> {
  const { db, client, storeId, terminalId, batchSize, clock, logger, onProgress } = options;

  /** Reads the next batch after `afterSeq` and splits off rows that break the contract. */
  async function prepareBatch(afterSeq: number) {
    const batch = await nextBatch(db.outbox, afterSeq, batchSize);
    return batch.length === 0 ? null : { batch, ...splitValid(batch) };
  }

  const totals: PushTotals = { pushed: 0, applied: 0, duplicate: 0, rejected: 0, conflict: 0 };
  let writing: Promise<void> = Promise.resolve();
  let prepared = prepareBatch(0);
  try {
    for (;;) {
      const next = await prepared;
      if (!next) break;
      const { batch, valid, invalid } = next;
      const lastSeq = batch.at(-1)!.seq;
      if (invalid.length > 0) {
        // A row that cannot pass the contract would make HQ refuse the whole batch forever: park it.
        logger.error(
          '[sync] outbox rows that break the contract go to the exceptions inbox',
          invalid.map((r) => r.row.id),
        );
      }
      const answer =
        valid.length > 0
          ? hqRequest(client, 'POST', API_PATHS.mutations(storeId), {
              terminalId,
              mutations: valid.map(toWire),
            } satisfies PushRequest)
          : Promise.resolve(null);
      prepared = prepareBatch(lastSeq);
      prepared.catch(() => undefined);
      const body = await answer;
      const results = [
        ...invalid.map((r) => r.result),
        ...(body === null ? [] : validatePushResponse(body, valid)),
      ];
      totals.pushed += valid.length;
      // Results are written in batch order: wait for the previous batch's write first.
      await writing;
      writing = applyPushResults(db, batch, results, clock).then((tally) => {
        for (const key of ['applied', 'duplicate', 'rejected', 'conflict'] as const)
          totals[key] += tally[key];
        onProgress({ ...totals });
      });
    }
  } finally {
    // Whatever happened to a later batch, an answered one is recorded (fewer duplicates on retry).
    await writing.catch(() => undefined);
  }
  await writing;
  return totals.pushed;
}

function toWire(row: OutboxRow): PushRequest['mutations'][number] {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    payload: row.payload,
    staffId: row.staffId,
    createdAt: row.createdAt,
  } as PushRequest['mutations'][number];
}

function splitValid(batch: readonly OutboxRow[]) {
  const valid: OutboxRow[] = [];
  const invalid: { row: OutboxRow; result: MutationResult }[] = [];
  for (const row of batch) {
    const parsed = mutationSchema.safeParse(toWire(row));
    if (parsed.success) valid.push(row);
    else {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      invalid.push({ row, result: { id: row.id, status: 'rejected', code: 'invalid_local', reason } });
    }
  }
  return { valid, invalid };
}

function validatePushResponse(body: unknown, sent: readonly OutboxRow[]): MutationResult[] {
  const parsed = pushResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new SyncFailure('invalid-response', `push response breaks the contract: ${parsed.error.message}`);
  }
  const { results } = parsed.data;
  const sentIds = new Set(sent.map((r) => r.id));
  const answered = new Set(results.map((r) => r.id));
  if (
    results.length !== sent.length ||
    answered.size !== sent.length ||
    ![...answered].every((id) => sentIds.has(id))
  ) {
    throw new SyncFailure('invalid-response', 'push response does not answer exactly the mutations sent');
  }
  return results;
}
