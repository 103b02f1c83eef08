import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ean13CheckDigit,
  gs1CheckDigit,
  isValidEan13,
  isValidEan8,
  isValidUpcA,
  withCheckDigit,
} from './checkDigit';
import { bagLabel, batchCode, orderNumber, riderBadge, slotId, slotLabel, staffBadge } from './formats';
import { normalizeScan, sanitizeForDisplay, toHalfWidth } from './normalize';
import { CODE_RULES, makeScaleCode18, makeScaleEan13, parseCode, type ParsedCode } from './parse';

const TOKEN = `LT1.${'eyJvIjoiTEwyMDI2MTEyNDAxMjMifQ'}.${'a'.repeat(40)}_-${'Z9'.repeat(21)}`;
const KINDS = new Set<ParsedCode['kind']>([
  'pickupToken',
  'pickupCode',
  'orderNumber',
  'bagLabel',
  'slotLabel',
  'productBarcode',
  'scaleBarcode',
  'paymentCode',
  'staffBadge',
  'riderBadge',
  'batchCode',
  'receiptNumber',
  'unrecognised',
]);

describe('check digits', () => {
  it('computes the EAN-13 check digit of known codes', () => {
    expect(ean13CheckDigit('400638133393')).toBe(1); // 4006381333931
    expect(ean13CheckDigit('690123456789')).toBe(2); // 6901234567892
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidUpcA('036000291452')).toBe(true);
    expect(isValidUpcA('036000291453')).toBe(false);
  });

  it('refuses non-digits instead of computing nonsense', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(RangeError);
    expect(isValidEan13('400638133393x')).toBe(false);
  });

  it('detects every single-digit substitution (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.nat(12),
        fc.integer({ min: 1, max: 9 }),
        (data, at, delta) => {
          const code = withCheckDigit(data);
          const digit = (Number(code[at]) + delta) % 10;
          const altered = code.slice(0, at) + String(digit) + code.slice(at + 1);
          expect(isValidEan13(altered)).toBe(false);
        },
      ),
    );
  });
});

describe('normalisation', () => {
  it('turns full-width letters, digits and IME punctuation into ASCII', () => {
    expect(toHalfWidth('Ｌ１２３')).toBe('L123');
    expect(normalizeScan('  ＬＬ２０２６１１２４０１２３\r\n')).toBe('LL202611240123');
    expect(normalizeScan('LT1。abc')).toBe('LT1.abc');
    expect(normalizeScan('SL—C2—07')).toBe('SL-C2-07');
  });

  it('strips control and zero-width characters and an AIM prefix', () => {
    expect(normalizeScan('\u0002123456\u0003')).toBe('123456');
    expect(normalizeScan('12\u200b34\ufeff56')).toBe('123456');
    expect(normalizeScan(']E04006381333931')).toBe('4006381333931');
  });

  it('cuts display text without splitting a surrogate pair', () => {
    const shown = sanitizeForDisplay('😀'.repeat(500), 10);
    expect(Array.from(shown)).toHaveLength(11);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).not.toMatch(/[\ud800-\udfff](?![\udc00-\udfff])/u);
  });
});

describe('parseCode rules', () => {
  it('recognises a pickup token and keeps its case', () => {
    expect(parseCode(TOKEN)).toEqual({ kind: 'pickupToken', text: TOKEN, token: TOKEN });
    expect(parseCode(`  ${TOKEN}\n`)).toMatchObject({ kind: 'pickupToken', token: TOKEN });
    expect(parseCode('LT1.abc')).toMatchObject({ kind: 'unrecognised', reason: 'malformedToken' });
    expect(parseCode(`${TOKEN}!`)).toMatchObject({ kind: 'unrecognised', reason: 'malformedToken' });
  });

  it('reads a 6-digit pickup code, full-width too', () => {
    expect(parseCode('482913')).toEqual({ kind: 'pickupCode', text: '482913', code: '482913' });
    expect(parseCode('４８２９１３')).toMatchObject({ kind: 'pickupCode', code: '482913' });
    expect(parseCode('48291')).toMatchObject({ kind: 'unrecognised', reason: 'unknownFormat' });
  });

  it('reads order numbers, case-insensitively, and refuses impossible dates', () => {
    const no = orderNumber('20261124', 123);
    expect(parseCode(no)).toEqual({
      kind: 'orderNumber',
      text: no,
      orderNumber: no,
      date: '20261124',
      serial: 123,
    });
    expect(parseCode(no.toLowerCase())).toMatchObject({ kind: 'orderNumber', orderNumber: no });
    expect(parseCode('LL202613240123')).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
  });

  it('reads bag labels', () => {
    const label = bagLabel(orderNumber('20261124', 7), 2);
    expect(parseCode(label)).toEqual({
      kind: 'bagLabel',
      text: label,
      orderNumber: 'LL202611240007',
      bagIndex: 2,
    });
    expect(parseCode('LL202611240007-B0')).toMatchObject({ kind: 'unrecognised' });
  });

  it('reads slot labels and bare slot ids with their zone', () => {
    const id = slotId('C', 2, 7);
    expect(parseCode(slotLabel(id))).toEqual({
      kind: 'slotLabel',
      text: 'SL-C2-07',
      slotId: 'C2-07',
      zone: 'chilled',
    });
    expect(parseCode('f12-03')).toMatchObject({ kind: 'slotLabel', slotId: 'F12-03', zone: 'frozen' });
    expect(parseCode('SL-X2-07')).toMatchObject({ kind: 'unrecognised' });
  });

  it('reads staff badges and group-leader batch codes', () => {
    expect(parseCode(staffBadge('C01'))).toEqual({ kind: 'staffBadge', text: 'LS-C01', staffId: 'C01' });
    expect(parseCode(riderBadge('R02'))).toEqual({ kind: 'riderBadge', text: 'RD-R02', riderId: 'R02' });
    expect(parseCode('rd-r0007')).toEqual({ kind: 'riderBadge', text: 'RD-R0007', riderId: 'R0007' });
    expect(parseCode('RD-C01')).toMatchObject({ kind: 'unrecognised' });
    expect(parseCode('RD-R1')).toMatchObject({ kind: 'unrecognised' });
    const batch = batchCode('L01', '20261124', 1);
    expect(parseCode(batch)).toEqual({
      kind: 'batchCode',
      text: batch,
      leaderId: 'L01',
      date: '20261124',
      sequence: 1,
    });
    expect(parseCode('GB-L01-20261199-1')).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
  });

  it('reads till receipt numbers (for refunds), case-insensitively', () => {
    expect(parseCode('T1-20261130-0042')).toEqual({
      kind: 'receiptNumber',
      text: 'T1-20261130-0042',
      receiptNo: 'T1-20261130-0042',
      terminalId: 'T1',
      date: '20261130',
      serial: 42,
    });
    expect(parseCode('t2-20261130-12345')).toMatchObject({
      kind: 'receiptNumber',
      receiptNo: 'T2-20261130-12345',
    });
    expect(parseCode('T1-20261340-0042')).toMatchObject({ kind: 'unrecognised', reason: 'badDate' });
    expect(parseCode('T1-20261130-42')).toMatchObject({ kind: 'unrecognised' });
  });

  it('reads EAN-13, EAN-8 and UPC-A product barcodes and refuses a wrong check digit', () => {
    expect(parseCode('6901234567892')).toEqual({
      kind: 'productBarcode',
      text: '6901234567892',
      gtin: '6901234567892',
      symbology: 'ean13',
      inStore: false,
    });
    expect(parseCode('96385074')).toMatchObject({ kind: 'productBarcode', symbology: 'ean8' });
    expect(parseCode('036000291452')).toMatchObject({
      kind: 'productBarcode',
      symbology: 'upcA',
      gtin: '0036000291452',
    });
    expect(parseCode('6901234567893')).toMatchObject({ kind: 'unrecognised', reason: 'badCheckDigit' });
  });

  it('reads price- and weight-embedded 13-digit scale codes per the layout', () => {
    const price = makeScaleEan13('20', 123, 1580);
    expect(parseCode(price)).toEqual({
      kind: 'scaleBarcode',
      text: price,
      form: 'ean13',
      plu: '00123',
      priceFen: 1580,
      weightGrams: null,
    });
    const weight = makeScaleEan13('27', 42, 350);
    expect(parseCode(weight)).toMatchObject({
      kind: 'scaleBarcode',
      plu: '00042',
      priceFen: null,
      weightGrams: 350,
    });
    // A store whose scales use only prefix 28 for weight: 20… is then an in-store product.
    const layout = { ean13: { '28': 'weight' as const }, code18Prefix: '26' };
    expect(parseCode(price, { scaleLayout: layout })).toMatchObject({
      kind: 'productBarcode',
      inStore: true,
    });
    expect(parseCode(`${price.slice(0, 12)}${(Number(price[12]) + 1) % 10}`)).toMatchObject({
      kind: 'unrecognised',
      reason: 'badCheckDigit',
    });
  });

  it('reads the 18-digit scale code: PLU, amount in fen and weight in grams', () => {
    const code = makeScaleCode18(1234, 2599, 1350);
    expect(code).toHaveLength(18);
    expect(parseCode(code, { context: 'till' })).toEqual({
      kind: 'scaleBarcode',
      text: code,
      form: 'code18',
      plu: '01234',
      priceFen: 2599,
      weightGrams: 1350,
    });
  });

  it('reads WeChat Pay and Alipay payment codes', () => {
    expect(parseCode('134567890123456789', { context: 'payment' })).toMatchObject({
      kind: 'paymentCode',
      provider: 'wechat',
    });
    expect(parseCode('134567890123456789')).toMatchObject({ kind: 'paymentCode', provider: 'wechat' });
    expect(parseCode('2812345678901234')).toMatchObject({ kind: 'paymentCode', provider: 'alipay' });
    expect(parseCode('301234567890123456789012')).toMatchObject({ kind: 'paymentCode', provider: 'alipay' });
    expect(parseCode('3112345678901234')).toMatchObject({ kind: 'unrecognised' });
    expect(parseCode('1612345678901234567')).toMatchObject({ kind: 'unrecognised' });
  });

  it('resolves the 18-digit 26… overlap by context, then by check digit', () => {
    const scale = makeScaleCode18(1, 100, 200);
    expect(parseCode(scale, { context: 'till' }).kind).toBe('scaleBarcode');
    expect(parseCode(scale, { context: 'counter' }).kind).toBe('scaleBarcode');
    expect(parseCode(scale, { context: 'payment' })).toMatchObject({
      kind: 'paymentCode',
      provider: 'alipay',
    });
    const notScale = `${scale.slice(0, 17)}${(Number(scale[17]) + 1) % 10}`;
    expect(parseCode(notScale, { context: 'till' })).toMatchObject({
      kind: 'paymentCode',
      provider: 'alipay',
    });
  });

  it('reports garbage, empty and huge input as unrecognised with safe text', () => {
    expect(parseCode('')).toEqual({ kind: 'unrecognised', text: '', reason: 'empty' });
    expect(parseCode('\u0000\u0007 \t')).toMatchObject({ kind: 'unrecognised', reason: 'empty' });
    expect(parseCode('hello\u0007world')).toEqual({
      kind: 'unrecognised',
      text: 'helloworld',
      reason: 'unknownFormat',
    });
    const huge = parseCode('9'.repeat(1_000_000));
    expect(huge).toMatchObject({ kind: 'unrecognised', reason: 'tooLong' });
    expect(huge.text.length).toBeLessThanOrEqual(121);
  });

  it('has uniquely named rules in a fixed order', () => {
    const names = CODE_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names[0]).toBe('pickupToken');
  });
});

describe('parseCode properties (SPEC R3)', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(...'0123456789LTSBGC-.\u0000\u001b\r\n\t ０１２Ｌ。'), maxLength: 40 }),
    fc.stringMatching(/^\d{1,30}$/),
  );
  const anyContext = fc.constantFrom('counter' as const, 'till' as const, 'payment' as const);

  it('never throws and always returns a known kind with sanitised text', () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        const parsed = parseCode(text, { context });
        expect(KINDS.has(parsed.kind)).toBe(true);
        expect(parsed.text).not.toMatch(/[\p{Cc}\p{Cf}]/u);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives huge strings quickly', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1 }),
        fc.integer({ min: 1_000, max: 50_000 }),
        (s, n) => {
          const huge = s.repeat(n);
          const started = performance.now();
          expect(parseCode(huge).kind).toBeDefined();
          // Bounded work: a 500k-character paste costs what a 4k one does (loose bound for a busy CI box).
          expect(performance.now() - started).toBeLessThan(250);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is idempotent on its own normalised text for recognised codes', () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        const once = parseCode(text, { context });
        if (once.kind !== 'unrecognised') expect(parseCode(once.text, { context })).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips generated EAN-13s (non-2 prefix) as product barcodes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[013-9]\d{11}$/), (data) => {
        const code = withCheckDigit(data);
        expect(parseCode(code)).toMatchObject({ kind: 'productBarcode', gtin: code, symbology: 'ean13' });
      }),
    );
  });

  it('round-trips generated 13-digit scale codes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 29 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 99_999 }),
        (prefix, plu, value) => {
          const parsed = parseCode(makeScaleEan13(String(prefix), plu, value), { context: 'till' });
          expect(parsed).toMatchObject({
            kind: 'scaleBarcode',
            form: 'ean13',
            plu: String(plu).padStart(5, '0'),
          });
          if (parsed.kind !== 'scaleBarcode') return;
          expect(prefix <= 24 ? parsed.priceFen : parsed.weightGrams).toBe(value);
        },
      ),
    );
  });

  it('round-trips generated 18-digit scale codes outside the payment context', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 0, max: 99_999 }),
        fc.constantFrom('counter' as const, 'till' as const),
        (plu, fen, grams, context) => {
          expect(parseCode(makeScaleCode18(plu, fen, grams), { context })).toMatchObject({
            kind: 'scaleBarcode',
            form: 'code18',
            priceFen: fen,
            weightGrams: grams,
          });
        },
      ),
    );
  });

  it('reads full-width forms of every store format like their ASCII forms', () => {
    const toFullWidth = (s: string) =>
      Array.from(s, (c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(
        '',
      );
    fc.assert(
      fc.property(
        fc.constantFrom(
          '482913',
          'LL202611240123',
          'LL202611240123-B2',
          'SL-C2-07',
          'LS-M01',
          'GB-L01-20261124-1',
          TOKEN,
          '6901234567892',
        ),
        (code) => {
          expect(parseCode(toFullWidth(code))).toEqual(parseCode(code));
        },
      ),
    );
  });
});
