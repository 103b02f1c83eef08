import { describe, expect, it } from 'vitest';
import { createAgreementFilter } from './agreement';
import type { DecodeFormat, DecodeResult } from './types';

const read = (text: string, format: DecodeFormat): DecodeResult => ({
  text,
  format,
  engine: 'zxing-wasm',
  ms: 3,
});

describe('consecutive-agreement filter', () => {
  it('accepts a product barcode only when two consecutive frames agree', () => {
    const filter = createAgreementFilter();
    expect(filter.push(read('6901234567892', 'ean13'))).toBeNull();
    expect(filter.push(read('6901234567892', 'ean13'))).toMatchObject({ text: '6901234567892' });
  });

  it('drops a one-frame misread between good reads', () => {
    const filter = createAgreementFilter();
    const accepted = [
      read('6901234567892', 'ean13'),
      read('6901234567885', 'ean13'), // checksum-valid misread, one frame only
      read('6901234567892', 'ean13'),
    ].map((r) => filter.push(r));
    expect(accepted).toEqual([null, null, null]);
    expect(filter.push(read('6901234567892', 'ean13'))).toMatchObject({ text: '6901234567892' });
  });

  it('needs the agreeing frames to be consecutive', () => {
    const filter = createAgreementFilter();
    filter.push(read('96385074', 'ean8'));
    filter.push(null);
    expect(filter.push(read('96385074', 'ean8'))).toBeNull();
  });

  it('accepts QR and Code 128 at once', () => {
    const filter = createAgreementFilter();
    expect(filter.push(read('LT1.abc.def', 'qr'))).toMatchObject({ format: 'qr' });
    expect(filter.push(read('LL202611240123-B1', 'code128'))).toMatchObject({ format: 'code128' });
  });

  it('reports a code held in view once, and again after it has left the view', () => {
    const filter = createAgreementFilter({ forgetAfterEmptyFrames: 2 });
    const qr = read('LT1.abc.def', 'qr');
    expect(filter.push(qr)).not.toBeNull();
    expect(filter.push(qr)).toBeNull();
    expect(filter.push(qr)).toBeNull();
    filter.push(null);
    expect(filter.push(qr)).toBeNull(); // one empty frame: a flicker, still the same presentation
    filter.push(null);
    filter.push(null);
    expect(filter.push(qr)).not.toBeNull();
  });

  it('takes a custom rule for what needs agreement', () => {
    const filter = createAgreementFilter({ needsAgreement: () => true });
    expect(filter.push(read('LT1.abc.def', 'qr'))).toBeNull();
  });
});
