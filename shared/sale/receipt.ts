/**
 * Receipt numbers: `T1-20261130-0042` — the terminal, the business day in the
 * store's zone, and a serial that restarts at 1 each business day on each
 * terminal (so two terminals never collide and a number says where and when).
 * Printed as a Code 128 on the receipt; scanning it finds the sale for a refund.
 */
import { RECEIPT_NO_RE } from '../codes/formats';
import { compactDate } from '../time/storeTime';

/** The receipt counter's key: one sequence per terminal per business day. */
export const receiptCounterKey = (terminalId: string, businessDate: string): string =>
  `${terminalId}:${businessDate}`;

export function formatReceiptNo(terminalId: string, businessDate: string, serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 1) throw new RangeError(`receipt serial ${serial}`);
  return `${terminalId.toUpperCase()}-${compactDate(businessDate)}-${String(serial).padStart(4, '0')}`;
}

export interface ReceiptNoParts {
  terminalId: string;
  /** yyyy-mm-dd */
  businessDate: string;
  serial: number;
}

export function parseReceiptNo(text: string): ReceiptNoParts | null {
  const m = RECEIPT_NO_RE.exec(text.trim().toUpperCase());
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const d = m[2];
  return {
    terminalId: m[1],
    businessDate: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
    serial: Number(m[3]),
  };
}
