/** How far a pull is, 0–100, floored (100 only once everything has arrived). */
export function pullPercent(pull: { changes: number; total: number | null }): number {
  if (!pull.total) return 0;
  return Math.min(100, Math.floor((pull.changes / pull.total) * 100));
}
