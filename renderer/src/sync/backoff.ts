export interface BackoffPolicy {
  /** Delay before the first retry, ms. */
  baseMs: number;
  /** Upper bound of any delay, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Exponential backoff with "equal jitter": the n-th retry (n ≥ 1) waits between
 * half and all of min(max, base·2^(n−1)). The random half spreads terminals that
 * failed together (HQ restart) so they do not all come back in the same second;
 * the fixed half keeps a retry from firing immediately.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const n = Math.max(1, attempt);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
