/**
 * Edges of the code parser that mutation testing showed no test held: each
 * `it` names the store bug that would pass unseen without it.
 */
import { describe, expect, it } from 'vitest';
import {
  ean8CheckDigit,
  ean13CheckDigit,
  gs1CheckDigit,
  hasValidGs1CheckDigit,
  isValidEan8,
  isValidEan13,
  isValidUpcA,
  upcACheckDigit,
  withCheckDigit,
} from './checkDigit';
import { bagLabel, orderNumber } from './formats';
import { makeScaleEan13, parseCode } from './parse';

describe('check digits: lengths and non-digits', () => {
  // A wrong-length code handed to a symbology's check must fail loudly, not get a digit.
  it('refuses data of the wrong length for each symbology, and says why', () => {
    expect(() => ean13CheckDigit('40063813339')).toThrow('ean13CheckDigit: 12 digits');
    expect(() => ean8CheckDigit('963850')).toThrow('ean8CheckDigit: 7 digits');
    expect(() => upcACheckDigit('0360002914')).toThrow('upcACheckDigit: 11 digits');
    expect(() => gs1CheckDigit('12a4')).toThrow('gs1CheckDigit: digits only');
    expect(ean8CheckDigit('9638507')).toBe(4);
    expect(upcACheckDigit('03600029145')).toBe(2);
  });

  // The validators answer true/false; a scanner's garbage must never make them throw.
  it('answers false, never throws, for non-digits and codes too short to carry a check digit', () => {
    expect(hasValidGs1CheckDigit('12a4')).toBe(false);
    expect(hasValidGs1CheckDigit('')).toBe(false);
    // '0' alone: the check digit of nothing is 0, but one digit is no code.
    expect(hasValidGs1CheckDigit('0')).toBe(false);
    // The shortest real code: one data digit and its check digit.
    expect(hasValidGs1CheckDigit('17')).toBe(true);
  });

  // A valid EAN-8 is not a valid EAN-13 or UPC-A: the length is part of the symbology.
  it('checks the length as well as the check digit per symbology', () => {
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidEan13('96385074')).toBe(false);
    expect(isValidUpcA('96385074')).toBe(false);
    expect(isValidEan8('4006381333931')).toBe(false);
    expect(isValidUpcA('4006381333931')).toBe(false);
  });
});

describe('parseCode: bag labels and dates', () => {
  // Every order's first bag is -B1; refusing it would block every put-away and pickup.
  it('reads the first bag -B1 and refuses -B0', () => {
    const no = orderNumber('20261124', 7);
    expect(parseCode(bagLabel(no, 1))).toEqual({
      kind: 'bagLabel',
      text: `${no}-B1`,
      orderNumber: no,
      bagIndex: 1,
    });
    expect(parseCode(`${no}-B0`)).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
    expect(parseCode(`${no}-B99`)).toMatchObject({ kind: 'bagLabel', bagIndex: 99 });
  });

  // Orders placed on the first and last days of the year and month are ordinary orders.
  it.each(['20261231', '20260101', '20261201', '20260131', '20261130'])('accepts the date %s', (date) => {
    const no = orderNumber(date, 1);
    expect(parseCode(no)).toMatchObject({ kind: 'orderNumber', date });
    expect(parseCode(bagLabel(no, 2))).toMatchObject({ kind: 'bagLabel', orderNumber: no });
    expect(parseCode(`GB-L01-${date}-3`)).toMatchObject({ kind: 'batchCode', date, sequence: 3 });
  });

  // Month 00 or 13, day 00 or 32: a misprint or a forged label, never an order.
  it.each(['20260001', '20261301', '20260100', '20260132', '20269999'])('refuses the date %s', (date) => {
    const no = `LL${date}0001`;
    expect(parseCode(no)).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
    expect(parseCode(`${no}-B1`)).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
    expect(parseCode(`GB-L01-${date}-3`)).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
  });
});

describe('parseCode: scale codes against product barcodes', () => {
  // Only 13 digits can be a weighed item: a UPC-A or EAN-8 that starts 20–29 is a
  // product (restricted circulation), not a price read from the wrong digits.
  it('reads a 12-digit UPC-A and an 8-digit EAN-8 starting 20–29 as products', () => {
    const upc = withCheckDigit('21234567890');
    expect(parseCode(upc)).toEqual({
      kind: 'productBarcode',
      text: upc,
      gtin: `0${upc}`,
      symbology: 'upcA',
      inStore: true,
    });
    const ean8 = withCheckDigit('2712345');
    expect(parseCode(ean8)).toEqual({
      kind: 'productBarcode',
      text: ean8,
      gtin: ean8,
      symbology: 'ean8',
      inStore: true,
    });
  });

  // A 13-character text with letters is not a scale code with a bad check digit.
  it('leaves 13 characters that are not all digits to the other rules', () => {
    expect(parseCode('2012345ABCDE9')).toMatchObject({ kind: 'unrecognised', reason: 'unknownFormat' });
  });

  // Which barcodes are the store's own (restricted circulation) decides how the till prices them.
  it('marks restricted-circulation numbers as in-store and the rest as not', () => {
    const onlyWeight28 = { scaleLayout: { ean13: { '28': 'weight' as const }, code18Prefix: '26' } };
    expect(parseCode(withCheckDigit('021234567890'))).toMatchObject({ symbology: 'ean13', inStore: true });
    expect(parseCode(withCheckDigit('201234567890'), onlyWeight28)).toMatchObject({
      symbology: 'ean13',
      inStore: true,
    });
    expect(parseCode(withCheckDigit('120123456789'))).toMatchObject({ symbology: 'ean13', inStore: false });
    expect(parseCode(withCheckDigit('41234567890'))).toMatchObject({ symbology: 'upcA', inStore: true });
    expect(parseCode(withCheckDigit('31234567890'))).toMatchObject({ symbology: 'upcA', inStore: false });
    expect(parseCode(withCheckDigit('02123456789'))).toMatchObject({ symbology: 'upcA', inStore: false });
    expect(parseCode(withCheckDigit('0212345'))).toMatchObject({ symbology: 'ean8', inStore: true });
    expect(parseCode(withCheckDigit('9638507'))).toMatchObject({ symbology: 'ean8', inStore: false });
  });

  // The layout decides: a prefix the store's scales do not use is not a scale code.
  it('reads the embedded value from digits 8–12 and the PLU from digits 3–7', () => {
    expect(parseCode(makeScaleEan13('24', 99_999, 12_345))).toMatchObject({
      kind: 'scaleBarcode',
      plu: '99999',
      priceFen: 12_345,
      weightGrams: null,
    });
    expect(parseCode(makeScaleEan13('25', 1, 0))).toMatchObject({
      plu: '00001',
      priceFen: null,
      weightGrams: 0,
    });
  });
});

describe('parseCode: payment code ranges', () => {
  // The till must send a customer's code to the right provider, and nothing else to either.
  it.each([
    ['101234567890123456', 'wechat'],
    ['151234567890123456', 'wechat'],
    ['2512345678901234', 'alipay'],
    ['3012345678901234', 'alipay'],
    ['251234567890123456789012', 'alipay'],
  ])('reads %s as %s', (code, provider) => {
    expect(parseCode(code, { context: 'payment' })).toMatchObject({ kind: 'paymentCode', provider });
    expect(parseCode(code, { context: 'counter' })).toMatchObject({ kind: 'paymentCode', provider });
  });

  it.each([
    '091234567890123456', // WeChat prefixes stop at 10–15
    '161234567890123456',
    '2412345678901234', // Alipay prefixes are 25–30
    '3112345678901234',
    '251234567890123', // Alipay is 16–24 digits
    '2512345678901234567890123',
    '1012345678901234', // WeChat is exactly 18 digits
  ])('refuses %s as a payment code', (code) => {
    expect(parseCode(code, { context: 'payment' }).kind).not.toBe('paymentCode');
    expect(parseCode(code).kind).not.toBe('paymentCode');
  });
});

describe('parseCode: input bounds and layout defaults', () => {
  // A non-string from a broken caller is "empty", never a crash at the counter.
  it('reads a non-string as empty', () => {
    expect(parseCode(undefined as never)).toEqual({ kind: 'unrecognised', text: '', reason: 'empty' });
    expect(parseCode(42 as never)).toEqual({ kind: 'unrecognised', text: '', reason: 'empty' });
  });

  // 1024 characters is the longest code read; a paste past 4096 is cut and refused, even
  // when what is left would parse.
  it('refuses text over 1024 characters and any paste that had to be cut', () => {
    expect(parseCode('9'.repeat(1024))).toMatchObject({ reason: 'unknownFormat' });
    expect(parseCode('9'.repeat(1025))).toMatchObject({ kind: 'unrecognised', reason: 'tooLong' });
    expect(parseCode('9'.repeat(2000))).toMatchObject({ kind: 'unrecognised', reason: 'tooLong' });
    expect(parseCode(`123456${' '.repeat(5000)}`)).toMatchObject({ kind: 'unrecognised', reason: 'tooLong' });
  });

  // The default layout: 29 is weight-embedded; only 26 starts an 18-digit scale code.
  it('reads the default layout’s last prefix and keeps 18-digit WeChat codes as payments', () => {
    expect(parseCode(makeScaleEan13('29', 7, 250))).toMatchObject({ kind: 'scaleBarcode', weightGrams: 250 });
    const wechat = withCheckDigit('13456789012345678');
    expect(parseCode(wechat)).toMatchObject({ kind: 'paymentCode', provider: 'wechat' });
  });

  it('reads an ambient slot label with its zone', () => {
    expect(parseCode('SL-A1-01')).toMatchObject({ kind: 'slotLabel', slotId: 'A1-01', zone: 'ambient' });
  });
});
