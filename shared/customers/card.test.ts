import { describe, expect, it } from 'vitest';
import type { CustomerNote, Product } from '../contract';
import { arrivalMessage, catalogueView, customerCard, todaysWishArrivals, wishArrivalsCsv } from './card';

const TZ = 'Asia/Shanghai';
const TODAY = '2026-11-30';
const p = (sku: string, name: string, category = '乳品') =>
  ({ sku, name, category, active: true }) as Product;
let n = 0;
const note = (extra: Partial<CustomerNote>): CustomerNote => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  storeId: 'S001',
  customerRef: 'CU1',
  customer: { maskedName: '李*', phoneLast4: '6688' },
  kind: 'note',
  text: '周三下午来',
  status: 'open',
  createdAt: '2026-11-20T02:00:00.000Z',
  createdBy: 'C01',
  ...extra,
});

const products = [p('YOG', '无糖酸奶'), p('MILK', '鲜牛奶'), p('TOFU', '嫩豆腐', '豆制品')];
const catalogue = catalogueView(products, [
  { sku: 'YOG', qty: 8, restockedAt: '2026-11-30T01:00:00.000Z' }, // today 09:00 in Shanghai
  { sku: 'MILK', qty: 5, receivedAt: '2026-11-25T01:00:00.000Z' }, // arrived, days ago
  { sku: 'TOFU', qty: 0, restockedAt: '2026-11-30T01:00:00.000Z' }, // sold out again
]);

describe('the customer card', () => {
  it('today’s arrivals first, then earlier arrivals, open wishes, notes; resolved wishes hidden', () => {
    const entries = customerCard(
      [
        note({ text: '对乳糖不耐受', createdAt: '2026-11-29T02:00:00.000Z' }),
        note({ kind: 'wish', text: '想要嫩豆腐', sku: 'TOFU' }),
        note({ kind: 'wish', text: '想要鲜牛奶', sku: 'MILK' }),
        note({ kind: 'wish', text: '想试试无糖酸奶', sku: 'YOG' }),
        note({ kind: 'wish', text: '已买', sku: 'YOG', status: 'done' }),
      ],
      catalogue,
      TODAY,
      TZ,
    );
    expect(entries.map((e) => e.note.text)).toEqual([
      '想试试无糖酸奶',
      '想要鲜牛奶',
      '想要嫩豆腐',
      '对乳糖不耐受',
    ]);
    expect(entries.map((e) => e.arrivedToday)).toEqual([true, false, false, false]);
    expect(entries[1]?.arrival?.source).toBe('received');
  });
});

describe('今日到货·顾客心愿', () => {
  const notes = [
    note({ kind: 'wish', text: '想试试无糖酸奶', sku: 'YOG' }),
    note({
      kind: 'wish',
      text: '酸奶有新的告诉我',
      category: '乳品',
      customerRef: 'CU2',
      customer: { phoneLast4: '0101' },
    }),
    note({ kind: 'wish', text: '鲜牛奶', sku: 'MILK' }),
    note({ text: '对乳糖不耐受' }),
  ];

  it('only wishes that arrived today, grouped by customer', () => {
    const list = todaysWishArrivals(notes, catalogue, TODAY, TZ);
    expect(list.map((c) => [c.customerRef, c.wishes.map((w) => w.productName)])).toEqual([
      ['CU1', ['无糖酸奶']],
      ['CU2', ['无糖酸奶']],
    ]);
    // tomorrow nothing is "today" any more
    expect(todaysWishArrivals(notes, catalogue, '2026-12-01', TZ)).toEqual([]);
  });

  it('a ready message names the customer and the product, and the CSV opens in Excel (BOM, CRLF)', () => {
    const list = todaysWishArrivals(notes, catalogue, TODAY, TZ);
    expect(arrivalMessage(list[0]!, '幸福里店')).toBe(
      '李*（尾号6688）您好，您上次想要的「无糖酸奶」今天到货了，欢迎来幸福里店看看！',
    );
    const csv = wishArrivalsCsv(
      list,
      ['顾客', '尾号', '心愿', '商品', '到货', '消息'],
      '幸福里店',
      () => '09:00',
    );
    expect(csv.startsWith('\uFEFF顾客,尾号,心愿,商品,到货,消息\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(csv).toContain('李*,6688,想试试无糖酸奶,无糖酸奶,09:00,');
  });

  it('a note that looks like a formula is not run by Excel', () => {
    const list = todaysWishArrivals(
      [note({ kind: 'wish', text: '=HYPERLINK("x")', sku: 'YOG' })],
      catalogue,
      TODAY,
      TZ,
    );
    const csv = wishArrivalsCsv(list, ['a'], 's', () => '');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
