import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';

/**
 * ESC/POS bytes built with @point-of-sale/receipt-printer-encoder. Chinese text
 * is sent in the printer's GB18030 mode (see `encodeReceipt`); the commands
 * themselves are plain ESC/POS.
 */

/** ESC p: a pulse on the drawer kick connector (pin 2, 100 ms on, 500 ms off). */
export function encodeDrawerKick(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos' }).initialize().pulse(0, 100, 500).encode();
}
