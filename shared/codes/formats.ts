/**
 * The store's own code formats, agreed by HQ's demo data, the label printers and
 * the code parser. Product barcodes (EAN/UPC, scale codes) and payment codes are
 * external formats and are handled by the parser, not here.
 *
 *   pickup token   LT1.<base64url payload>.<base64url signature>  (QR, signed by HQ)
 *   pickup code    6 digits                                       (what the mall shows)
 *   order number   LL + yyyymmdd + 4-digit serial                 LL202611240123
 *   bag label      <order number>-B<n>                            LL202611240123-B2
 *   slot id        <zone letter><unit>-<2-digit slot>             C2-07  (A ambient, C chilled, F frozen)
 *   slot label     SL-<slot id>                                   SL-C2-07
 *   staff badge    LS-<staff id>                                  LS-C01, LS-M01
 *   batch code     GB-<leader id>-<yyyymmdd>-<n>                  GB-L01-20261124-1
 *   rider badge    RD-<rider id>                                  RD-R01  (定时送达; the rider's own QR is HQ's token)
 */

export const PICKUP_TOKEN_PREFIX = 'LT1.';
export const PICKUP_CODE_RE = /^\d{6}$/;
export const ORDER_NUMBER_RE = /^LL\d{8}\d{4}$/;
export const BAG_LABEL_RE = /^(LL\d{12})-B(\d{1,2})$/;
export const SLOT_ID_RE = /^[ACF]\d{1,2}-\d{2}$/;
export const SLOT_LABEL_RE = /^SL-([ACF]\d{1,2}-\d{2})$/;
export const STAFF_BADGE_RE = /^LS-([A-Z]\d{2,4})$/;
/** Till receipt number `T1-20261130-0042` (terminal, business day, serial): shared/sale/receipt.ts. */
export const RECEIPT_NO_RE = /^([A-Z][A-Z0-9]{0,7})-(\d{8})-(\d{4,6})$/;
export const RIDER_BADGE_RE = /^RD-(R\d{2,4})$/;
export const BATCH_CODE_RE = /^GB-(L\d{2,4})-(\d{8})-(\d{1,3})$/;

export type ZoneLetter = 'A' | 'C' | 'F';
export const ZONE_LETTER = { ambient: 'A', chilled: 'C', frozen: 'F' } as const satisfies Record<
  'ambient' | 'chilled' | 'frozen',
  ZoneLetter
>;

export const orderNumber = (yyyymmdd: string, serial: number): string =>
  `LL${yyyymmdd}${String(serial).padStart(4, '0')}`;
export const bagLabel = (orderNo: string, bagIndex: number): string => `${orderNo}-B${bagIndex}`;
export const slotId = (zone: ZoneLetter, unit: number, slot: number): string =>
  `${zone}${unit}-${String(slot).padStart(2, '0')}`;
export const slotLabel = (id: string): string => `SL-${id}`;
export const staffBadge = (staffId: string): string => `LS-${staffId}`;
export const riderBadge = (riderId: string): string => `RD-${riderId}`;
export const batchCode = (leaderId: string, yyyymmdd: string, n: number): string =>
  `GB-${leaderId}-${yyyymmdd}-${n}`;
