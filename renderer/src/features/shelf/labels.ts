import { BarcodeFormat, EncodeHintType, QRCodeWriter } from '@zxing/library';
import type { ShelfUnit, TemperatureZone } from '@shared/contract';

/**
 * Slot labels for a shelf unit: the label code (SL-C2-07) as Code 128 and/or
 * QR, with the slot id in large type, as one printable HTML page of inline
 * SVG (the print window loads nothing). @zxing/library has a QR writer but no
 * Code 128 writer, so Code 128 (code set B, which covers the label alphabet)
 * is encoded here; the tests read it back with zxing's Code128Reader.
 */

/** Bar/space widths of Code 128 symbols 0–106 (106 = stop, 7 elements). */
const PATTERNS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
] as const;
const START_B = 104;
const STOP = 106;

/**
 * Code 128 (set B) module widths, alternating bar, space, bar… from the start
 * symbol to the stop bar, without quiet zones. Printable ASCII only.
 */
export function code128Widths(text: string): number[] {
  const values: number[] = [START_B];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 32 || code > 126) throw new RangeError(`Code 128 B cannot encode ${JSON.stringify(char)}`);
    values.push(code - 32);
  }
  const checksum = values.reduce((sum, v, i) => sum + v * (i === 0 ? 1 : i), 0) % 103;
  values.push(checksum, STOP);
  return values.flatMap((v) => [...PATTERNS[v]!].map(Number));
}

const QUIET = 10;

/** A Code 128 barcode as SVG: one rect per bar, `module` user units per module. */
export function code128Svg(text: string, heightModules = 40): string {
  const widths = code128Widths(text);
  const total = widths.reduce((a, b) => a + b, 0) + 2 * QUIET;
  let x = QUIET;
  const bars: string[] = [];
  widths.forEach((w, i) => {
    if (i % 2 === 0) bars.push(`<rect x="${x}" y="0" width="${w}" height="${heightModules}"/>`);
    x += w;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="code128" viewBox="0 0 ${total} ${heightModules}" ` +
    `preserveAspectRatio="none" shape-rendering="crispEdges" role="img" aria-label="Code 128 ${escapeHtml(text)}">` +
    `<rect width="${total}" height="${heightModules}" fill="#fff"/><g fill="#000">${bars.join('')}</g></svg>`
  );
}

/** A QR code as SVG (zxing's QRCodeWriter → BitMatrix → one rect per dark module). */
export function qrSvg(text: string): string {
  const hints = new Map<EncodeHintType, unknown>([[EncodeHintType.MARGIN, 2]]);
  // Size 1 asks for the symbol's natural size: one matrix cell per module.
  const matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 1, 1, hints);
  const size = matrix.getWidth();
  const cells: string[] = [];
  for (let y = 0; y < matrix.getHeight(); y++)
    for (let x = 0; x < size; x++)
      if (matrix.get(x, y)) cells.push(`<rect x="${x}" y="${y}" width="1" height="1"/>`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="qr" viewBox="0 0 ${size} ${matrix.getHeight()}" ` +
    `shape-rendering="crispEdges" role="img" aria-label="QR ${escapeHtml(text)}">` +
    `<rect width="${size}" height="${matrix.getHeight()}" fill="#fff"/><g fill="#000">${cells.join('')}</g></svg>`
  );
}

export type LabelSymbology = 'code128' | 'qr' | 'both';

export interface LabelSheetOptions {
  unit: ShelfUnit;
  zone: TemperatureZone;
  zoneName: string;
  symbology: LabelSymbology;
  title: string;
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One HTML page with a label per slot of the unit, in row/column order (A4, 3 across). */
export function labelSheetHtml({ unit, zoneName, symbology, title }: LabelSheetOptions): string {
  const slots = [...unit.slots].sort((a, b) => a.row - b.row || a.column - b.column);
  const labels = slots
    .map((slot) => {
      const codes = [
        symbology !== 'qr' ? code128Svg(slot.label) : '',
        symbology !== 'code128' ? qrSvg(slot.label) : '',
      ].join('');
      return (
        `<div class="label"><div class="id">${escapeHtml(slot.id)}</div>` +
        `<div class="codes">${codes}</div>` +
        `<div class="meta">${escapeHtml(slot.label)} · ${escapeHtml(zoneName)} · ${escapeHtml(unit.name)} · ` +
        `R${slot.row}C${slot.column}</div></div>`
      );
    })
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
@page { size: A4; margin: 8mm; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; }
.sheet { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; }
.label { border: 0.3mm dashed #999; padding: 3mm; break-inside: avoid; text-align: center; }
.id { font-size: 22mm; font-weight: 700; line-height: 1; letter-spacing: 0.5mm; }
.codes { display: flex; align-items: center; justify-content: center; gap: 3mm; margin: 2mm 0; }
.code128 { width: 45mm; height: 14mm; }
.qr { width: 18mm; height: 18mm; }
.meta { font-size: 3mm; }
</style></head><body><div class="sheet">${labels}</div></body></html>`;
}
