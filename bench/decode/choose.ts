import type { EngineName } from './protocol';

/** B2's budget for the default engine's decode time per 640×480 frame. */
export const DECODE_BUDGET = { p50Ms: 5, p95Ms: 15 } as const;

export interface EngineFigures {
  engine: EngineName;
  p50Ms: number;
  p95Ms: number;
  /** Codes read correctly / frames holding a code. */
  readRate: number;
}

export const withinBudget = (f: EngineFigures) =>
  f.p50Ms <= DECODE_BUDGET.p50Ms && f.p95Ms <= DECODE_BUDGET.p95Ms;

/**
 * The engine B2 recommends as default: the best read rate among engines within
 * budget; when none is within budget, the best read rate overall (ties: faster p95).
 */
export function chooseDefaultEngine(figures: readonly EngineFigures[]): EngineName | null {
  const pool = figures.some(withinBudget) ? figures.filter(withinBudget) : figures;
  const best = [...pool].sort((a, b) => b.readRate - a.readRate || a.p95Ms - b.p95Ms)[0];
  return best?.engine ?? null;
}
