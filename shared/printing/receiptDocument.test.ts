import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth, padPair, receiptDocumentSchema } from './receiptDocument';

describe('receipt layout for printer columns', () => {
  it('counts CJK and full-width characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('牛奶 250ml')).toBe(10);
    expect(displayWidth('（￥）')).toBe(6);
    expect(displayWidth('¥12.30')).toBe(6);
  });

  it('puts the amount at the right edge', () => {
    expect(padPair('应收', '¥27.00', 32)).toEqual([`应收${' '.repeat(22)}¥27.00`]);
  });

  it('wraps a long label and keeps every line within the columns (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom('牛', '奶', 'a', '1', ' ', '（'), { maxLength: 80 })
          .map((cs) => cs.join('')),
        fc.constantFrom('¥0.50', '¥1,234.50', '-¥12.00'),
        fc.constantFrom(32, 48),
        (left, right, columns) => {
          const lines = padPair(left, right, columns);
          for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(columns);
          expect(lines.at(-1)?.endsWith(right)).toBe(true);
          expect(lines.join('').replace(/ /g, '')).toBe((left + right).replace(/ /g, ''));
        },
      ),
    );
  });

  it('validates a document as it crosses IPC', () => {
    expect(
      receiptDocumentSchema.safeParse({ widthMm: 58, language: 'zh-CN', blocks: [{ kind: 'rule' }] }).success,
    ).toBe(true);
    for (const bad of [
      { widthMm: 57, language: 'zh-CN', blocks: [{ kind: 'rule' }] },
      { widthMm: 58, language: 'zh-CN', blocks: [] },
      { widthMm: 58, language: 'zh-CN', blocks: [{ kind: 'image', src: 'http://x' }] },
      { widthMm: 58, language: 'zh-CN', blocks: [{ kind: 'rule' }], script: 'x' },
    ])
      expect(receiptDocumentSchema.safeParse(bad).success).toBe(false);
  });
});
