/**
 * When the next sync cycle runs: at once, after a local write (debounced),
 * at the poll interval when all is well, with backoff and jitter after a
 * failure, and — while HQ is unreachable — only after its health ping
 * answers. Cycles never overlap.
 */
import type { Clock } from '../db/clock';
import { type BackoffPolicy, backoffDelay } from './backoff';

export interface SchedulerOptions<T> {
  clock: Clock;
  backoff: BackoffPolicy;
  /** [0, 1) source for backoff jitter. */
  random: () => number;
  /** Pull for HQ changes this often when idle and online. */
  pollIntervalMs: number;
  /** While offline, ping HQ's health at most this far apart. */
  healthIntervalMs: number;
  /** A write made while a cycle runs goes out this long after it. */
  outboxDebounceMs: number;
  isStopped(): boolean;
  /** True when HQ must answer a ping before the next cycle (offline or unknown). */
  needsPing(): boolean;
  ping(): Promise<boolean>;
  cycle(): Promise<T>;
}

export interface Scheduler<T> {
  /** Runs cycles until stopped. */
  loop(): Promise<void>;
  /** Runs a cycle now, after the one in flight if any. */
  runExclusive(): Promise<T>;
  /** The cycle in flight, if any. */
  readonly current: Promise<T> | null;
  /** Cuts the current wait short. */
  wake(): void;
  /** Next run as soon as the loop looks (start). */
  runFromStart(): void;
  /** A fresh start after a recovery (back online, new key): no backoff, run now. */
  runNow(): void;
  /** A cycle begins. */
  cycleStarted(): void;
  /** A cycle succeeded: next at the poll, or soon if a write landed meanwhile. */
  succeeded(): void;
  /** A cycle failed: next after backoff; returns when. */
  failed(): number;
  /** No run until `runNow` (e.g. until a new key). */
  hold(): void;
  /** A local write: run soon unless backing off; during a cycle, right after it. */
  requestSoon(delayMs: number): void;
}

export function createScheduler<T>(options: SchedulerOptions<T>): Scheduler<T> {
  const { clock, backoff, random, pollIntervalMs, healthIntervalMs, outboxDebounceMs } = options;
  /** Consecutive failed cycles/pings, for backoff. */
  let attempt = 0;
  let nextRunAt = 0;
  /** A local write arrived while a cycle was running: run again soon after it, not at the poll. */
  let writtenDuringCycle = false;
  let wakeUp: (() => void) | null = null;
  let current: Promise<T> | null = null;

  function wake(): void {
    const w = wakeUp;
    wakeUp = null;
    w?.();
  }

  function sleepUntil(at: number): Promise<void> {
    return new Promise((resolve) => {
      const ms = at - clock.now();
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, ms)) : null;
      function done() {
        if (timer !== null) clearTimeout(timer);
        if (wakeUp === done) wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  function runExclusive(): Promise<T> {
    const run = (current ?? Promise.resolve()).then(options.cycle, options.cycle);
    current = run;
    void run.finally(() => {
      if (current === run) current = null;
      wake();
    });
    return run;
  }

  return {
    async loop() {
      while (!options.isStopped()) {
        if (clock.now() < nextRunAt) {
          await sleepUntil(nextRunAt);
          continue;
        }
        if (options.needsPing()) {
          if (!(await options.ping())) {
            attempt++;
            nextRunAt = clock.now() + Math.min(backoffDelay(attempt, backoff, random), healthIntervalMs);
            continue;
          }
        }
        if (options.isStopped()) break;
        await runExclusive();
      }
    },
    runExclusive,
    get current() {
      return current;
    },
    wake,
    runFromStart() {
      nextRunAt = 0;
    },
    runNow() {
      attempt = 0;
      nextRunAt = clock.now();
      wake();
    },
    cycleStarted() {
      writtenDuringCycle = false;
    },
    succeeded() {
      attempt = 0;
      // A write that landed while this cycle was under way goes out now, not at the next poll.
      nextRunAt = clock.now() + (writtenDuringCycle ? outboxDebounceMs : pollIntervalMs);
    },
    failed() {
      attempt++;
      nextRunAt = clock.now() + backoffDelay(attempt, backoff, random);
      return nextRunAt;
    },
    hold() {
      nextRunAt = Number.POSITIVE_INFINITY;
    },
    requestSoon(delayMs) {
      if (attempt > 0) return;
      if (current) writtenDuringCycle = true;
      nextRunAt = Math.min(nextRunAt, clock.now() + delayMs);
      wake();
    },
  };
}
