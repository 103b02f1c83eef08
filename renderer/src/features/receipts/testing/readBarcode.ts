/**
 * Reads a barcode back from the SVG bwip-js drew, with zxing — the test's
 * independent witness that a printed symbol scans as its text. bwip-js draws
 * 1D bars as stroked vertical lines and 2D modules as filled polygons; both
 * are rasterised here (nonzero winding, pixel centres) into a luminance map.
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';

type Point = [number, number];

function parsePath(d: string): Point[][] {
  const polygons: Point[][] = [];
  let current: Point[] = [];
  for (const [, op, x, y] of d.matchAll(/([MLZ])\s*(?:(-?[\d.]+)[ ,](-?[\d.]+))?/g)) {
    if (op === 'M') {
      if (current.length) polygons.push(current);
      current = [[Number(x), Number(y)]];
    } else if (op === 'L') current.push([Number(x), Number(y)]);
    else if (op === 'Z') {
      if (current.length) polygons.push(current);
      current = [];
    }
  }
  if (current.length) polygons.push(current);
  return polygons;
}

/** Winding number of the horizontal ray from (px, py) to the right. */
function winding(polygon: Point[], px: number, py: number): number {
  let w = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    if (y1 <= py && y2 > py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) > 0) w += 1;
    else if (y1 > py && y2 <= py && (x2 - x1) * (py - y1) - (px - x1) * (y2 - y1) < 0) w -= 1;
  }
  return w;
}

/** The SVG as a luminance map (0 = black), `scale` pixels per SVG unit. */
export function rasteriseSvg(
  svg: string,
  scale = 2,
): { lum: Uint8ClampedArray; width: number; height: number } {
  const view = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  if (!view) throw new Error('no viewBox');
  const width = Math.ceil(Number(view[1]) * scale);
  const height = Math.ceil(Number(view[2]) * scale);
  const lum = new Uint8ClampedArray(width * height).fill(255);
  for (const m of svg.matchAll(/<path([^>]*)\sd="([^"]+)"/g)) {
    const attrs = m[1] ?? '';
    const stroke = /stroke-width="([\d.]+)"/.exec(attrs);
    const polygons = parsePath(m[2] ?? '');
    if (stroke) {
      // Stroked segments: bars (vertical) of the stroke's width.
      const half = Number(stroke[1]) / 2;
      for (const line of polygons) {
        const [a, b] = line as [Point, Point];
        const [x0, x1] =
          a[0] === b[0] ? [a[0] - half, a[0] + half] : [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
        const [y0, y1] =
          a[0] === b[0] ? [Math.min(a[1], b[1]), Math.max(a[1], b[1])] : [a[1] - half, a[1] + half];
        for (let y = Math.floor(y0 * scale); y < Math.ceil(y1 * scale); y++)
          for (let x = Math.floor(x0 * scale); x < Math.ceil(x1 * scale); x++)
            if (x >= 0 && y >= 0 && x < width && y < height) lum[y * width + x] = 0;
      }
    } else {
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const px = (x + 0.5) / scale;
          const py = (y + 0.5) / scale;
          if (polygons.reduce((w, p) => w + winding(p, px, py), 0) !== 0) lum[y * width + x] = 0;
        }
    }
  }
  return { lum, width, height };
}

/** Decodes the one barcode in a bwip-js SVG (Code 128 or QR); throws when zxing reads nothing. */
export function readSvgBarcode(svg: string): { text: string; format: 'code128' | 'qrcode' } {
  const { lum, width, height } = rasteriseSvg(svg);
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    // Bars are stroked lines, QR modules filled polygons: ask only the matching reader.
    [
      DecodeHintType.POSSIBLE_FORMATS,
      [svg.includes('stroke-width') ? BarcodeFormat.CODE_128 : BarcodeFormat.QR_CODE],
    ],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  const result = reader.decode(
    new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, width, height))),
    hints,
  );
  return {
    text: result.getText(),
    format: result.getBarcodeFormat() === BarcodeFormat.QR_CODE ? 'qrcode' : 'code128',
  };
}

/** The SVG inside a `data:image/svg+xml,…` URL. */
export const svgOfDataUrl = (url: string): string =>
  decodeURIComponent(url.replace(/^data:image\/svg\+xml,/, ''));
