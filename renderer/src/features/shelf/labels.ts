import type { ShelfUnit, TemperatureZone } from '@shared/contract';
import { barcodeDataUrl } from '../receipts/barcodes';
import { escapeHtml } from '../receipts/html';

/**
 * Slot labels for a shelf unit: the label code (SL-C2-07) as Code 128 and/or
 * QR, drawn by bwip-js (the one barcode renderer), with the slot id in large
 * type, as one printable HTML page whose only images are inline data: URLs
 * (the print window loads nothing).
 */

export type LabelSymbology = 'code128' | 'qr' | 'both';

export interface LabelSheetOptions {
  unit: ShelfUnit;
  zone: TemperatureZone;
  zoneName: string;
  symbology: LabelSymbology;
  title: string;
}

const image = async (kind: 'code128' | 'qrcode', text: string) =>
  `<img class="${kind === 'code128' ? 'code128' : 'qr'}" alt="${kind === 'code128' ? 'Code 128' : 'QR'} ${escapeHtml(text)}" ` +
  `src="${await barcodeDataUrl(kind, text, { heightMm: 12, padding: kind === 'code128' ? 10 : 2 })}">`;

/** One HTML page with a label per slot of the unit, in row/column order (A4, 3 across). */
export async function labelSheetHtml({
  unit,
  zoneName,
  symbology,
  title,
}: LabelSheetOptions): Promise<string> {
  const slots = [...unit.slots].sort((a, b) => a.row - b.row || a.column - b.column);
  const rendered = await Promise.all(
    slots.map(async (slot) => {
      const codes = [
        symbology !== 'qr' ? await image('code128', slot.label) : '',
        symbology !== 'code128' ? await image('qrcode', slot.label) : '',
      ].join('');
      return (
        `<div class="label"><div class="id">${escapeHtml(slot.id)}</div>` +
        `<div class="codes">${codes}</div>` +
        `<div class="meta">${escapeHtml(slot.label)} · ${escapeHtml(zoneName)} · ${escapeHtml(unit.name)} · ` +
        `R${slot.row}C${slot.column}</div></div>`
      );
    }),
  );
  const labels = rendered.join('');
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
