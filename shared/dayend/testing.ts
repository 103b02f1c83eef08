import type { MutationPayload } from '../contract/mutations';
import type { ZOrder, ZSale } from './zReport';

/** Builders for day-end tests (shared by shared/, renderer/ and central/ tests). */

let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

export function saleAt(
  createdAt: string,
  totalFen: number,
  tenders: MutationPayload<'sale.completed'>['tenders'] = [{ method: 'cash', amountFen: totalFen }],
  extra: Partial<ZSale> & { discountFen?: number } = {},
): ZSale {
  const { discountFen, ...rest } = extra;
  const saleId = uuid();
  return {
    id: saleId,
    createdAt,
    terminalId: 'T1',
    sale: {
      saleId,
      receiptNo: `R${n}`,
      lines: [
        {
          sku: 'P001',
          name: '鲜牛奶',
          qty: 1,
          unitPriceFen: totalFen + (discountFen ?? 0),
          amountFen: totalFen + (discountFen ?? 0),
        },
      ],
      totalFen,
      ...(discountFen ? { discountFen } : {}),
      tenders,
    },
    ...rest,
  };
}

export function refundOf(
  sale: ZSale,
  createdAt: string,
  totalFen: number,
  method: 'cash' | 'card' | 'wechat' | 'alipay' = 'cash',
) {
  const refundId = uuid();
  return {
    id: refundId,
    createdAt,
    terminalId: sale.terminalId,
    refund: {
      refundId,
      saleId: sale.id,
      lines: [{ sku: 'P001', qty: 1, amountFen: totalFen }],
      totalFen,
      tenders: [{ method, amountFen: totalFen }],
      reason: '质量问题',
    } satisfies MutationPayload<'sale.refunded'>,
  };
}

export function orderOf(
  id: string,
  fields: Partial<ZOrder> & { windowEnd: string; customerRef?: string },
): ZOrder {
  const { windowEnd, customerRef, ...rest } = fields;
  return {
    id,
    status: 'shelved',
    fulfilment: 'store_pickup',
    pickupWindow: { start: new Date(Date.parse(windowEnd) - 4 * 3_600_000).toISOString(), end: windowEnd },
    extendedUntil: null,
    collection: null,
    returnedAt: null,
    cancelledAt: null,
    customer: { phoneLast4: '1234', ...(customerRef ? { customerRef } : {}) },
    ...rest,
  };
}

export const collected = (at: string) => ({
  status: 'collected' as const,
  collection: { at, terminalId: 'T1', staffId: 'C01', verifiedBy: 'code' as const, partial: false },
});
