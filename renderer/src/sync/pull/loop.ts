/**
 * The pull: HQ's change feed, page after page, from the stored cursor to the
 * end — each page validated against the contract, then applied with its
 * cursor in one transaction. The next page is fetched while the current one
 * is validated and written.
 *
 * Runs on either side: where a `PullRunner` puts it — on the UI thread (`inThreadPullRunner`:
 * tests, and any context without workers), or in a dedicated worker with its
 * own connection to the same database (`uiSide.ts` starts it, `workerSide.ts` runs it: the app), where a
 * first pull of 70k changes does not hold up a single keystroke.
 */
import { API_PATHS, type ChangesPage, type FirstSyncProgress } from '@shared/contract';
import type { LinliDb } from '../../db/database';
import { isQuotaError } from '../../db/errors';
import { getMeta } from '../../db/meta';
import { applyPullPage, UI_WRITE_SLICE } from '../apply';
import { type HqClientOptions, hqRequest, SyncFailure } from '../http';
import { validateChangesPage } from '../validate';

/** What a pull needs to know; plain data, so it crosses to a worker as is. */
export interface PullRequest {
  hqUrl: string;
  apiKey: string;
  storeId: string;
  /** Changes per page (and per transaction). */
  pageSize: number;
  requestTimeoutMs: number;
}

/** After each applied page. Times in ms: `pageMs` writing it, `fetchMs` waiting for it, `validateMs` checking it. */
export interface PullProgress {
  pages: number;
  changes: number;
  /** Changes this pull will bring, as HQ counted them at its first page (null: HQ did not say). */
  total: number | null;
  hasMore: boolean;
  pageMs: number;
  fetchMs: number;
  validateMs: number;
  /** On a prioritised first sync's pages: its stages so far. */
  firstSync?: FirstSyncProgress;
}

/** Runs a whole pull and resolves with the number of changes applied; rejects with a `SyncFailure`. */
export type PullRunner = (
  request: PullRequest,
  onProgress: (progress: PullProgress) => void,
) => Promise<number>;

export interface PullEnvironment {
  db: LinliDb;
  fetch: typeof fetch;
  /** Lets other work run between pages and validation slices; a worker needs none. */
  yieldToUi?: () => Promise<void>;
  /** Rows per IndexedDB request batch (UI thread: small, so no task runs long). */
  writeSlice?: number;
  /** Changes validated between two yields. */
  validateSlice?: number;
  /** Changes per write transaction (a page is split; see `applyPullPage`); default the whole page. */
  transactionRows?: number;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Any failure as a `SyncFailure` (quota errors from IndexedDB included). */
export function classifyFailure(error: unknown): SyncFailure {
  if (error instanceof SyncFailure) return error;
  if (isQuotaError(error)) return new SyncFailure('quota', 'storage full', undefined, { cause: error });
  return new SyncFailure('unknown', String(error), undefined, { cause: error });
}

export async function runPull(
  env: PullEnvironment,
  request: PullRequest,
  onProgress: (progress: PullProgress) => void,
): Promise<number> {
  const {
    db,
    yieldToUi = macrotask,
    writeSlice = UI_WRITE_SLICE,
    validateSlice = 250,
    transactionRows = Number.POSITIVE_INFINITY,
  } = env;
  const client: HqClientOptions = {
    hqUrl: request.hqUrl,
    apiKey: () => request.apiKey,
    fetch: env.fetch,
    timeoutMs: request.requestTimeoutMs,
  };

  async function fetchPage(
    cursor: string,
    countRemaining = false,
  ): Promise<{ page: ChangesPage; fetchMs: number; validateMs: number }> {
    const query = new URLSearchParams({ limit: String(request.pageSize) });
    if (cursor) query.set('cursor', cursor);
    // A terminal's first pull: HQ serves what the counter needs first (an HQ without it ignores this).
    else query.set('first', 'priority');
    if (countRemaining) query.set('count', 'remaining');
    const started = performance.now();
    const body = await hqRequest(client, 'GET', `${API_PATHS.changes(request.storeId)}?${query.toString()}`);
    const fetched = performance.now();
    const parsed = await validateChangesPage(body, { sliceSize: validateSlice, yieldToUi });
    if (!parsed.ok)
      throw new SyncFailure('invalid-response', `changes page breaks the contract: ${parsed.message}`);
    return { page: parsed.value, fetchMs: fetched - started, validateMs: performance.now() - fetched };
  }

  let pages = 0;
  let changes = 0;
  let total: number | null = null;
  // Only the first page asks HQ to count what follows (a count walks the feed).
  let next = fetchPage((await getMeta(db.meta, 'pullCursor')) ?? '', true);
  for (;;) {
    const { page, fetchMs, validateMs } = await next;
    if (pages === 0 && page.remaining !== undefined) total = page.changes.length + page.remaining;
    // Fetch the next page while this one is written.
    const prefetch = page.hasMore ? fetchPage(page.cursor) : null;
    prefetch?.catch(() => undefined);
    const started = performance.now();
    await applyPullPage(db, page.changes, page.cursor, {
      writeSlice,
      transactionRows,
      ...(page.firstSync ? { firstSync: page.firstSync } : {}),
    });
    const pageMs = performance.now() - started;
    pages++;
    changes += page.changes.length;
    // Changes HQ wrote meanwhile come on top of its count: the total never falls below what arrived.
    if (total !== null) total = page.hasMore ? Math.max(total, changes + 1) : changes;
    onProgress({
      pages,
      changes,
      total,
      hasMore: page.hasMore,
      pageMs,
      fetchMs,
      validateMs,
      ...(page.firstSync ? { firstSync: page.firstSync } : {}),
    });
    if (!prefetch) return changes;
    await yieldToUi();
    next = prefetch;
  }
}

/** The pull on this thread, in small slices with yields between them. */
export function inThreadPullRunner(db: LinliDb, fetchFn: typeof fetch): PullRunner {
  return (request, onProgress) => runPull({ db, fetch: fetchFn }, request, onProgress);
}
