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

describe('the customer card: order within each group', () => {
  const shelf = catalogueView(
    [
      p('YOG', '无糖酸奶'),
      p('MILK', '鲜牛奶'),
      p('EGG', '土鸡蛋', '蛋'),
      p('TOFU', '嫩豆腐', '豆制品'),
      p('BUN', '包子', '面点'),
    ],
    [
      { sku: 'YOG', qty: 8, restockedAt: '2026-11-30T01:00:00.000Z' }, // today 09:00
      { sku: 'MILK', qty: 8, receivedAt: '2026-11-30T03:00:00.000Z' }, // today 11:00
      { sku: 'EGG', qty: 8, receivedAt: '2026-11-27T01:00:00.000Z' },
      { sku: 'TOFU', qty: 8, receivedAt: '2026-11-25T01:00:00.000Z' },
      { sku: 'BUN', qty: 0 },
    ],
  );

  it('arrivals latest first (whenever wished), then open wishes and notes newest first', () => {
    const entries = customerCard(
      [
        note({ text: '旧备注', createdAt: '2026-11-01T02:00:00.000Z' }),
        note({ text: '新备注', createdAt: '2026-11-21T02:00:00.000Z' }),
        note({ kind: 'wish', text: '想要包子（旧）', sku: 'BUN', createdAt: '2026-11-02T02:00:00.000Z' }),
        note({ kind: 'wish', text: '想要包子（新）', sku: 'BUN', createdAt: '2026-11-22T02:00:00.000Z' }),
        // wished first, arrived last: the arrival orders them, not the wish
        note({ kind: 'wish', text: '想要嫩豆腐', sku: 'TOFU', createdAt: '2026-11-23T02:00:00.000Z' }),
        note({ kind: 'wish', text: '想要土鸡蛋', sku: 'EGG', createdAt: '2026-11-03T02:00:00.000Z' }),
        note({ kind: 'wish', text: '想试试无糖酸奶', sku: 'YOG', createdAt: '2026-11-24T02:00:00.000Z' }),
        note({ kind: 'wish', text: '想要鲜牛奶', sku: 'MILK', createdAt: '2026-11-04T02:00:00.000Z' }),
      ],
      shelf,
      TODAY,
      TZ,
    );
    expect(entries.map((e) => e.note.text)).toEqual([
      '想要鲜牛奶',
      '想试试无糖酸奶',
      '想要土鸡蛋',
      '想要嫩豆腐',
      '想要包子（新）',
      '想要包子（旧）',
      '新备注',
      '旧备注',
    ]);
  });
});

describe('the catalogue view', () => {
  it('finds a category’s products, and none for a category it does not have', () => {
    expect(catalogue.byCategory('乳品').map((x) => x.sku)).toEqual(['YOG', 'MILK']);
    expect(catalogue.byCategory('火箭')).toEqual([]);
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
    expect(csv).toContain('李*,"=""6688""",想试试无糖酸奶,无糖酸奶,09:00,');
  });

  it('customers by their latest arrival, each one’s wishes latest first', () => {
    const shelf = catalogueView(
      [p('YOG', '无糖酸奶'), p('MILK', '鲜牛奶'), p('EGG', '土鸡蛋', '蛋'), p('BUN', '包子', '面点')],
      [
        { sku: 'YOG', qty: 8, restockedAt: '2026-11-30T01:00:00.000Z' }, // 09:00
        { sku: 'EGG', qty: 8, receivedAt: '2026-11-30T02:00:00.000Z' }, // 10:00
        { sku: 'BUN', qty: 8, receivedAt: '2026-11-30T02:30:00.000Z' }, // 10:30
        { sku: 'MILK', qty: 8, receivedAt: '2026-11-30T03:00:00.000Z' }, // 11:00
      ],
    );
    const list = todaysWishArrivals(
      [
        note({ kind: 'wish', text: '鸡蛋', sku: 'EGG', customerRef: 'CU2' }),
        note({ kind: 'wish', text: '酸奶', sku: 'YOG', customerRef: 'CU1' }),
        note({ kind: 'wish', text: '包子', sku: 'BUN', customerRef: 'CU3' }),
        note({ kind: 'wish', text: '牛奶', sku: 'MILK', customerRef: 'CU1' }),
      ],
      shelf,
      TODAY,
      TZ,
    );
    expect(list.map((c) => [c.customerRef, c.wishes.map((w) => w.productName)])).toEqual([
      ['CU1', ['鲜牛奶', '无糖酸奶']],
      ['CU3', ['包子']],
      ['CU2', ['土鸡蛋']],
    ]);
  });

  it('a customer known only by reference: greeted plainly, empty name and phone in the CSV', () => {
    const list = todaysWishArrivals(
      [note({ kind: 'wish', text: '想试试无糖酸奶', sku: 'YOG', customer: undefined })],
      catalogue,
      TODAY,
      TZ,
    );
    expect(list[0]).toMatchObject({ customerRef: 'CU1', maskedName: null, phoneLast4: null });
    expect(arrivalMessage(list[0]!, '幸福里店')).toBe(
      '您好，您上次想要的「无糖酸奶」今天到货了，欢迎来幸福里店看看！',
    );
    const csv = wishArrivalsCsv(list, ['h'], '幸福里店', () => '09:00');
    expect(csv.split('\r\n')[1]).toMatch(/^,,想试试无糖酸奶,无糖酸奶,09:00,/);
  });

  it('the message names the customer as far as known, and each wished product once', () => {
    const wishes = ['无糖酸奶', '鲜牛奶', '无糖酸奶'].map((productName) => ({ productName }));
    const message = (maskedName: string | null, phoneLast4: string | null) =>
      arrivalMessage({ maskedName, phoneLast4, wishes } as Parameters<typeof arrivalMessage>[0], '幸福里店');
    expect(message('李*', null)).toBe(
      '李*您好，您上次想要的「无糖酸奶」、「鲜牛奶」今天到货了，欢迎来幸福里店看看！',
    );
    expect(message(null, '0101')).toBe(
      '尾号0101的顾客您好，您上次想要的「无糖酸奶」、「鲜牛奶」今天到货了，欢迎来幸福里店看看！',
    );
  });

  it('ordinary text with a plus or minus inside is left as written in the CSV', () => {
    const list = todaysWishArrivals(
      [note({ kind: 'wish', text: '低脂+无糖都行，2-3盒', sku: 'YOG' })],
      catalogue,
      TODAY,
      TZ,
    );
    const csv = wishArrivalsCsv(list, ['a'], 's', () => '');
    expect(csv).toContain(',低脂+无糖都行，2-3盒,');
  });

  it('a phone’s last 4 stays text in Excel, a leading 0 kept; nothing else is written as a formula', () => {
    const list = todaysWishArrivals(
      [
        note({
          kind: 'wish',
          text: '想试试',
          sku: 'YOG',
          customer: { maskedName: '王*', phoneLast4: '0123' },
        }),
        note({
          kind: 'wish',
          text: '=1+1',
          sku: 'YOG',
          customerRef: 'CU9',
          customer: { phoneLast4: '12a4' },
        }),
      ],
      catalogue,
      TODAY,
      TZ,
    );
    const rows = wishArrivalsCsv(list, ['a'], 's', () => '').split('\r\n');
    // Excel reads ="0123" as the text 0123 (a bare 0123 opens as the number 123).
    expect(rows).toContainEqual(expect.stringMatching(/^王\*,"=""0123""",想试试,/));
    // Only digits get that form: other text is a plain cell, and a formula-like note is still defused.
    expect(rows).toContainEqual(expect.stringMatching(/^,12a4,'=1\+1,/));
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
