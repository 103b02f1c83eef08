import { z } from 'zod';

/**
 * A receipt as printer-neutral blocks: the renderer builds it once from the
 * sale; it becomes HTML for a system printer or ESC/POS for a network printer
 * (main process), so both print the same thing. Validated where it crosses IPC.
 */

const line = z.string().max(500);

export const receiptBlockSchema = z.discriminatedUnion('kind', [
  /** The store's name, large and centred. */
  z.object({ kind: z.literal('title'), text: line }),
  z.object({
    kind: z.literal('text'),
    text: line,
    align: z.enum(['left', 'center']).default('left'),
    style: z.enum(['normal', 'bold', 'minor', 'banner']).default('normal'),
  }),
  /** Label on the left, amount on the right. */
  z.object({
    kind: z.literal('pair'),
    left: line,
    right: z.string().max(64),
    style: z.enum(['normal', 'minor', 'total', 'meta']).default('normal'),
  }),
  z.object({ kind: z.literal('rule') }),
  z.object({ kind: z.literal('barcode'), text: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('qr'), text: z.string().min(1).max(256) }),
]);
export type ReceiptBlock = z.input<typeof receiptBlockSchema>;
export type ReceiptBlockParsed = z.output<typeof receiptBlockSchema>;

export const receiptDocumentSchema = z
  .object({
    widthMm: z.union([z.literal(58), z.literal(80)]),
    language: z.enum(['zh-CN', 'en']),
    blocks: z.array(receiptBlockSchema).min(1).max(400),
    /** Kick the cash drawer after printing (a cash tender). */
    openDrawer: z.boolean().default(false),
  })
  .strict();
export type ReceiptDocument = z.input<typeof receiptDocumentSchema>;
export type ReceiptDocumentParsed = z.output<typeof receiptDocumentSchema>;

/** Characters per line of the printer's standard font (12×24 dots): 32 on 58 mm, 48 on 80 mm. */
export const receiptColumns = (widthMm: 58 | 80): number => (widthMm === 58 ? 32 : 48);

/**
 * Columns a character takes on a receipt printer: CJK, full-width forms and
 * other East Asian wide characters take two, everything else one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0x303e) ||
      (cp >= 0x3041 && cp <= 0x33ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xa000 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/**
 * A label and an amount on one line of `columns`, the amount right-aligned;
 * a label too long for it goes on lines of its own, the amount under it.
 */
export function padPair(left: string, right: string, columns: number): string[] {
  const room = columns - displayWidth(right) - 1;
  if (displayWidth(left) <= room)
    return [left + ' '.repeat(columns - displayWidth(left) - displayWidth(right)) + right];
  const lines: string[] = [];
  let current = '';
  for (const char of left) {
    if (displayWidth(current + char) > columns) {
      lines.push(current);
      current = '';
    }
    current += char;
  }
  if (displayWidth(current) <= room) {
    lines.push(current + ' '.repeat(columns - displayWidth(current) - displayWidth(right)) + right);
  } else {
    lines.push(current, ' '.repeat(Math.max(0, columns - displayWidth(right))) + right);
  }
  return lines;
}
