/**
 * Keyboard-wedge scanner detection, as pure logic. A USB/Bluetooth scanner in
 * keyboard mode "types" a code in a burst (a few ms per key) and ends it with
 * Enter or Tab; a person types 80–250 ms per key. The machine below is fed every
 * keydown and decides, at the terminator, whether the burst was a scan.
 *
 * A burst typed into a text field has already put its characters into the
 * field by the time we know it was a scan: the scan reports them (`fieldText`)
 * so the listener can take them out again and the field keeps no half code.
 */
import { toHalfWidthChar } from './normalize';

export interface WedgeOptions {
  /** Longest gap between two keys of one scan, terminator included. */
  maxKeyGapMs: number;
  /** Fewest characters a scan has (shorter bursts pass through as typing). */
  minLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxKeyGapMs: 50, minLength: 4 };

export interface WedgeKey {
  /** `KeyboardEvent.key`. */
  key: string;
  /** Milliseconds on a monotonic clock (`event.timeStamp` / `performance.now()`). */
  time: number;
  /** True when the key goes into an input, textarea or contenteditable. */
  inEditableField: boolean;
}

export interface WedgeScan {
  /** The scanned text, full-width characters normalised. */
  text: string;
  /** The characters, as typed, that landed in the focused text field (oldest first). */
  fieldText: string;
  startedAt: number;
  endedAt: number;
}

export interface WedgeStep {
  /** A completed scan, or null. */
  scan: WedgeScan | null;
  /**
   * True for the terminator of a scan: the listener cancels it so Enter does not
   * also submit a form or trigger the page's own Enter shortcut, and Tab does
   * not move focus.
   */
  swallow: boolean;
}

/** Keys that never end, start or break a burst. */
const IGNORED_KEYS = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'Fn',
  'FnLock',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Symbol',
  'SymbolLock',
  'Dead',
  'Unidentified',
  'Process',
]);

const TERMINATORS = new Set(['Enter', 'Tab']);
const NOTHING: WedgeStep = { scan: null, swallow: false };

/** A printable key is exactly one code point (`'a'`, `'Ｌ'`, `'😀'`), not a named key. */
const isPrintable = (key: string) => key.length > 0 && key.length <= 2 && Array.from(key).length === 1;

const CODE_PUNCTUATION: Readonly<Record<string, [string, string]>> = {
  Minus: ['-', '_'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Equal: ['=', '+'],
  Space: [' ', ' '],
  NumpadDecimal: ['.', '.'],
  NumpadSubtract: ['-', '-'],
  NumpadAdd: ['+', '+'],
};

/**
 * The character a physical key types on a US layout, for when `key` does not
 * say: with a Chinese IME in pinyin mode every letter arrives as `Process`
 * (the IME owns it), yet a scanner's burst must still read `LL2026…`. Scanners
 * send capitals with Shift, so Shift decides the case.
 */
export function keyFromCode(code: string, shiftKey: boolean): string | null {
  if (code === 'Enter' || code === 'NumpadEnter') return 'Enter';
  if (code === 'Tab') return 'Tab';
  const letter = /^Key([A-Z])$/.exec(code)?.[1];
  if (letter) return shiftKey ? letter : letter.toLowerCase();
  const digit = /^(?:Digit|Numpad)(\d)$/.exec(code)?.[1];
  if (digit) return shiftKey && code.startsWith('Digit') ? null : digit;
  const punctuation = CODE_PUNCTUATION[code];
  return punctuation ? punctuation[shiftKey ? 1 : 0] : null;
}

export interface WedgeDetector {
  feed(event: WedgeKey): WedgeStep;
  /** Forgets the current burst (focus moved, window blurred). */
  reset(): void;
}

export function createWedgeDetector(options: Partial<WedgeOptions> = {}): WedgeDetector {
  const { maxKeyGapMs, minLength } = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  let text = '';
  let fieldText = '';
  let count = 0;
  let startedAt = 0;
  let lastAt = Number.NEGATIVE_INFINITY;

  const reset = () => {
    text = '';
    fieldText = '';
    count = 0;
    lastAt = Number.NEGATIVE_INFINITY;
  };

  const feed = ({ key, time, inEditableField }: WedgeKey): WedgeStep => {
    if (IGNORED_KEYS.has(key)) return NOTHING;
    const fast = count > 0 && time - lastAt >= 0 && time - lastAt <= maxKeyGapMs;

    if (TERMINATORS.has(key)) {
      const isScan = fast && count >= minLength;
      const scan: WedgeScan | null = isScan ? { text, fieldText, startedAt, endedAt: time } : null;
      reset();
      return scan ? { scan, swallow: true } : NOTHING;
    }

    if (!isPrintable(key)) {
      // Backspace, arrows, F-keys: a person is editing; no scanner sends these.
      reset();
      return NOTHING;
    }

    if (!fast) {
      reset();
      startedAt = time;
    }
    text += toHalfWidthChar(key);
    if (inEditableField) fieldText += key;
    count += 1;
    lastAt = time;
    return NOTHING;
  };

  return { feed, reset };
}
