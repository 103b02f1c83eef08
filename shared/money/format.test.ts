import { describe, expect, it } from 'vitest';
import { fenToDecimal, formatFen, parseYuan } from './format';

describe('money format', () => {
  it('formats fen as yuan with two decimals', () => {
    expect(formatFen(1230)).toBe('¥12.30');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(-50)).toBe('-¥0.50');
    expect(formatFen(123456789, 'en')).toBe('¥1,234,567.89');
  });
  it('writes decimals for CSV', () => {
    expect(fenToDecimal(1230)).toBe('12.30');
    expect(fenToDecimal(7)).toBe('0.07');
    expect(fenToDecimal(-1205)).toBe('-12.05');
  });
  it('parses what a person types', () => {
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan('￥12')).toBe(1200);
    expect(parseYuan('0.05')).toBe(5);
    expect(parseYuan('-1.5')).toBe(-150);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
  });
});
