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
import {
  headerBlocks,
  pairBlock as pair,
  quantityText as quantity,
  reprintBanner,
} from '@shared/printing/blocks';
import type { ReceiptBlock, ReceiptDocument } from '@shared/printing/receiptDocument';
import type { RefundSlipText } from '@shared/printing/refundSlip';
import { createI18n } from '../../i18n';
import { barcodeDataUrl } from './barcodes';
import { escapeHtml } from './html';

/** A refund prints its own slip (`@shared/printing/refundSlip`). */
export type ReceiptKind = 'sale' | 'reprint';
export type ReceiptWidth = 58 | 80;

export interface ReceiptData {
  kind: ReceiptKind;
  storeName: string;
  terminalId: string;
  clerkName: string;
  /** The sale's receipt number (`T1-20261130-0042`). */
  receiptNo: string;
  /** When the sale happened, ISO 8601. */
  createdAt: string;
  /** The store's time zone (HQ policy), e.g. Asia/Shanghai. */
  timeZone: string;
  sale: MutationPayload<'sale.completed'>;
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

/** The refund slip's words in `language` (`@shared/printing/refundSlip` lays them out). */
export function refundSlipText(language: Language): RefundSlipText {
  const t = translator(language);
  return {
    title: t('receipts.title.refund'),
    refundNo: t('receipts.refundNo'),
    originalSale: t('receipts.originalSale'),
    time: t('receipts.time'),
    clerk: t('receipts.clerk'),
    approvedBy: t('receipts.approvedBy'),
    lines: t('receipts.refundLines'),
    total: t('receipts.refundTotal'),
    refundTo: t('receipts.refundTo'),
    reason: t('receipts.refundReason'),
    reprint: t('receipts.reprintNote'),
    method: {
      cash: t('receipts.tender.cash'),
      card: t('receipts.tender.card'),
      wechat: t('receipts.tender.wechat'),
      alipay: t('receipts.tender.alipay'),
    },
    walletState: {
      pending: t('receipts.walletState.pending'),
      declined: t('receipts.walletState.declined'),
    },
    pendingNote: t('receipts.pendingNote'),
  };
}

/** Printable area and type size per paper width (thermal heads leave ~5 mm each side). */
const PAPER: Record<ReceiptWidth, { contentMm: number; fontMm: number; qrMm: number }> = {
  58: { contentMm: 48, fontMm: 2.9, qrMm: 22 },
  80: { contentMm: 72, fontMm: 3.2, qrMm: 26 },
};

function tenderBlocks(
  tenders: readonly Tender[],
  t: TFunction,
  money: (fen: number) => string,
): ReceiptBlock[] {
  return tenders.flatMap((tender) => {
    const details = [
      tender.tenderedFen !== undefined && tender.method === 'cash'
        ? t('receipts.tendered', { amount: money(tender.tenderedFen) })
        : '',
      tender.reference ? t('receipts.reference', { reference: tender.reference }) : '',
    ].filter(Boolean);
    return [
      pair(t(`receipts.tender.${tender.method}`), money(tender.amountFen)),
      ...(details.length ? [{ kind: 'text', text: details.join(' · '), style: 'minor' } as const] : []),
    ];
  });
}

function saleBlocks(sale: ReceiptData['sale'], t: TFunction, money: (fen: number) => string): ReceiptBlock[] {
  const lines = sale.lines.flatMap((line): ReceiptBlock[] => {
    const price = money(line.unitPriceFen);
    const measure =
      line.weightGrams !== undefined
        ? t('receipts.weightTimesPrice', { kg: (line.weightGrams / 1000).toFixed(3), price })
        : t('receipts.qtyTimesPrice', { qty: quantity(line.qty), price });
    const was =
      line.listPriceFen !== undefined && line.listPriceFen !== line.unitPriceFen
        ? ` · ${t('receipts.listPrice', { price: money(line.listPriceFen) })}`
        : '';
    return [
      { kind: 'text', text: line.name, style: 'bold' },
      pair(measure + was, money(line.amountFen)),
      ...(line.discountFen ? [pair(t('receipts.lineDiscount'), money(-line.discountFen), 'minor')] : []),
    ];
  });
  const itemsFen = sale.lines.reduce((sum, line) => sum + line.amountFen, 0);
  const paidFen = sale.tenders.reduce((sum, tender) => sum + (tender.tenderedFen ?? tender.amountFen), 0);
  const changeFen = sale.tenders.reduce((sum, tender) => sum + (tender.changeFen ?? 0), 0);
  return [
    ...lines,
    { kind: 'rule' },
    pair(t('receipts.itemsTotal'), money(itemsFen)),
    ...(sale.discountFen ? [pair(t('receipts.saleDiscount'), money(-sale.discountFen))] : []),
    ...(sale.roundingFen ? [pair(t('receipts.rounding'), money(sale.roundingFen))] : []),
    pair(t('receipts.total'), money(sale.totalFen), 'total'),
    { kind: 'rule' },
    ...tenderBlocks(sale.tenders, t, money),
    pair(t('receipts.paid'), money(paidFen)),
    ...(changeFen > 0 ? [pair(t('receipts.change'), money(changeFen), 'total')] : []),
  ];
}

/**
 * The receipt as printer-neutral blocks (the one layout): HTML for a system
 * printer (`renderReceiptHtml`), ESC/POS for a network printer (main process).
 */
export function receiptDocument(data: ReceiptData, width: ReceiptWidth): ReceiptDocument {
  const language = data.language ?? 'zh-CN';
  const t = translator(language);
  const money = (fen: number) => formatFen(fen, language);
  return {
    widthMm: width,
    language,
    blocks: [
      ...headerBlocks(data.storeName, t(`receipts.title.${data.kind}`)),
      ...(data.kind === 'reprint' ? [reprintBanner(t('receipts.reprintNote'))] : []),
      pair(t('receipts.terminal'), data.terminalId, 'meta'),
      pair(t('receipts.clerk'), data.clerkName, 'meta'),
      pair(t('receipts.receiptNo'), data.receiptNo, 'meta'),
      pair(t('receipts.time'), formatStoreTime(data.createdAt, data.timeZone, language, 'dateTime'), 'meta'),
      { kind: 'rule' },
      ...saleBlocks(data.sale, t, money),
      { kind: 'barcode', text: data.receiptNo },
      { kind: 'text', text: data.receiptNo, align: 'center' },
      { kind: 'qr', text: data.receiptNo },
      { kind: 'text', text: t('receipts.scanForRefund'), align: 'center' },
      { kind: 'text', text: t('receipts.thanks'), align: 'center' },
    ],
  };
}

/** One block as HTML (images resolved beforehand: bwip-js draws asynchronously). */
function blockHtml(block: ReceiptBlock, images: Map<string, string>): string {
  switch (block.kind) {
    case 'title':
      return `<h1>${escapeHtml(block.text)}</h1>`;
    case 'text': {
      const classes = [block.style ?? 'normal', block.align === 'center' ? 'center' : '']
        .filter(Boolean)
        .join(' ');
      return `<p class="${classes}">${escapeHtml(block.text)}</p>`;
    }
    case 'pair':
      return (
        `<div class="row ${block.style ?? 'normal'}"><span>${escapeHtml(block.left)}</span>` +
        `<span class="amount">${escapeHtml(block.right)}</span></div>`
      );
    case 'rule':
      return '<hr>';
    case 'barcode':
      return `<img class="code128" alt="Code 128 ${escapeHtml(block.text)}" src="${images.get(`code128:${block.text}`) ?? ''}">`;
    case 'qr':
      return `<img class="qr" alt="QR ${escapeHtml(block.text)}" src="${images.get(`qrcode:${block.text}`) ?? ''}">`;
  }
}

/** The receipt as an HTML fragment (style + article) for `platform.printHtml`. */
export function renderReceiptHtml(data: ReceiptData, width: ReceiptWidth): Promise<string> {
  return renderDocumentHtml(receiptDocument(data, width), data.kind);
}

/**
 * Any till document (receipt, refund slip) as an HTML fragment for
 * `platform.printHtml`; `kind` is for the page's own use (`data-kind`).
 */
export async function renderDocumentHtml(document: ReceiptDocument, kind: string): Promise<string> {
  const width = document.widthMm;
  const paper = PAPER[width];
  const images = new Map<string, string>();
  await Promise.all(
    document.blocks.map(async (block) => {
      if (block.kind === 'barcode')
        images.set(
          `code128:${block.text}`,
          await barcodeDataUrl('code128', block.text, { heightMm: 8, padding: 10 }),
        );
      if (block.kind === 'qr')
        images.set(`qrcode:${block.text}`, await barcodeDataUrl('qrcode', block.text, { padding: 2 }));
    }),
  );
  return (
    `<style>
.receipt { width: ${paper.contentMm}mm; margin: 0 auto; padding: 2mm 0 6mm; color: #000; background: #fff;
  font: ${paper.fontMm}mm/1.35 "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.receipt h1 { font-size: 1.45em; text-align: center; margin: 0 0 0.5mm; }
.receipt p { margin: 0; overflow-wrap: anywhere; }
.receipt .center { text-align: center; }
.receipt .bold { font-weight: 700; }
.receipt .banner { border: 0.3mm solid #000; margin: 1mm 0; }
.receipt .row { display: flex; justify-content: space-between; gap: 2mm; }
.receipt .row > span:first-child { overflow-wrap: anywhere; }
.receipt .amount { white-space: nowrap; font-variant-numeric: tabular-nums; }
.receipt .minor { font-size: 0.9em; }
.receipt .total { font-size: 1.25em; font-weight: 700; }
.receipt hr { border: 0; border-top: 0.3mm dashed #000; margin: 1.2mm 0; }
.receipt img { display: block; margin: 1mm auto; image-rendering: pixelated; }
.receipt .code128 { width: 100%; height: 9mm; margin-top: 2mm; }
.receipt .qr { width: ${paper.qrMm}mm; height: ${paper.qrMm}mm; }
</style>` +
    `<article class="receipt paper-${width}" lang="${document.language}" data-kind="${escapeHtml(kind)}">` +
    document.blocks.map((block) => blockHtml(block, images)).join('') +
    `</article>`
  );
}
