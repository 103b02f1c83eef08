/**
 * Barcode images for everything the store prints (receipts, slot labels), drawn
 * by bwip-js as SVG. The library is loaded on first use: it is large, and the
 * counter's cold start must not pay for it.
 */

import type * as BwipModule from 'bwip-js/browser';

export type Symbology = 'code128' | 'qrcode';

type Bwip = typeof BwipModule;
let bwip: Promise<Bwip> | null = null;
const loadBwip = (): Promise<Bwip> => (bwip ??= import('bwip-js/browser'));

export interface BarcodeOptions {
  /** Bar height in millimetres (Code 128). */
  heightMm?: number;
  /** Quiet zone, in modules. */
  padding?: number;
}

/** The symbol as an SVG document (black on white, no human-readable text: the page prints that itself). */
export async function barcodeSvg(
  symbology: Symbology,
  text: string,
  options: BarcodeOptions = {},
): Promise<string> {
  const { toSVG } = await loadBwip();
  return toSVG({
    bcid: symbology,
    text,
    scale: 2,
    ...(symbology === 'code128' ? { height: options.heightMm ?? 10 } : { eclevel: 'M' }),
    paddingwidth: options.padding ?? 10,
    paddingheight: symbology === 'qrcode' ? (options.padding ?? 4) : 0,
    backgroundcolor: 'FFFFFF',
    includetext: false,
  });
}

/** An SVG as a data: URL, the only kind of image a printed page may load. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export async function barcodeDataUrl(
  symbology: Symbology,
  text: string,
  options?: BarcodeOptions,
): Promise<string> {
  return svgDataUrl(await barcodeSvg(symbology, text, options));
}
