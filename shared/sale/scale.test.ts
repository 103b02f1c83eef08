import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../codes/checkDigit';
import { parseCode } from '../codes/parse';
import { lineFromScale, type ScaleCode } from './scale';

const tomato = { sku: 'P10001', name: '西红柿', unit: 'kg', priceFen: 698, weighed: true };
const withCheck = (body: string) => `${body}${gs1CheckDigit(body)}`;
const scan = (text: string) => {
  const parsed = parseCode(text, { context: 'till' });
  if (parsed.kind !== 'scaleBarcode') throw new Error(`not a scale code: ${parsed.kind}`);
  return parsed as ScaleCode;
};

describe('scale labels → cart lines', () => {
  it('18-digit 26 PLU fen grams: the label amount is kept when it agrees with price × weight', () => {
    const code = withCheck('26' + '10001' + '00349' + '00500');
    expect(lineFromScale(scan(code), tomato)).toEqual({
      ok: true,
      line: {
        sku: 'P10001',
        name: '西红柿',
        unit: 'kg',
        weighed: true,
        qty: 0.5,
        weightGrams: 500,
        listPriceFen: 698,
        unitPriceFen: 698,
        fixedAmountFen: 349,
        discountFen: 0,
      },
    });
  });
  it('a label priced differently from the catalogue is charged at the catalogue price', () => {
    const code = withCheck('26' + '10001' + '00500' + '00500');
    const r = lineFromScale(scan(code), tomato);
    expect(r).toMatchObject({ ok: true, line: { weightGrams: 500 } });
    expect(r.ok && r.line.fixedAmountFen).toBeUndefined();
  });
  it('EAN-13 weight layout (prefix 25–29) and price layout (20–24, weight from the price)', () => {
    const w = lineFromScale(scan(withCheck('25' + '10001' + '01250')), tomato);
    expect(w).toMatchObject({ ok: true, line: { weightGrams: 1250 } });
    const pr = lineFromScale(scan(withCheck('20' + '10001' + '00349')), tomato);
    expect(pr).toMatchObject({ ok: true, line: { weightGrams: 500, fixedAmountFen: 349 } });
  });
  it('refuses a bad check digit (parser), a piece product and a zero weight', () => {
    const good = withCheck('25' + '10001' + '01250');
    const bad = good.slice(0, 12) + String((Number(good.charAt(12)) + 1) % 10);
    expect(parseCode(bad, { context: 'till' })).toMatchObject({
      kind: 'unrecognised',
      reason: 'badCheckDigit',
    });
    expect(lineFromScale(scan(good), { ...tomato, weighed: false })).toEqual({
      ok: false,
      reason: 'notWeighed',
    });
    expect(lineFromScale(scan(withCheck('25' + '10001' + '00000')), tomato)).toEqual({
      ok: false,
      reason: 'badWeight',
    });
  });
});
