/**
 * Text normalisation applied to every scan before it is parsed. Scanners and
 * keyboards in a Chinese shop deliver odd text: an IME left in full-width mode
 * turns `L123` into `Ｌ１２３` and `.` into `。`, some scanners prefix an AIM
 * symbology identifier (`]C1`, `]Q1`), and a mis-set scanner adds CR/LF/GS.
 */

/** Full-width ASCII block U+FF01–U+FF5E maps to U+0021–U+007E by this offset. */
const FULL_WIDTH_OFFSET = 0xfee0;

/** Punctuation a Chinese IME substitutes for the ASCII a code needs. */
const PUNCTUATION: Readonly<Record<string, string>> = {
  '\u3000': ' ', // ideographic space
  '\u3002': '.', // 。 ideographic full stop (LT1。… from an IME)
  '\uff61': '.', // ｡ half-width ideographic full stop
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\u30fc': '-', // ー katakana prolonged sound mark, typed for a dash
};

/** Maps one character (a code point) to its half-width ASCII form when it has one. */
export function toHalfWidthChar(char: string): string {
  const code = char.codePointAt(0);
  if (code === undefined) return char;
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - FULL_WIDTH_OFFSET);
  return PUNCTUATION[char] ?? char;
}

/** Full-width → half-width for a whole string. */
export function toHalfWidth(text: string): string {
  let out = '';
  for (const char of text) out += toHalfWidthChar(char);
  return out;
}

/**
 * Control (Cc) and format (Cf: zero-width space, BOM, bidi marks) characters
 * and lone surrogates: never part of a printed code.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/** An AIM symbology identifier some scanners are configured to send first. */
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/** Trim, strip control/format characters, full-width → half-width, drop an AIM prefix. */
export function normalizeScan(raw: string): string {
  const text = toHalfWidth(raw.replace(INVISIBLE, '')).trim();
  return text.replace(AIM_PREFIX, '').trim();
}

/** Text safe to show a user: invisible characters removed, cut to `max` characters. */
export function sanitizeForDisplay(text: string, max = 120): string {
  const visible = text.replace(INVISIBLE, '');
  // Never split the whole of a huge string; max*2+2 code units hold > max code
  // points whenever they are cut, so a surrogate pair cut in half is dropped below.
  const chars = Array.from(visible.slice(0, max * 2 + 2));
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}
