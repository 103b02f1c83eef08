import type { ReceiptBlock } from './receiptDocument';

/**
 * The layout pieces every till document (sale receipt, refund slip) is built
 * from, so the two look alike on paper and change together.
 */

/** A label on the left, an amount (or value) at the right edge. */
export const pairBlock = (
  left: string,
  right: string,
  style: 'normal' | 'minor' | 'total' | 'meta' = 'normal',
): ReceiptBlock => ({ kind: 'pair', left, right, style });

/** A quantity as printed: whole units as they are, fractions to three places. */
export function quantityText(qty: number): string {
  return Number.isInteger(qty) ? String(qty) : String(Math.round(qty * 1000) / 1000);
}

/** The store's name, large, and the document's title centred under it. */
export const headerBlocks = (storeName: string, title: string): ReceiptBlock[] => [
  { kind: 'title', text: storeName },
  { kind: 'text', text: title, align: 'center', style: 'bold' },
];

/** The banner a second print carries, so a copy is never taken for the original. */
export const reprintBanner = (text: string): ReceiptBlock => ({
  kind: 'text',
  text,
  align: 'center',
  style: 'banner',
});
