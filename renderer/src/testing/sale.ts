/**
 * Test data for the till: a small catalogue (piece goods with EAN-13s, weighed
 * produce with PLUs), stock, the store, its policy, the demo staff and the
 * terminal identity.
 */
import type { Product, StorePolicy } from '@shared/contract';
import type { Cart } from '@shared/sale/cart';
import { gs1CheckDigit } from '@shared/codes/checkDigit';
import type { LinliDb } from '../db/database';
import { metaKey, setMeta } from '../db/meta';
import { completeSale } from '../db/repositories/sales';
import { openShift } from '../db/repositories/shifts';
import type { PaymentGateway } from '@shared/payments/gateway';
import { seededDb, STORE } from './staff';

export const ean = (body12: string) => `${body12}${gs1CheckDigit(body12)}`;

export const MILK_EAN = ean('690123456789');
export const BREAD_EAN = ean('690000000001');

export const PRODUCTS: Product[] = [
  {
    sku: 'S00001',
    barcodes: [MILK_EAN],
    name: '牛奶',
    pinyin: 'nn',
    unit: '盒',
    priceFen: 350,
    weighed: false,
    zone: 'chilled',
    category: '乳品',
    active: true,
  },
  {
    sku: 'S00002',
    barcodes: [BREAD_EAN],
    name: '全麦面包',
    pinyin: 'qmmb',
    unit: '袋',
    priceFen: 1290,
    weighed: false,
    zone: 'ambient',
    category: '烘焙',
    active: true,
  },
  {
    sku: 'S00003',
    barcodes: [ean('690000000002')],
    name: '蒙牛纯牛奶 250ml',
    pinyin: 'mncnn',
    unit: '盒',
    priceFen: 400,
    weighed: false,
    zone: 'chilled',
    category: '乳品',
    active: true,
  },
  {
    sku: 'P10001',
    barcodes: [],
    name: '西红柿',
    pinyin: 'xhs',
    unit: 'kg',
    priceFen: 698,
    weighed: true,
    plu: '10001',
    zone: 'ambient',
    category: '生鲜果蔬',
    active: true,
  },
];

/** An 18-digit scale label: 26, PLU, amount in fen, grams, check digit. */
export const scaleLabel = (plu: string, fen: number, grams: number) => {
  const body = `26${plu}${String(fen).padStart(5, '0')}${String(grams).padStart(5, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
};

export async function seededTillDb(
  policy: Partial<StorePolicy> = {},
  options: { shift?: boolean } = {},
): Promise<LinliDb> {
  const db = await seededDb();
  await db.products.bulkPut(PRODUCTS);
  await db.stock.bulkPut(
    PRODUCTS.map((p) => ({
      storeId: STORE,
      sku: p.sku,
      qty: p.weighed ? 20_000 : 24,
      updatedAt: '2026-11-30T00:00:00.000Z',
    })),
  );
  await setMeta(db, metaKey.store(STORE), { id: STORE, name: '邻里便利店', timeZone: 'Asia/Shanghai' });
  await setMeta(db, metaKey.storePolicy(STORE), {
    storeId: STORE,
    pickupGraceHours: 24,
    dueSoonMinutes: 30,
    cashDifferenceThresholdFen: 1000,
    refundApprovalThresholdFen: 5000,
    rounding: 'none',
    ...policy,
  });
  // A sale needs an open shift (helper dayend's guard in completeSale).
  if (options.shift !== false) await openShift(db, { count: { 'note-100': 5 } }, { staffId: 'C01' });
  return db;
}

/** A cart of `qty` milk at ¥3.50 (two: ¥7.00), fresh each call. */
export function milkCart(qty = 2): Cart {
  return {
    lines: [
      {
        id: 'l1',
        sku: 'S00001',
        name: '牛奶',
        unit: '盒',
        weighed: false,
        qty,
        listPriceFen: 350,
        unitPriceFen: 350,
        discountFen: 0,
      },
    ],
    saleDiscountFen: 0,
  };
}

/** Two milk (¥7.00) paid by WeChat, charged in the gateway's ledger. */
export async function wechatSale(db: LinliDb, gateway: Pick<PaymentGateway, 'charge'>) {
  const paymentId = crypto.randomUUID();
  await gateway.charge({ paymentId, method: 'wechat', amountFen: 700, authCode: '134567890123456789' });
  const { sale } = await completeSale(
    db,
    {
      cart: milkCart(),
      tenders: [{ id: paymentId, method: 'wechat', amountFen: 700, reference: 'W1' }],
    },
    { staffId: 'C01' },
  );
  return { sale, paymentId };
}
