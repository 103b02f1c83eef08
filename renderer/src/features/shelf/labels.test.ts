import { describe, expect, it } from 'vitest';
import { labelSheetHtml } from './labels';
import { makeLayout } from '../../testing/fixtures';
import { readSvgBarcode, svgOfDataUrl } from '../receipts/testing/readBarcode';

/** Every barcode image of a sheet: its alt text and what zxing reads from it. */
function barcodesOf(html: string) {
  return [...html.matchAll(/<img class="(code128|qr)" alt="([^"]+)" src="([^"]+)">/g)].map((m) => ({
    kind: m[1],
    alt: m[2],
    src: m[3] ?? '',
    read: readSvgBarcode(svgOfDataUrl(m[3] ?? '')),
  }));
}

describe('slot labels', () => {
  it('every label carries its code as Code 128 and QR that zxing reads back', async () => {
    const unit = makeLayout().zones[1]!.units[0]!;
    const html = await labelSheetHtml({
      unit,
      zone: 'chilled',
      zoneName: '冷藏',
      symbology: 'both',
      title: 'C1',
    });
    const codes = barcodesOf(html);
    expect(codes).toHaveLength(8);
    for (const code of codes) {
      const text = code.alt?.replace(/^(Code 128|QR) /, '');
      expect(code.read).toEqual({ text, format: code.kind === 'qr' ? 'qrcode' : 'code128' });
    }
    expect(codes.map((c) => c.read.text).sort()).toEqual(
      unit.slots.flatMap((s) => [s.label, s.label]).sort(),
    );
  });

  it('a unit sheet has one label per slot with the slot id in large type, loading nothing', async () => {
    const unit = makeLayout().zones[1]!.units[0]!;
    const html = await labelSheetHtml({
      unit,
      zone: 'chilled',
      zoneName: '冷藏',
      symbology: 'both',
      title: 'C1',
    });
    expect(html.match(/class="label"/g)).toHaveLength(4);
    expect(html).toContain('<div class="id">C1-01</div>');
    expect(html.match(/alt="Code 128 SL-C1-0\d"/g)).toHaveLength(4);
    expect(html.match(/alt="QR SL-C1-0\d"/g)).toHaveLength(4);
    // The only sources are inline images.
    expect(
      [...html.matchAll(/(?:src|href)="([^"]*)"/g)].every((m) => m[1]!.startsWith('data:image/svg+xml,')),
    ).toBe(true);
    const qrOnly = await labelSheetHtml({
      unit,
      zone: 'chilled',
      zoneName: '冷藏',
      symbology: 'qr',
      title: 'C1',
    });
    expect(qrOnly).not.toContain('Code 128');
    expect(barcodesOf(qrOnly).map((c) => c.read.format)).toEqual(['qrcode', 'qrcode', 'qrcode', 'qrcode']);
  });
});
