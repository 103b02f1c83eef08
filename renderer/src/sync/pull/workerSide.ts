/**
 * Runs inside the pull worker: its side of the conversation. Runs `runPull`
 * for each request on its own connection to the database (one per name, kept
 * open) and reports progress, the result or a classified failure. Kept apart
 * from the worker entry (`workerSide.entry.ts`) so tests drive it directly.
 */
import { LinliDb } from '../../db/database';
import { classifyFailure, runPull } from './loop';
import { type PullWorkerRequest, type PullWorkerResponse, WORKER_TRANSACTION_ROWS } from './protocol';

export interface PullHostOptions {
  post(message: PullWorkerResponse): void;
  fetch: typeof fetch;
  openDb?: (name: string) => LinliDb;
}

export function createPullHost({
  post,
  fetch: fetchFn,
  openDb = (name) => new LinliDb(name),
}: PullHostOptions) {
  const dbs = new Map<string, LinliDb>();
  const dbFor = (name: string) => {
    let db = dbs.get(name);
    if (!db) {
      db = openDb(name);
      dbs.set(name, db);
    }
    return db;
  };
  return {
    async handle(message: PullWorkerRequest): Promise<void> {
      if (message.type === 'warm') {
        // A failure here is the pull's to report, when one runs.
        await dbFor(message.dbName)
          .open()
          .catch(() => undefined);
        return;
      }
      const { id } = message;
      try {
        const changes = await runPull(
          {
            db: dbFor(message.dbName),
            fetch: fetchFn,
            // Nothing else runs on this thread: no yields, one request batch per table.
            yieldToUi: () => Promise.resolve(),
            writeSlice: Number.POSITIVE_INFINITY,
            validateSlice: Number.POSITIVE_INFINITY,
            transactionRows: WORKER_TRANSACTION_ROWS,
          },
          message.request,
          (progress) => post({ type: 'progress', id, progress }),
        );
        post({ type: 'done', id, changes });
      } catch (error) {
        const failure = classifyFailure(error);
        post({
          type: 'failed',
          id,
          kind: failure.kind,
          message: failure.message,
          ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
        });
      }
    },
    close(): void {
      for (const db of dbs.values()) db.close();
      dbs.clear();
    },
  };
}
