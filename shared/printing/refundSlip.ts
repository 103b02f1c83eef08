/**
 * 退款凭证: the slip a refund prints at the till — for the customer, what was
 * refunded and how; for the drawer, the record of money paid out. Built from
 * the refund as recorded (`sale.refunded`) and the gateway's answers for its
 * e-wallet part, as the same printer-neutral blocks as the sale receipt, so it
 * prints through the same path (HTML or ESC/POS) on 58 or 80 mm paper.
 *
 * The words come from the caller (the renderer's i18n), so this stays pure.
 */
import type { MutationPayload, TenderMethod } from '../contract';
import { formatFen } from '../money';
import { walletRefundRequests, type WalletRefundState } from '../payments/refunds';
import type { Language } from '../settings';
import { formatStoreTime } from '../time/storeTime';
import { headerBlocks, pairBlock, quantityText, reprintBanner } from './blocks';
import type { ReceiptBlock, ReceiptDocument } from './receiptDocument';

export interface RefundSlipInput {
  storeName: string;
  /** The sale's receipt number (`T1-20261130-0042`). */
  receiptNo: string;
  /** Which refund of that sale this is: 1 for the first, 2 for the next… */
  ordinal: number;
  /** When the refund was recorded, ISO 8601. */
  createdAt: string;
  /** The store's time zone (HQ policy). */
  timeZone: string;
  /** The sale's lines, for the names of what came back. */
  saleLines: MutationPayload<'sale.completed'>['lines'];
  refund: MutationPayload<'sale.refunded'>;
  /** The gateway's answers for the refund's e-wallet tenders (`RefundRow.wallet`). */
  wallet?: readonly { gatewayRefundId: string; state: WalletRefundState }[];
  clerkName: string;
  /** The manager who approved a refund above the store's threshold. */
  approvedByName?: string;
  language: Language;
  /** A second print: marked so, and it never opens the drawer again. */
  reprint?: boolean;
}

/** The slip's words in the slip's language (from the receipts' i18n messages). */
export interface RefundSlipText {
  title: string;
  refundNo: string;
  originalSale: string;
  time: string;
  clerk: string;
  approvedBy: string;
  lines: string;
  total: string;
  refundTo: string;
  reason: string;
  reprint: string;
  method: Record<TenderMethod, string>;
  /** An e-wallet refund the gateway has not confirmed (待确认), or refused. */
  walletState: Record<Exclude<WalletRefundState, 'refunded'>, string>;
  /** Printed under a pending e-wallet refund: what the customer should do. */
  pendingNote: string;
}

/** The refund's number on paper: the sale's receipt number and which refund of it (`…-0042-R1`). */
export function refundSlipNo(receiptNo: string, ordinal: number): string {
  if (!Number.isSafeInteger(ordinal) || ordinal < 1) throw new RangeError(`refund ordinal ${ordinal}`);
  return `${receiptNo}-R${String(ordinal)}`;
}

/**
 * A sale's refunds in the order they were made — by when each was recorded,
 * then by id for two in the same millisecond — so that the n-th is refund `Rn`
 * on every print of its slip, the first and every reprint alike.
 */
export function inRefundOrder<T extends { id: string; createdAt: string }>(refunds: readonly T[]): T[] {
  return [...refunds].sort((a, b) =>
    a.createdAt === b.createdAt ? compare(a.id, b.id) : compare(a.createdAt, b.createdAt),
  );
}
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Which refund of its sale `refundId` is (1 for the first), as its slip numbers it. */
export function refundOrdinal(
  refunds: readonly { id: string; createdAt: string }[],
  refundId: string,
): number {
  const index = inRefundOrder(refunds).findIndex((r) => r.id === refundId);
  if (index < 0) throw new RangeError(`refund ${refundId} is not one of the sale's refunds`);
  return index + 1;
}

export interface RefundSlipTender {
  method: TenderMethod;
  amountFen: number;
  /** For an e-wallet tender: as far as the till knows. */
  state?: WalletRefundState;
}

/**
 * Each tender the refund pays back, with the e-wallet ones' state. A wallet
 * tender the gateway has not answered for counts as pending: the slip never
 * says money went back before the gateway said so.
 */
export function refundSlipTenders(
  refund: MutationPayload<'sale.refunded'>,
  wallet: RefundSlipInput['wallet'] = [],
): RefundSlipTender[] {
  const requests = walletRefundRequests(refund.refundId, refund.tenders);
  const stateOf = new Map(wallet.map((w) => [w.gatewayRefundId, w.state]));
  let nextWallet = 0;
  return refund.tenders
    .filter((tender) => tender.amountFen > 0)
    .map((tender) => {
      if (tender.method !== 'wechat' && tender.method !== 'alipay')
        return { method: tender.method, amountFen: tender.amountFen };
      const request = requests[nextWallet++];
      return {
        method: tender.method,
        amountFen: tender.amountFen,
        state: (request && stateOf.get(request.gatewayRefundId)) ?? 'pending',
      };
    });
}

/** Whether the slip is one the drawer opens for: cash paid out, first print only. */
export const refundSlipOpensDrawer = (input: Pick<RefundSlipInput, 'refund' | 'reprint'>): boolean =>
  !input.reprint && input.refund.tenders.some((t) => t.method === 'cash' && t.amountFen > 0);

/** The refund slip as printer-neutral blocks, for 58 or 80 mm paper. */
export function refundSlipDocument(
  input: RefundSlipInput,
  text: RefundSlipText,
  widthMm: 58 | 80,
): ReceiptDocument {
  const money = (fen: number) => formatFen(fen, input.language);
  const lineOf = (l: MutationPayload<'sale.refunded'>['lines'][number]) =>
    (l.line !== undefined ? input.saleLines[l.line] : undefined) ??
    input.saleLines.find((s) => s.sku === l.sku);
  const lines = input.refund.lines.flatMap((l): ReceiptBlock[] => {
    const sold = lineOf(l);
    // Weighed goods are sold (and refunded) by the kilogram.
    const measure = sold?.weightGrams !== undefined ? `${l.qty.toFixed(3)} kg` : `× ${quantityText(l.qty)}`;
    return [
      { kind: 'text', text: sold?.name ?? l.sku, style: 'bold' },
      pairBlock(measure, money(l.amountFen)),
    ];
  });
  const tenders = refundSlipTenders(input.refund, input.wallet).flatMap((t): ReceiptBlock[] => {
    const open = t.state === 'pending' || t.state === 'declined' ? t.state : null;
    const label = open ? `${text.method[t.method]}（${text.walletState[open]}）` : text.method[t.method];
    return [
      pairBlock(label, money(t.amountFen)),
      ...(open === 'pending'
        ? [{ kind: 'text', text: text.pendingNote, style: 'minor' } as const satisfies ReceiptBlock]
        : []),
    ];
  });
  return {
    widthMm,
    language: input.language,
    blocks: [
      ...headerBlocks(input.storeName, text.title),
      ...(input.reprint ? [reprintBanner(text.reprint)] : []),
      pairBlock(text.refundNo, refundSlipNo(input.receiptNo, input.ordinal), 'meta'),
      pairBlock(text.originalSale, input.receiptNo, 'meta'),
      pairBlock(
        text.time,
        formatStoreTime(input.createdAt, input.timeZone, input.language, 'dateTime'),
        'meta',
      ),
      pairBlock(text.clerk, input.clerkName, 'meta'),
      ...(input.approvedByName ? [pairBlock(text.approvedBy, input.approvedByName, 'meta')] : []),
      { kind: 'rule' },
      { kind: 'text', text: text.lines, style: 'bold' },
      ...lines,
      { kind: 'rule' },
      pairBlock(text.total, money(input.refund.totalFen), 'total'),
      { kind: 'rule' },
      { kind: 'text', text: text.refundTo, style: 'bold' },
      ...tenders,
      { kind: 'rule' },
      { kind: 'text', text: `${text.reason}${input.refund.reason}` },
    ],
    openDrawer: false,
  };
}
