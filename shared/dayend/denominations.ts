/**
 * Cash in the drawer by denomination (人民币): ¥100 … ¥0.1, notes and coins.
 * A count is pieces per denomination; the amount is always integer fen.
 */

export interface Denomination {
  /** Stable key of the count record and the `shift.closed` payload's field (`note-100`). */
  id: string;
  fen: number;
  kind: 'note' | 'coin';
}

/** Every denomination a drawer may hold, largest first (the order of the count form). */
export const DENOMINATIONS: readonly Denomination[] = [
  { id: 'note-100', fen: 10_000, kind: 'note' },
  { id: 'note-50', fen: 5_000, kind: 'note' },
  { id: 'note-20', fen: 2_000, kind: 'note' },
  { id: 'note-10', fen: 1_000, kind: 'note' },
  { id: 'note-5', fen: 500, kind: 'note' },
  { id: 'note-1', fen: 100, kind: 'note' },
  { id: 'coin-1', fen: 100, kind: 'coin' },
  { id: 'note-0.5', fen: 50, kind: 'note' },
  { id: 'coin-0.5', fen: 50, kind: 'coin' },
  { id: 'note-0.1', fen: 10, kind: 'note' },
  { id: 'coin-0.1', fen: 10, kind: 'coin' },
];

const BY_ID = new Map(DENOMINATIONS.map((d) => [d.id, d]));

/** Pieces per denomination id; a missing id counts as none. */
export type DenominationCount = Readonly<Record<string, number>>;

/** The most pieces of one denomination a drawer count accepts (a typo guard, not a business limit). */
export const MAX_PIECES = 100_000;

export type PiecesParse =
  { ok: true; pieces: number } | { ok: false; reason: 'not-a-number' | 'negative' | 'too-many' };

/**
 * What a person typed into one denomination's field: empty is 0; only whole
 * non-negative numbers (full-width digits too) are pieces. Letters, decimals
 * and negative numbers are refused with the reason.
 */
export function parsePieces(text: string): PiecesParse {
  const t = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48)).trim();
  if (t === '') return { ok: true, pieces: 0 };
  if (/^[-−－]\s*\d+$/.test(t)) return { ok: false, reason: 'negative' };
  if (!/^\d+$/.test(t)) return { ok: false, reason: 'not-a-number' };
  const pieces = Number(t);
  if (pieces > MAX_PIECES) return { ok: false, reason: 'too-many' };
  return { ok: true, pieces };
}

export class InvalidCountError extends Error {
  readonly kind = 'invalid-count' as const;
  constructor(
    readonly denominationId: string,
    readonly reason: 'unknown-denomination' | 'not-a-number' | 'negative' | 'too-many',
  ) {
    super(`invalid count for ${denominationId}: ${reason}`);
    this.name = 'InvalidCountError';
  }
}

/** Throws `InvalidCountError` unless every entry is a known denomination with a whole, non-negative count. */
export function validateCount(count: DenominationCount): void {
  for (const [id, pieces] of Object.entries(count)) {
    if (!BY_ID.has(id)) throw new InvalidCountError(id, 'unknown-denomination');
    if (typeof pieces !== 'number' || !Number.isInteger(pieces))
      throw new InvalidCountError(id, 'not-a-number');
    if (pieces < 0) throw new InvalidCountError(id, 'negative');
    if (pieces > MAX_PIECES) throw new InvalidCountError(id, 'too-many');
  }
}

/** The amount of a count in fen. Validates first: a bad count never becomes a number. */
export function sumDenominations(count: DenominationCount): number {
  validateCount(count);
  let fen = 0;
  for (const [id, pieces] of Object.entries(count)) fen += BY_ID.get(id)!.fen * pieces;
  return fen;
}

/** The count as the `shift.closed` payload carries it: fen value → pieces (notes and coins of one value together). */
export function countByValue(count: DenominationCount): Record<string, number> {
  validateCount(count);
  const out: Record<string, number> = {};
  for (const [id, pieces] of Object.entries(count)) {
    if (pieces === 0) continue;
    const key = String(BY_ID.get(id)!.fen);
    out[key] = (out[key] ?? 0) + pieces;
  }
  return out;
}
