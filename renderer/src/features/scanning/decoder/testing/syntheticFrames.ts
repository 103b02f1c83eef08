/**
 * Generated camera frames for the decoder tests and benchmark B2: QR, Code 128
 * and EAN-13 symbols rendered into 640×480 RGBA frames with a quiet zone, then
 * degraded the way a counter webcam degrades them (noise, blur, rotation, a
 * small code far away, a phone screen with glare), plus frames with no code.
 * Deterministic: the same seed gives the same frames, so both engines see
 * identical input. Test/bench only — never imported by the app.
 */
import { BarcodeFormat, Code128Reader, QRCodeWriter, EncodeHintType } from '@zxing/library';
import type { DecodeFormat, Frame } from '../types';

export const FRAME_WIDTH = 640;
export const FRAME_HEIGHT = 480;

/** mulberry32: a small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A symbol as a grid of modules, quiet zone included. */
export interface Symbol2D {
  cols: number;
  rows: number;
  isDark(col: number, row: number): boolean;
}

export function qrSymbol(text: string): Symbol2D {
  const hints = new Map<EncodeHintType, unknown>([[EncodeHintType.MARGIN, 4]]);
  const matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints);
  return { cols: matrix.getWidth(), rows: matrix.getHeight(), isDark: (c, r) => matrix.get(c, r) };
}

/** Bars from alternating widths, bar first; quiet zone of `quiet` modules each side. */
function linearSymbol(widths: readonly number[], quiet: number, heightRatio = 0.45): Symbol2D {
  const modules: boolean[] = Array<boolean>(quiet).fill(false);
  widths.forEach((w, i) => {
    for (let k = 0; k < w; k++) modules.push(i % 2 === 0);
  });
  for (let k = 0; k < quiet; k++) modules.push(false);
  const cols = modules.length;
  return { cols, rows: Math.round(cols * heightRatio), isDark: (c) => modules[c] === true };
}

/**
 * Code 128 in code set C for even-length digit strings, B otherwise. The
 * symbol-value → bar-width table is the standard one; @zxing/library keeps a
 * copy (private in its types, public at run time) which saves retyping 107 rows.
 */
export function code128Symbol(text: string): Symbol2D {
  const patterns = (Code128Reader as unknown as { CODE_PATTERNS: ArrayLike<number>[] }).CODE_PATTERNS;
  const values: number[] = [];
  if (/^(\d\d)+$/.test(text)) {
    values.push(105);
    for (let i = 0; i < text.length; i += 2) values.push(Number(text.slice(i, i + 2)));
  } else {
    values.push(104);
    for (const ch of text) {
      const code = ch.charCodeAt(0);
      if (code < 32 || code > 127) throw new RangeError('code128Symbol: ASCII 32–127 only');
      values.push(code - 32);
    }
  }
  const checksum = values.reduce((sum, v, i) => sum + v * (i === 0 ? 1 : i), 0) % 103;
  values.push(checksum, 106);
  const widths = values.flatMap((v) => Array.from(patterns[v] ?? []));
  return linearSymbol(widths, 10);
}

/**
 * GS1-128: Code 128 set C with FNC1 first (what marks it GS1) and FNC1 between
 * segments (a segment ends after a variable-length field). Digits only, even length.
 */
export function gs1Code128Symbol(segments: readonly string[]): Symbol2D {
  const patterns = (Code128Reader as unknown as { CODE_PATTERNS: ArrayLike<number>[] }).CODE_PATTERNS;
  const FNC1 = 102;
  const values: number[] = [105, FNC1];
  segments.forEach((segment, i) => {
    if (!/^(\d\d)+$/.test(segment)) throw new RangeError('gs1Code128Symbol: even-length digits only');
    for (let k = 0; k < segment.length; k += 2) values.push(Number(segment.slice(k, k + 2)));
    if (i < segments.length - 1) values.push(FNC1);
  });
  const checksum = values.reduce((sum, v, i) => sum + v * (i === 0 ? 1 : i), 0) % 103;
  values.push(checksum, 106);
  return linearSymbol(
    values.flatMap((v) => Array.from(patterns[v] ?? [])),
    10,
  );
}

/** EAN-13 L-code widths (space, bar, space, bar); G-code is L reversed, R-code is L starting with a bar. */
const EAN_L = ['3211', '2221', '2122', '1411', '1132', '1231', '1114', '1312', '1213', '3112'];
const EAN_PARITY = [
  'LLLLLL',
  'LLGLGG',
  'LLGGLG',
  'LLGGGL',
  'LGLLGG',
  'LGGLLG',
  'LGGGLL',
  'LGLGLG',
  'LGLGGL',
  'LGGLGL',
];

export function ean13Symbol(code: string): Symbol2D {
  if (!/^\d{13}$/.test(code)) throw new RangeError('ean13Symbol: 13 digits');
  const digits = Array.from(code, Number);
  const parity = EAN_PARITY[digits[0] ?? 0] ?? 'LLLLLL';
  // Runs alternate bar/space starting with a bar; the guard is bar-space-bar.
  const runs: number[] = [1, 1, 1];
  for (let i = 1; i <= 6; i++) {
    const l = Array.from(EAN_L[digits[i] ?? 0] ?? '', Number);
    runs.push(...(parity[i - 1] === 'G' ? l.reverse() : l));
  }
  // Middle guard: space bar space bar space.
  const middle = [1, 1, 1, 1, 1];
  const right: number[] = [];
  for (let i = 7; i <= 12; i++) right.push(...Array.from(EAN_L[digits[i] ?? 0] ?? '', Number));
  // Left digits end on a bar; the middle guard starts with a space; right digits start with a bar.
  const widths = [...runs, ...middle, ...right, 1, 1, 1];
  return linearSymbol(widths, 11, 0.6);
}

export type FrameVariant = 'sharp' | 'noisy' | 'blurred' | 'rotated' | 'small' | 'glare';
export const FRAME_VARIANTS: readonly FrameVariant[] = [
  'sharp',
  'noisy',
  'blurred',
  'rotated',
  'small',
  'glare',
];

interface Look {
  modulePx: number;
  angleDeg: number;
  noise: number;
  blur: number;
  glare: boolean;
}

function lookFor(variant: FrameVariant, matrix: boolean, rand: () => number): Look {
  const sign = rand() < 0.5 ? -1 : 1;
  const base: Look = {
    modulePx: matrix ? 4 : 2.6,
    angleDeg: (rand() - 0.5) * 4,
    noise: 5,
    blur: 0,
    glare: false,
  };
  switch (variant) {
    case 'sharp':
      return base;
    case 'noisy':
      return { ...base, noise: 18 };
    case 'blurred':
      return { ...base, modulePx: matrix ? 4.5 : 3, blur: matrix ? 2 : 1 };
    case 'rotated':
      return {
        ...base,
        angleDeg: sign * (matrix ? 20 + rand() * 25 : 8 + rand() * 10),
        modulePx: matrix ? 4 : 2.8,
      };
    case 'small':
      return { ...base, modulePx: matrix ? 2.2 : 1.6, noise: 6 };
    case 'glare':
      return { ...base, modulePx: matrix ? 3.5 : 2.6, glare: true, noise: 10 };
  }
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Separable box blur of radius r on a luminance plane, in place. */
function boxBlur(lum: Float32Array, width: number, height: number, r: number): void {
  const tmp = new Float32Array(lum.length);
  const span = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += lum[row + Math.min(width - 1, Math.max(0, x + k))] ?? 0;
      tmp[row + x] = sum / span;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x] ?? 0;
      lum[y * width + x] = sum / span;
    }
  }
}

/** A counter scene: uneven light and some clutter (boxes, shelf edges, text-like stripes). */
function paintBackground(lum: Float32Array, width: number, height: number, rand: () => number): void {
  const gx = (rand() - 0.5) * 80;
  const gy = (rand() - 0.5) * 80;
  const base = 120 + rand() * 60;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) lum[y * width + x] = base + (gx * x) / width + (gy * y) / height;
  }
  const shapes = 6 + Math.floor(rand() * 8);
  for (let s = 0; s < shapes; s++) {
    const w = 20 + rand() * 200;
    const h = 10 + rand() * 150;
    const x0 = Math.floor(rand() * (width - w));
    const y0 = Math.floor(rand() * (height - h));
    const tone = 30 + rand() * 200;
    const stripes = rand() < 0.35; // printed text on a box
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        if (stripes && Math.floor((y - y0) / 4) % 3 === 0 && Math.floor((x - x0) / 3) % 4 !== 0) continue;
        lum[y * width + x] = tone;
      }
    }
  }
}

export interface RenderOptions {
  variant: FrameVariant;
  seed: number;
  width?: number;
  height?: number;
}

/** Renders `symbol` (or just the scene, when null) into an RGBA frame. */
export function renderFrame(
  symbol: Symbol2D | null,
  { variant, seed, width = FRAME_WIDTH, height = FRAME_HEIGHT }: RenderOptions,
): Frame {
  const rand = seededRandom(seed);
  const lum = new Float32Array(width * height);
  paintBackground(lum, width, height, rand);
  const look = lookFor(variant, symbol !== null && symbol.rows === symbol.cols, rand);

  let dark = 25;
  let light = 235;
  if (look.glare) {
    // A phone held up to the camera: dark body, a screen a little washed out.
    dark = 60;
    light = 215;
    const sw = width * 0.62;
    const sh = height * 0.86;
    const x0 = (width - sw) / 2;
    const y0 = (height - sh) / 2;
    for (let y = Math.floor(y0 - 14); y < y0 + sh + 14; y++) {
      for (let x = Math.floor(x0 - 14); x < x0 + sw + 14; x++) lum[y * width + x] = 20;
    }
    for (let y = Math.floor(y0); y < y0 + sh; y++) {
      for (let x = Math.floor(x0); x < x0 + sw; x++) lum[y * width + x] = light;
    }
  }

  if (symbol) {
    const cx = width / 2 + (rand() - 0.5) * 60;
    const cy = height / 2 + (rand() - 0.5) * 40;
    const angle = (look.angleDeg * Math.PI) / 180;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    // A long Code 128 label is held further away: the symbol fills at most 85% of the width.
    const m = Math.min(look.modulePx, (0.85 * width) / symbol.cols);
    const half = (Math.hypot(symbol.cols, symbol.rows) * m) / 2 + 2;
    const sub = [0.25, 0.75];
    for (let y = Math.max(0, Math.floor(cy - half)); y < Math.min(height, cy + half); y++) {
      for (let x = Math.max(0, Math.floor(cx - half)); x < Math.min(width, cx + half); x++) {
        let coverage = 0;
        let inside = 0;
        for (const sy of sub) {
          for (const sx of sub) {
            // Inverse rotation into symbol space (modules).
            const dx = x + sx - cx;
            const dy = y + sy - cy;
            const u = (dx * cos + dy * sin) / m + symbol.cols / 2;
            const v = (-dx * sin + dy * cos) / m + symbol.rows / 2;
            if (u < 0 || v < 0 || u >= symbol.cols || v >= symbol.rows) continue;
            inside += 1;
            if (symbol.isDark(Math.floor(u), Math.floor(v))) coverage += 1;
          }
        }
        if (inside === 0) continue;
        const behind = lum[y * width + x] ?? 0;
        const printed = light + ((dark - light) * coverage) / inside;
        lum[y * width + x] = behind + ((printed - behind) * inside) / 4;
      }
    }
  }

  if (look.blur > 0) boxBlur(lum, width, height, look.blur);

  if (look.glare) {
    // Specular highlight across part of the screen, plus the screen's scan-line moiré.
    const gx = width * (0.3 + rand() * 0.4);
    const gy = height * (0.25 + rand() * 0.5);
    const radius = 70 + rand() * 50;
    for (let y = 0; y < height; y++) {
      const moire = 10 * Math.sin(y * 0.9 + x0Phase(seed));
      for (let x = 0; x < width; x++) {
        const d = Math.hypot(x - gx, (y - gy) * 1.6) / radius;
        const i = y * width + x;
        lum[i] = (lum[i] ?? 0) + moire + (d < 1.6 ? 150 * Math.exp(-d * d * 1.4) : 0);
      }
    }
  }

  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < lum.length; i++) {
    const v = (lum[i] ?? 0) + (look.noise > 0 ? gaussian(rand) * look.noise : 0);
    data[i * 4] = v + 4;
    data[i * 4 + 1] = v;
    data[i * 4 + 2] = v - 6;
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

const x0Phase = (seed: number) => (seed % 17) / 3;

export interface SyntheticFrame {
  name: string;
  variant: FrameVariant | 'empty';
  /** What is in the frame, or null for a frame with no code. */
  format: DecodeFormat | null;
  expected: string | null;
  frame: Frame;
}

/** A pickup token of realistic length (the QR the customer shows). */
export function sampleToken(rand: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const pick = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(rand() * 64)]).join('');
  return `LT1.${pick(60)}.${pick(86)}`;
}

export function sampleEan13(rand: () => number): string {
  let data = String(1 + Math.floor(rand() * 9));
  for (let i = 0; i < 11; i++) data += String(Math.floor(rand() * 10));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(data[i]) * (i % 2 === 0 ? 1 : 3);
  return `${data}${(10 - (sum % 10)) % 10}`;
}

export function sampleOrderLabel(rand: () => number): string {
  const serial = String(Math.floor(rand() * 10_000)).padStart(4, '0');
  return rand() < 0.5 ? `LL20261124${serial}` : `LL20261124${serial}-B${1 + Math.floor(rand() * 3)}`;
}

export interface FrameSetOptions {
  seed?: number;
  /** Frames per (variant × format). */
  perCell?: number;
  /** Frames with no code in them. */
  empty?: number;
  variants?: readonly FrameVariant[];
}

/** The B2 frame set: every variant × {QR, Code 128, EAN-13}, plus empty frames. */
export function makeFrameSet({
  seed = 2026,
  perCell = 3,
  empty = 18,
  variants = FRAME_VARIANTS,
}: FrameSetOptions = {}): SyntheticFrame[] {
  const rand = seededRandom(seed);
  const frames: SyntheticFrame[] = [];
  for (const variant of variants) {
    for (const format of ['qr', 'code128', 'ean13'] as const) {
      for (let i = 0; i < perCell; i++) {
        const text =
          format === 'qr'
            ? sampleToken(rand)
            : format === 'code128'
              ? sampleOrderLabel(rand)
              : sampleEan13(rand);
        const symbol =
          format === 'qr' ? qrSymbol(text) : format === 'code128' ? code128Symbol(text) : ean13Symbol(text);
        const frameSeed = Math.floor(rand() * 2 ** 31);
        frames.push({
          name: `${variant}/${format}/${i}`,
          variant,
          format,
          expected: text,
          frame: renderFrame(symbol, { variant, seed: frameSeed }),
        });
      }
    }
  }
  for (let i = 0; i < empty; i++) {
    const variant = FRAME_VARIANTS[i % FRAME_VARIANTS.length] ?? 'sharp';
    frames.push({
      name: `empty/${variant}/${i}`,
      variant: 'empty',
      format: null,
      expected: null,
      frame: renderFrame(null, { variant, seed: Math.floor(rand() * 2 ** 31) }),
    });
  }
  return frames;
}
