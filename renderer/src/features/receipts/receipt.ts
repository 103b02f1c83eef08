/**
 * Receipts for 58 mm and 80 mm thermal paper, as HTML for the platform's
 * print (Electron: silent to the receipt printer; browser: the print dialog).
 * The page loads nothing: its Code 128 and QR of the receipt number (for
 * refunds) are bwip-js SVGs inlined as data: URLs. Amounts go through
 * `formatFen`, times through the store's time zone.
 */
import type { TFunction } from 'i18next';
import type { MutationPayload, Tender } from '@shared/contract';
import { formatFen } from '@shared/money';
import type { Language } from '@shared/settings';
import { formatStoreTime } from '@shared/time/storeTime';
import { createI18n } from '../../i18n';
import { barcodeDataUrl } from './barcodes';
import { escapeHtml } from './html';

export type ReceiptKind = 'sale' | 'refund' | 'reprint';
export type ReceiptWidth = 58 | 80;

export interface ReceiptData {
  kind: ReceiptKind;
  storeName: string;
  terminalId: string;
  clerkName: string;
  /** The sale's receipt number (`T1-20261130-0042`); a refund prints it too, for the audit trail. */
  receiptNo: string;
  /** When the sale (or the refund) happened, ISO 8601. */
  createdAt: string;
  /** The store's time zone (HQ policy), e.g. Asia/Shanghai. */
  timeZone: string;
  sale: MutationPayload<'sale.completed'>;
  /** For `kind: 'refund'`. */
  refund?: MutationPayload<'sale.refunded'>;
  /** Receipt language; the customer's receipt is Chinese unless the store says otherwise. */
  language?: Language;
}

const translators = new Map<Language, TFunction>();
function translator(language: Language): TFunction {
  let t = translators.get(language);
  if (!t) {
    t = createI18n(language).t;
    translators.set(language, t);
  }
  return t;
}

/** Printable area and type size per paper width (thermal heads leave ~5 mm each side). */
const PAPER: Record<ReceiptWidth, { contentMm: number; fontMm: number; qrMm: number }> = {
  58: { contentMm: 48, fontMm: 2.9, qrMm: 22 },
  80: { contentMm: 72, fontMm: 3.2, qrMm: 26 },
};

function quantity(qty: number): string {
  return Number.isInteger(qty) ? String(qty) : String(Math.round(qty * 1000) / 1000);
}

const row = (left: string, right: string, className = '') =>
  `<div class="row${className ? ` ${className}` : ''}"><span>${left}</span><span class="amount">${right}</span></div>`;

function tenderRows(tenders: readonly Tender[], t: TFunction, money: (fen: number) => string): string {
  return tenders
    .map((tender) => {
      const details = [
        tender.tenderedFen !== undefined && tender.method === 'cash'
          ? t('receipts.tendered', { amount: money(tender.tenderedFen) })
          : '',
        tender.reference ? t('receipts.reference', { reference: tender.reference }) : '',
      ].filter(Boolean);
      return (
        row(escapeHtml(t(`receipts.tender.${tender.method}`)), money(tender.amountFen)) +
        (details.length ? `<div class="note">${escapeHtml(details.join(' · '))}</div>` : '')
      );
    })
    .join('');
}

function saleBody(sale: ReceiptData['sale'], t: TFunction, money: (fen: number) => string): string {
  const lines = sale.lines
    .map((line) => {
      const weighed = line.weightGrams !== undefined;
      const price = money(line.unitPriceFen);
      const measure = weighed
        ? t('receipts.weightTimesPrice', { kg: (line.weightGrams! / 1000).toFixed(3), price })
        : t('receipts.qtyTimesPrice', { qty: quantity(line.qty), price });
      const was =
        line.listPriceFen !== undefined && line.listPriceFen !== line.unitPriceFen
          ? ` · ${t('receipts.listPrice', { price: money(line.listPriceFen) })}`
          : '';
      return (
        `<div class="line"><div class="name">${escapeHtml(line.name)}</div>` +
        row(escapeHtml(measure + was), money(line.amountFen)) +
        (line.discountFen
          ? row(escapeHtml(t('receipts.lineDiscount')), money(-line.discountFen), 'minor')
          : '') +
        `</div>`
      );
    })
    .join('');
  const itemsFen = sale.lines.reduce((sum, line) => sum + line.amountFen, 0);
  const paidFen = sale.tenders.reduce((sum, tender) => sum + (tender.tenderedFen ?? tender.amountFen), 0);
  const changeFen = sale.tenders.reduce((sum, tender) => sum + (tender.changeFen ?? 0), 0);
  return (
    `<section class="lines">${lines}</section><hr>` +
    `<section class="totals">` +
    row(escapeHtml(t('receipts.itemsTotal')), money(itemsFen)) +
    (sale.discountFen ? row(escapeHtml(t('receipts.saleDiscount')), money(-sale.discountFen)) : '') +
    (sale.roundingFen ? row(escapeHtml(t('receipts.rounding')), money(sale.roundingFen)) : '') +
    row(escapeHtml(t('receipts.total')), money(sale.totalFen), 'total') +
    `</section><hr><section class="tenders">` +
    tenderRows(sale.tenders, t, money) +
    row(escapeHtml(t('receipts.paid')), money(paidFen)) +
    (changeFen > 0 ? row(escapeHtml(t('receipts.change')), money(changeFen), 'total') : '') +
    `</section>`
  );
}

function refundBody(data: ReceiptData, t: TFunction, money: (fen: number) => string): string {
  const refund = data.refund;
  if (!refund) throw new Error('a refund receipt needs the refund');
  const names = new Map(data.sale.lines.map((line) => [line.sku, line.name]));
  const lines = refund.lines
    .map(
      (line) =>
        `<div class="line"><div class="name">${escapeHtml(names.get(line.sku) ?? line.sku)}</div>` +
        row(escapeHtml(`× ${quantity(line.qty)}`), money(-line.amountFen)) +
        `</div>`,
    )
    .join('');
  return (
    `<h2>${escapeHtml(t('receipts.refundLines'))}</h2><section class="lines">${lines}</section><hr>` +
    `<section class="totals">${row(escapeHtml(t('receipts.refundTotal')), money(-refund.totalFen), 'total')}</section><hr>` +
    `<section class="tenders"><h2>${escapeHtml(t('receipts.refundTo'))}</h2>${tenderRows(refund.tenders, t, money)}</section>` +
    `<p class="note">${escapeHtml(t('receipts.refundReason', { reason: refund.reason }))}</p>`
  );
}

/** The receipt as an HTML fragment (style + article) for `platform.printHtml`. */
export async function renderReceiptHtml(data: ReceiptData, width: ReceiptWidth): Promise<string> {
  const language = data.language ?? 'zh-CN';
  const t = translator(language);
  const money = (fen: number) => escapeHtml(formatFen(fen, language));
  const paper = PAPER[width];
  const [code128, qr] = await Promise.all([
    barcodeDataUrl('code128', data.receiptNo, { heightMm: 8, padding: 10 }),
    barcodeDataUrl('qrcode', data.receiptNo, { padding: 2 }),
  ]);
  const meta = [
    [t('receipts.terminal'), data.terminalId],
    [t('receipts.clerk'), data.clerkName],
    [data.kind === 'refund' ? t('receipts.originalSale') : t('receipts.receiptNo'), data.receiptNo],
    [t('receipts.time'), formatStoreTime(data.createdAt, data.timeZone, language, 'dateTime')],
  ]
    .map(([label, value]) => row(escapeHtml(label ?? ''), escapeHtml(value ?? ''), 'meta'))
    .join('');
  const body = data.kind === 'refund' ? refundBody(data, t, money) : saleBody(data.sale, t, money);
  return (
    `<style>
.receipt { width: ${paper.contentMm}mm; margin: 0 auto; padding: 2mm 0 6mm; color: #000; background: #fff;
  font: ${paper.fontMm}mm/1.35 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.receipt h1 { font-size: 1.45em; text-align: center; margin: 0 0 0.5mm; }
.receipt h2 { font-size: 1em; margin: 1mm 0; }
.receipt .kind { text-align: center; margin: 0 0 1mm; font-weight: 700; }
.receipt .banner { text-align: center; border: 0.3mm solid #000; margin: 1mm 0; }
.receipt .row { display: flex; justify-content: space-between; gap: 2mm; }
.receipt .row > span:first-child { overflow-wrap: anywhere; }
.receipt .amount { white-space: nowrap; font-variant-numeric: tabular-nums; }
.receipt .name { font-weight: 700; overflow-wrap: anywhere; }
.receipt .minor, .receipt .note { font-size: 0.9em; }
.receipt .total { font-size: 1.25em; font-weight: 700; }
.receipt hr { border: 0; border-top: 0.3mm dashed #000; margin: 1.2mm 0; }
.receipt .codes { text-align: center; margin-top: 2mm; }
.receipt .codes img { display: block; margin: 1mm auto; image-rendering: pixelated; }
.receipt .code128 { width: 100%; height: 9mm; }
.receipt .qr { width: ${paper.qrMm}mm; height: ${paper.qrMm}mm; }
.receipt footer p { text-align: center; margin: 0.5mm 0; }
</style>` +
    `<article class="receipt paper-${width}" lang="${language}" data-kind="${data.kind}">` +
    `<header><h1>${escapeHtml(data.storeName)}</h1>` +
    `<p class="kind">${escapeHtml(t(`receipts.title.${data.kind}`))}</p>` +
    (data.kind === 'reprint' ? `<p class="banner">${escapeHtml(t('receipts.reprintNote'))}</p>` : '') +
    `</header><section class="meta">${meta}</section><hr>${body}` +
    `<footer><div class="codes">` +
    `<img class="code128" alt="Code 128 ${escapeHtml(data.receiptNo)}" src="${code128}">` +
    `<p>${escapeHtml(data.receiptNo)}</p>` +
    `<img class="qr" alt="QR ${escapeHtml(data.receiptNo)}" src="${qr}">` +
    `<p>${escapeHtml(t('receipts.scanForRefund'))}</p></div>` +
    `<p>${escapeHtml(t('receipts.thanks'))}</p></footer></article>`
  );
}
