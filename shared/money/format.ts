/**
 * Money is integer fen (分) everywhere; this is the one place it becomes text.
 * ¥ with two decimals, grouped as the UI language groups numbers.
 */

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: string): Intl.NumberFormat {
  let f = formats.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    formats.set(language, f);
  }
  return f;
}

/** ¥12.30 / -¥0.50. Division happens only here, for display. */
export function formatFen(fen: number, language = 'zh-CN'): string {
  const sign = fen < 0 ? '-' : '';
  return `${sign}¥${numberFormat(language).format(Math.abs(fen) / 100)}`;
}

/** 12.30 — for CSV and inputs: no symbol, no grouping, always a dot. */
export function fenToDecimal(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.3" / "12" / "¥12.30" → 1230 fen; null when it is not an amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  const m = /^\s*[¥￥]?\s*(-)?(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}
