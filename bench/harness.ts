import os from 'node:os';

/**
 * One benchmark: `npm run bench -- <id>` runs it and prints each result as a
 * JSON line. A benchmark measures and reports against its budget; it never fails
 * the run because a budget was missed (that is for people to read).
 */
export interface Benchmark {
  id: string;
  title: string;
  run(): Promise<BenchResult[]>;
}

export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  /** Human-readable budget, e.g. "<= 1000"; null when the metric has none. */
  budget: string | null;
  ok: boolean | null;
  extra?: Record<string, unknown>;
}

export const machine = () => ({
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Builds a result with `ok` computed from an upper or lower bound. */
export function result(
  metric: string,
  value: number,
  unit: string,
  bound?: { max?: number; min?: number },
  extra?: Record<string, unknown>,
): BenchResult {
  const round = Math.round(value * 100) / 100;
  if (bound?.max !== undefined)
    return { metric, value: round, unit, budget: `<= ${bound.max}`, ok: value <= bound.max, extra };
  if (bound?.min !== undefined)
    return { metric, value: round, unit, budget: `>= ${bound.min}`, ok: value >= bound.min, extra };
  return { metric, value: round, unit, budget: null, ok: null, extra };
}
