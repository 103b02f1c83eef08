import {
  BitArray,
  Code128Reader,
  QRCodeReader,
  BinaryBitmap,
  HybridBinarizer,
  RGBLuminanceSource,
} from '@zxing/library';
import { describe, expect, it } from 'vitest';
import { code128Widths, labelSheetHtml, qrSvg } from './labels';
import { makeLayout } from '../../sync/testing/fixtures';

/** Reads Code 128 module widths back with zxing's reader (quiet zones added). */
function decode128(widths: number[]): string {
  const total = widths.reduce((a, b) => a + b, 0) + 20;
  const row = new BitArray(total);
  let x = 10;
  widths.forEach((w, i) => {
    if (i % 2 === 0) for (let k = 0; k < w; k++) row.set(x + k);
    x += w;
  });
  return new Code128Reader().decodeRow(0, row, new Map()).getText();
}

/** Rasterises the QR SVG's rects (4 px per module) and reads it with zxing. */
function decodeQr(svg: string): string {
  const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number) as [number, number, number];
  const scale = 4;
  const lum = new Uint8ClampedArray(w * scale * h * scale).fill(255);
  for (const m of svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="1" height="1"\/>/g)) {
    const [cx, cy] = [Number(m[1]), Number(m[2])];
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) lum[(cy * scale + dy) * w * scale + cx * scale + dx] = 0;
  }
  const source = new RGBLuminanceSource(lum, w * scale, h * scale);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

describe('slot labels', () => {
  it('Code 128 written here reads back with zxing, for every slot label shape', () => {
    for (const text of ['SL-C2-07', 'SL-A1-01', 'SL-F12-99', 'LL202611240001-B1']) {
      expect(decode128(code128Widths(text))).toBe(text);
    }
    // every code set B character, and with it checksums across the whole range
    for (let c = 32; c < 127; c++) {
      const text = `A${String.fromCharCode(c)}${String.fromCharCode(126 - (c - 32))}z`;
      expect(decode128(code128Widths(text))).toBe(text);
    }
  });

  it('the QR reads back with zxing', () => {
    expect(decodeQr(qrSvg('SL-C1-03'))).toBe('SL-C1-03');
  });

  it('a unit sheet has one label per slot with the slot id in large type and both codes', () => {
    const unit = makeLayout().zones[1]!.units[0]!;
    const html = labelSheetHtml({ unit, zone: 'chilled', zoneName: '冷藏', symbology: 'both', title: 'C1' });
    expect(html.match(/class="label"/g)).toHaveLength(4);
    expect(html).toContain('<div class="id">C1-01</div>');
    expect(html.match(/aria-label="Code 128 SL-C1-0\d"/g)).toHaveLength(4);
    expect(html.match(/aria-label="QR SL-C1-0\d"/g)).toHaveLength(4);
    expect(html).not.toMatch(/src=|href=/);
    const qrOnly = labelSheetHtml({ unit, zone: 'chilled', zoneName: '冷藏', symbology: 'qr', title: 'C1' });
    expect(qrOnly).not.toContain('Code 128');
  });
});
