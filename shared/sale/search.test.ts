import { describe, expect, it } from 'vitest';
import { formatReceiptNo, parseReceiptNo, receiptCounterKey } from './receipt';
import { buildSearchEntry, matchPinyin, readingsOf, searchProducts, type SearchableProduct } from './search';

const p = (sku: string, name: string, extra: Partial<SearchableProduct> = {}): SearchableProduct => ({
  sku,
  name,
  barcodes: [],
  pinyin: '',
  ...extra,
});
const catalogue = [
  p('S00001', '蒙牛纯牛奶 250ml', { barcodes: ['6901234567892'] }),
  p('S00002', '牛奶糖'),
  p('S00003', '牛奶', { barcodes: ['6900000000017'] }),
  p('S00004', '奶牛玩偶'),
  p('S00005', '长城干红'),
  p('P10001', '西红柿', { plu: '10001' }),
  p('S00006', '银行卡套'),
  p('S00007', '宁南柠檬'),
].map(buildSearchEntry);
const skus = (q: string) => searchProducts(catalogue, q).map((h) => h.product.sku);
const tiers = (q: string) => searchProducts(catalogue, q).map((h) => [h.product.sku, h.tier]);

describe('product search', () => {
  it('nn, niunai and 牛n all find 牛奶 first', () => {
    expect(skus('nn')[0]).toBe('S00003');
    expect(skus('niunai')[0]).toBe('S00003');
    expect(skus('牛n')[0]).toBe('S00003');
    expect(skus('niun')[0]).toBe('S00003');
    expect(skus('NN')).toEqual(skus('nn'));
  });
  it('ranks barcode > PLU/SKU > name prefix > initials > full pinyin > contains', () => {
    expect(tiers('6901234567892')[0]).toEqual(['S00001', 0]);
    expect(tiers('10001')[0]).toEqual(['P10001', 1]);
    expect(tiers('s00004')[0]).toEqual(['S00004', 1]);
    expect(tiers('牛奶')).toEqual([
      ['S00003', 2],
      ['S00002', 2],
      ['S00001', 5],
    ]);
    expect(tiers('nn')).toEqual([
      ['S00003', 3],
      ['S00002', 3],
      ['S00004', 3], // 奶牛: n-n from the first character
      ['S00007', 3], // 宁南: n-n
      ['S00001', 5], // 蒙牛纯牛奶: …n-n later in the name
    ]);
    expect(tiers('niunai')).toEqual([
      ['S00003', 4],
      ['S00002', 4],
      ['S00001', 5],
    ]);
  });
  it('polyphones: every reading counts (长 chang/zhang, 行 xing/hang)', () => {
    expect(readingsOf('长')).toEqual(expect.arrayContaining(['chang', 'zhang']));
    expect(skus('cc')).toContain('S00005');
    expect(skus('zc')).toContain('S00005');
    expect(skus('changcheng')).toContain('S00005');
    expect(skus('yinhang')).toContain('S00006');
    expect(skus('yinxing')).toContain('S00006');
  });
  it('finds by part of the name or of the barcode, and nothing for nonsense', () => {
    expect(skus('纯牛')).toEqual(['S00001']);
    expect(skus('4567')).toEqual(['S00001']);
    expect(skus('qqqq')).toEqual([]);
    expect(skus('   ')).toEqual([]);
  });
  it('matchPinyin reports whether only initials were used', () => {
    const e = buildSearchEntry(p('x', '牛奶'));
    expect(matchPinyin(e.chars, e.readings, 'nn', 0)).toBe('initials');
    expect(matchPinyin(e.chars, e.readings, 'nna', 0)).toBe('full');
    expect(matchPinyin(e.chars, e.readings, 'niunaix', 0)).toBeNull();
  });
});

describe('receipt numbers', () => {
  it('per terminal and business day, four digits at least', () => {
    expect(formatReceiptNo('T1', '2026-11-30', 42)).toBe('T1-20261130-0042');
    expect(formatReceiptNo('t2', '2026-11-30', 12345)).toBe('T2-20261130-12345');
    expect(receiptCounterKey('T1', '2026-11-30')).toBe('T1:2026-11-30');
    expect(parseReceiptNo('t1-20261130-0042')).toEqual({
      terminalId: 'T1',
      businessDate: '2026-11-30',
      serial: 42,
    });
    expect(parseReceiptNo('LL202611300042')).toBeNull();
    expect(() => formatReceiptNo('T1', '2026-11-30', 0)).toThrow(RangeError);
  });
});
