import { describe, expect, it } from 'vitest';
import { barcodeDataUrl, barcodeSvg } from './barcodes';
import { readSvgBarcode, svgOfDataUrl } from './testing/readBarcode';

describe('barcodes (bwip-js)', () => {
  it('draws Code 128 that zxing reads back as its text', async () => {
    for (const text of ['T1-20261130-0042', 'SL-C2-07', 'LL202611240001-B1', 'a~ {}|']) {
      expect(readSvgBarcode(await barcodeSvg('code128', text))).toEqual({ text, format: 'code128' });
    }
  });

  it('draws a QR code that zxing reads back', async () => {
    expect(readSvgBarcode(await barcodeSvg('qrcode', 'T2-20261130-0001'))).toEqual({
      text: 'T2-20261130-0001',
      format: 'qrcode',
    });
  });

  it('inlines the image as a data: URL that loads nothing', async () => {
    const url = await barcodeDataUrl('code128', 'T1-20261130-0042');
    expect(url).toMatch(/^data:image\/svg\+xml,/);
    expect(url).not.toMatch(/https?:|href/);
    expect(readSvgBarcode(svgOfDataUrl(url)).text).toBe('T1-20261130-0042');
  });

  it('a different text is a different symbol (the reader is not fooled)', async () => {
    expect(readSvgBarcode(await barcodeSvg('code128', 'T1-20261130-0043')).text).not.toBe('T1-20261130-0042');
  });
});
