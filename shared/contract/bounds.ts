import { z } from 'zod';

/**
 * What HQ's storage can hold, as contract rules (issue #15): a mutation that
 * breaks one is refused at the door instead of failing deep inside HQ's
 * database, where PostgreSQL refuses NUL in text and jsonb, `timestamptz` has
 * no year 0, and serialising very deep JSON runs out of stack. The bounds are
 * far beyond anything a store records, so existing valid data stays valid.
 */

/** 100 billion yuan in fen: above any sale, refund, float or day's total. */
export const MAX_FEN = 10_000_000_000_000;
/** Units or grams: a thousand tonnes. Quantities above stay safe integers after any sum HQ keeps. */
export const MAX_QTY = 1_000_000_000;
/** Stock HQ keeps per product (units or grams); a movement that would pass it is refused. */
export const MAX_STOCK_QTY = 1_000_000_000_000;
/** Dates a terminal may record: none before 2000 or from 2200 on. */
export const EARLIEST_DATE = Date.UTC(2000, 0, 1);
export const LATEST_DATE = Date.UTC(2200, 0, 1);
/** Nesting of free-form JSON (an audit entry's `detail`). */
export const MAX_DETAIL_DEPTH = 16;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored as text, or null: U+0000 or a lone surrogate (not well-formed UTF-16). */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains U+0000';
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate';
  return null;
}

/**
 * Walks a JSON value without recursion: the first string (or object key) that
 * cannot be stored, or nesting deeper than `maxDepth`, as a path and message.
 */
export function storableProblem(
  value: unknown,
  maxDepth = Infinity,
): { path: (string | number)[]; message: string } | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: v, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { path, message: problem };
    } else if (v !== null && typeof v === 'object') {
      if (path.length >= maxDepth) return { path, message: `nested deeper than ${maxDepth}` };
      if (Array.isArray(v)) v.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
      else
        for (const [key, item] of Object.entries(v)) {
          const problem = textProblem(key);
          if (problem) return { path: [...path, key], message: `key ${problem}` };
          stack.push({ value: item, path: [...path, key] });
        }
    }
  }
  return null;
}

/** Adds an issue for every unstorable string in the value (zod `superRefine`). */
export function refineStorable(maxDepth = Infinity) {
  return (value: unknown, ctx: z.RefinementCtx) => {
    const problem = storableProblem(value, maxDepth);
    if (problem) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  };
}

/** An ISO 8601 instant within the dates a terminal may record. */
export const boundedDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine(
    (s) => {
      const t = Date.parse(s);
      return t >= EARLIEST_DATE && t < LATEST_DATE;
    },
    { message: 'date out of range (2000–2199)' },
  )
  .describe('ISO 8601 date-time, 2000-01-01 to 2199-12-31');
