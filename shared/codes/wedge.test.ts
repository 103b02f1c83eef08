import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, keyFromCode, type WedgeKey, type WedgeScan, type WedgeOptions } from './wedge';

/** Keys of `text` typed `gapMs` apart from `start`, then `terminator`. */
function typed(
  text: string,
  start: number,
  gapMs: number | number[],
  inEditableField = false,
  terminator = 'Enter',
) {
  const keys = [...Array.from(text), terminator];
  let time = start;
  return keys.map((key, i): WedgeKey => {
    if (i > 0) time += Array.isArray(gapMs) ? (gapMs[(i - 1) % gapMs.length] ?? 0) : gapMs;
    return { key, time, inEditableField };
  });
}

function run(keys: WedgeKey[], options?: Partial<WedgeOptions>) {
  const detector = createWedgeDetector(options);
  const scans: WedgeScan[] = [];
  const swallowed: string[] = [];
  for (const k of keys) {
    const step = detector.feed(k);
    if (step.scan) scans.push(step.scan);
    if (step.swallow) swallowed.push(k.key);
  }
  return { scans, swallowed };
}

describe('keyboard-wedge detection', () => {
  it('takes a fast burst ending in Enter for a scan and swallows the Enter', () => {
    const { scans, swallowed } = run(typed('LL202611240123', 1000, 8));
    expect(scans).toEqual([
      { text: 'LL202611240123', fieldText: '', startedAt: 1000, endedAt: 1000 + 14 * 8 },
    ]);
    expect(swallowed).toEqual(['Enter']);
  });

  it('accepts Tab as the terminator', () => {
    expect(run(typed('482913', 0, 5, false, 'Tab')).scans.map((s) => s.text)).toEqual(['482913']);
  });

  it('does not take a person typing in a text field for a scanner', () => {
    // 90–200 ms between keys: a quick typist.
    const { scans, swallowed } = run(typed('482913', 0, [90, 140, 200, 110], true));
    expect(scans).toEqual([]);
    expect(swallowed).toEqual([]);
  });

  it('does not take a slow pause before Enter for a scan', () => {
    const keys = typed('482913', 0, 5);
    keys[keys.length - 1]!.time += 400;
    expect(run(keys).scans).toEqual([]);
  });

  it('respects the minimum length and a configured key gap', () => {
    expect(run(typed('123', 0, 5)).scans).toEqual([]);
    expect(run(typed('123', 0, 5), { minLength: 3 }).scans).toHaveLength(1);
    expect(run(typed('482913', 0, 70)).scans).toEqual([]);
    expect(run(typed('482913', 0, 70), { maxKeyGapMs: 80 }).scans).toHaveLength(1);
  });

  it('ignores modifier keys inside a burst (Shift for capitals, CapsLock)', () => {
    const keys: WedgeKey[] = [];
    let t = 0;
    for (const key of [
      'Shift',
      'L',
      'Shift',
      'L',
      'CapsLock',
      '2',
      '0',
      'Control',
      '2',
      '6',
      'Alt',
      'Meta',
      'Enter',
    ]) {
      keys.push({ key, time: (t += 4), inEditableField: false });
    }
    expect(run(keys).scans.map((s) => s.text)).toEqual(['LL2026']);
  });

  it('normalises full-width characters from an IME in full-width mode', () => {
    expect(run(typed('ＬＬ２０２６１１２４０１２３', 0, 6)).scans[0]?.text).toBe('LL202611240123');
  });

  it('reports exactly the characters a scan put into a text field after slow typing', () => {
    // The clerk typed "ab" by hand, then scanned into the same field.
    const human = typed('ab', 0, 150, true).slice(0, -1);
    const scanner = typed('482913', 600, 6, true);
    const { scans } = run([...human, ...scanner]);
    expect(scans).toEqual([{ text: '482913', fieldText: '482913', startedAt: 600, endedAt: 600 + 6 * 6 }]);
  });

  it('keeps the original characters in fieldText (full-width stays full-width)', () => {
    expect(run(typed('４８２９１３', 0, 6, true)).scans[0]).toMatchObject({
      text: '482913',
      fieldText: '４８２９１３',
    });
  });

  it('breaks a burst on an editing key, and resets on demand', () => {
    const keys = typed('482913', 0, 5);
    keys.splice(3, 0, { key: 'Backspace', time: 12, inEditableField: false });
    expect(run(keys).scans).toEqual([]);

    const detector = createWedgeDetector();
    for (const k of typed('482913', 0, 5).slice(0, -1)) detector.feed(k);
    detector.reset();
    expect(detector.feed({ key: 'Enter', time: 40, inEditableField: false }).scan).toBeNull();
  });

  it('reads two scans back to back', () => {
    const first = typed('482913', 0, 5);
    const second = typed('LS-C01', 100, 5);
    expect(run([...first, ...second]).scans.map((s) => s.text)).toEqual(['482913', 'LS-C01']);
  });

  it('never reports a scan when every gap is above the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 51, max: 2000 }), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (text, gaps, inField) => {
          expect(run(typed(text, 0, gaps, inField)).scans).toEqual([]);
        },
      ),
    );
  });

  it('always reports a fast burst of printable characters (property)', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-.'),
          minLength: 4,
          maxLength: 40,
        }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 }),
        (text, gaps) => {
          const { scans } = run(typed(text, 10_000, gaps, true));
          expect(scans.map((s) => [s.text, s.fieldText])).toEqual([[text, text]]);
        },
      ),
    );
  });

  it('reads physical keys when a Chinese IME reports every key as Process', () => {
    expect(keyFromCode('KeyL', true)).toBe('L');
    expect(keyFromCode('KeyL', false)).toBe('l');
    expect(keyFromCode('Digit2', false)).toBe('2');
    expect(keyFromCode('Digit2', true)).toBeNull();
    expect(keyFromCode('Numpad7', false)).toBe('7');
    expect(keyFromCode('Minus', false)).toBe('-');
    expect(keyFromCode('Period', false)).toBe('.');
    expect(keyFromCode('NumpadEnter', false)).toBe('Enter');
    expect(keyFromCode('F5', false)).toBeNull();
  });
});
