import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import iconv from 'iconv-lite';
import { padPair, receiptColumns, type ReceiptDocument } from '@shared/printing/receiptDocument';

/**
 * ESC/POS bytes built with @point-of-sale/receipt-printer-encoder (commands,
 * Code 128, QR, cut, drawer pulse). Text is sent in the printer's Chinese
 * mode as GB18030 (iconv-lite): the encoder's single-byte code pages have no
 * Chinese, and Chinese-market printers (XPrinter, 佳博, Epson TM-T82 CN) read
 * GB18030 once FS & selects it.
 */

const FS_CHINESE_ON = [0x1c, 0x26];

const newEncoder = () => new ReceiptPrinterEncoder({ language: 'esc-pos', newline: '\n' });

/** ESC p: a pulse on the drawer kick connector (pin 2, 100 ms on, 500 ms off). */
export function encodeDrawerKick(): Uint8Array {
  return newEncoder().initialize().pulse(0, 100, 500).encode();
}

export const gb18030 = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, 'gb18030'));

/**
 * Text as the printer's font has it: the half-width yen sign (U+00A5) is not in
 * GBK, which most receipt printers' Chinese fonts stop at, so it prints as the
 * full-width ￥ (A3A4) every one of them has.
 */
export const printerText = (text: string): string => text.replace(/¥/g, '￥');

/** A receipt document as ESC/POS: the same blocks the HTML receipt shows. */
export function encodeReceipt(document: ReceiptDocument): Uint8Array {
  const columns = receiptColumns(document.widthMm);
  const encoder = newEncoder().initialize().raw(FS_CHINESE_ON);
  const text = (value: string) => encoder.raw(gb18030(printerText(value))).newline();
  for (const block of document.blocks) {
    switch (block.kind) {
      case 'title':
        encoder.align('center').bold(true).size(2, 2);
        text(block.text);
        encoder.size(1, 1).bold(false).align('left');
        break;
      case 'text':
        encoder.align(block.align ?? 'left');
        if (block.style === 'bold' || block.style === 'banner') encoder.bold(true);
        text(block.text);
        encoder.bold(false).align('left');
        break;
      case 'pair': {
        // Double height keeps the column count: the total still lines up.
        if (block.style === 'total') encoder.bold(true).size(1, 2);
        for (const line of padPair(printerText(block.left), printerText(block.right), columns)) text(line);
        if (block.style === 'total') encoder.size(1, 1).bold(false);
        break;
      }
      case 'rule':
        text('-'.repeat(columns));
        break;
      case 'barcode':
        encoder
          .align('center')
          .barcode(block.text, 'code128', { height: 60, width: 2, text: false })
          .align('left');
        break;
      case 'qr':
        encoder.align('center').qrcode(block.text, { model: 2, size: 6, errorlevel: 'm' }).align('left');
        break;
    }
  }
  encoder.newline(3).cut('partial');
  if (document.openDrawer) encoder.pulse(0, 100, 500);
  return encoder.encode();
}
