/**
 * Splitting an amount across lines so the parts always add up: a whole-sale
 * discount shared by the lines, in proportion to their amounts, by the largest
 * remainder method (each line gets the floor of its exact share, then the fen
 * left over go one each to the largest fractional parts, ties to the earlier
 * line). Integer arithmetic throughout (BigInt for the products, which can pass
 * 2^53 for large amounts).
 */
export function allocateByLargestRemainder(amountFen: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountFen)) throw new RangeError(`amount must be integer fen: ${amountFen}`);
  if (weights.length === 0) {
    if (amountFen !== 0) throw new RangeError('nothing to allocate to');
    return [];
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be fen ≥ 0');
  const total = weights.reduce((s, w) => s + w, 0);
  const sign = amountFen < 0 ? -1n : 1n;
  const amount = BigInt(Math.abs(amountFen));
  if (total === 0) {
    // Nothing to weigh by: equal shares, the remainder to the first lines.
    const n = BigInt(weights.length);
    return weights.map((_, i) => Number(sign * (amount / n + (BigInt(i) < amount % n ? 1n : 0n))));
  }
  const W = BigInt(total);
  const parts = weights.map((w, index) => {
    const exact = amount * BigInt(w);
    return { index, floor: exact / W, remainder: exact % W };
  });
  let left = amount - parts.reduce((s, p) => s + p.floor, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (left === 0n) break;
    part.floor += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(sign * p.floor));
}
