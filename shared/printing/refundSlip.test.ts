import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MutationPayload } from '../contract';
import { formatFen, parseYuan } from '../money';
import { planRefund } from '../sale/refund';
import {
  displayWidth,
  padPair,
  receiptColumns,
  receiptDocumentSchema,
  type ReceiptBlock,
} from './receiptDocument';
import {
  inRefundOrder,
  refundOrdinal,
  refundSlipDocument,
  refundSlipNo,
  refundSlipOpensDrawer,
  type RefundSlipInput,
  type RefundSlipText,
} from './refundSlip';

/** The words as the renderer's zh-CN receipts messages give them. */
const ZH: RefundSlipText = {
  title: '退款凭证',
  refundNo: '退款单号',
  originalSale: '原销售单',
  time: '时间',
  clerk: '收银员',
  approvedBy: '审批店长',
  lines: '退货商品',
  total: '退款合计',
  refundTo: '退回',
  reason: '原因：',
  reprint: '重打印 · 非首次打印',
  method: { cash: '现金', card: '银行卡', wechat: '微信支付', alipay: '支付宝' },
  walletState: { pending: '待确认', declined: '未退回' },
  pendingNote: '到账以微信/支付宝通知为准',
};

const SALE_LINES: MutationPayload<'sale.completed'>['lines'] = [
  { sku: 'S1', name: '牛奶', qty: 3, unitPriceFen: 350, amountFen: 1050 },
  { sku: 'P10001', name: '西红柿', qty: 0.5, weightGrams: 500, unitPriceFen: 698, amountFen: 349 },
  { sku: 'S2', name: '面包', qty: 1, unitPriceFen: 600, amountFen: 600 },
];
const REFUND_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const input = (over: Partial<RefundSlipInput> = {}): RefundSlipInput => ({
  storeName: '邻里便利店',
  receiptNo: 'T1-20261130-0042',
  ordinal: 1,
  createdAt: '2026-11-30T08:00:00.000Z',
  timeZone: 'Asia/Shanghai',
  saleLines: SALE_LINES,
  refund: {
    refundId: REFUND_ID,
    saleId: '2c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    lines: [
      { sku: 'S1', qty: 2, amountFen: 630, line: 0 },
      { sku: 'P10001', qty: 0.5, amountFen: 314, line: 1 },
    ],
    totalFen: 944,
    tenders: [
      { method: 'wechat', amountFen: 600, paymentId: 'pay-1' },
      { method: 'cash', amountFen: 344 },
    ],
    reason: '临期',
  },
  wallet: [{ gatewayRefundId: REFUND_ID, state: 'refunded' }],
  clerkName: '王芳',
  language: 'zh-CN',
  ...over,
});

const pairs = (blocks: readonly ReceiptBlock[]) =>
  blocks.flatMap((b) => (b.kind === 'pair' ? [[b.left, b.right] as const] : []));
const texts = (blocks: readonly ReceiptBlock[]) =>
  blocks.flatMap((b) => (b.kind === 'text' || b.kind === 'title' ? [b.text] : []));

describe('the refund slip (退款凭证)', () => {
  it('says who, when, which sale, what came back, how the money went, and why', () => {
    const { blocks } = refundSlipDocument(input({ approvedByName: '李店长' }), ZH, 58);
    expect(texts(blocks).slice(0, 2)).toEqual(['邻里便利店', '退款凭证']);
    expect(pairs(blocks)).toEqual([
      ['退款单号', 'T1-20261130-0042-R1'],
      ['原销售单', 'T1-20261130-0042'],
      // 08:00 UTC is 16:00 at the store
      ['时间', '2026/11/30 16:00'],
      ['收银员', '王芳'],
      ['审批店长', '李店长'],
      ['× 2', formatFen(630)],
      ['0.500 kg', formatFen(314)],
      ['退款合计', formatFen(944)],
      ['微信支付', formatFen(600)],
      ['现金', formatFen(344)],
    ]);
    expect(texts(blocks)).toEqual(expect.arrayContaining(['牛奶', '西红柿', '原因：临期']));
    expect(texts(blocks)).not.toContain('面包');
    expect(texts(blocks)).not.toContain(ZH.reprint);
  });

  it('prints the time in the store’s zone, and no manager when none approved', () => {
    const { blocks } = refundSlipDocument(input({ timeZone: 'Europe/Berlin', language: 'en' }), ZH, 80);
    expect(pairs(blocks)).toContainEqual(['时间', '11/30/2026, 09:00']);
    expect(pairs(blocks).map(([left]) => left)).not.toContain('审批店长');
  });

  it('a wallet refund the gateway has not confirmed says 待确认, never shown as done', () => {
    for (const wallet of [[{ gatewayRefundId: REFUND_ID, state: 'pending' as const }], [], undefined]) {
      const { blocks } = refundSlipDocument(input({ wallet }), ZH, 58);
      expect(pairs(blocks)).toContainEqual(['微信支付（待确认）', formatFen(600)]);
      expect(pairs(blocks)).not.toContainEqual(['微信支付', formatFen(600)]);
      expect(texts(blocks)).toContain(ZH.pendingNote);
    }
    const declined = refundSlipDocument(
      input({ wallet: [{ gatewayRefundId: REFUND_ID, state: 'declined' }] }),
      ZH,
      58,
    );
    expect(pairs(declined.blocks)).toContainEqual(['微信支付（未退回）', formatFen(600)]);
    // Cash and a confirmed wallet refund carry no state.
    const done = refundSlipDocument(input(), ZH, 58);
    expect(texts(done.blocks)).not.toContain(ZH.pendingNote);
    expect(pairs(done.blocks).filter(([left]) => left.includes('（'))).toEqual([]);
  });

  it('matches each wallet answer to its own tender (two wallet payments refunded)', () => {
    const refund = {
      ...input().refund,
      tenders: [
        { method: 'alipay' as const, amountFen: 500, paymentId: 'pay-2' },
        { method: 'wechat' as const, amountFen: 444, paymentId: 'pay-1' },
      ],
    };
    const { blocks } = refundSlipDocument(
      input({
        refund,
        wallet: [
          { gatewayRefundId: REFUND_ID, state: 'refunded' },
          { gatewayRefundId: `${REFUND_ID}:2`, state: 'pending' },
        ],
      }),
      ZH,
      58,
    );
    expect(pairs(blocks)).toContainEqual(['支付宝', formatFen(500)]);
    expect(pairs(blocks)).toContainEqual(['微信支付（待确认）', formatFen(444)]);
  });

  it('the line amounts printed add up to the total printed (property, over real refund plans)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1999 }),
        fc.subarray([0, 1, 2], { minLength: 1 }),
        fc.integer({ min: 1, max: 3 }),
        (discountFen, chosen, milk) => {
          const plan = planRefund(
            { lines: SALE_LINES, totalFen: 1999 - discountFen },
            [],
            chosen.map((line) => ({ line, qty: line === 0 ? milk : SALE_LINES[line]!.qty })),
          );
          if (!plan.ok) throw new Error(plan.reason);
          const refund = { ...input().refund, lines: plan.lines, totalFen: plan.totalFen };
          refund.tenders = [{ method: 'cash', amountFen: plan.totalFen }];
          const found = pairs(refundSlipDocument(input({ refund }), ZH, 58).blocks);
          const amounts = found
            .filter(([left]) => left.startsWith('× ') || left.endsWith(' kg'))
            .map(([, right]) => parseYuan(right));
          const total = parseYuan(found.find(([left]) => left === '退款合计')![1]);
          expect(amounts).toHaveLength(chosen.length);
          expect(amounts.reduce<number>((s, a) => s + a!, 0)).toBe(total);
          expect(total).toBe(plan.totalFen);
        },
      ),
    );
  });

  it('is a valid document on 58 and 80 mm, every line within the printer’s columns', () => {
    for (const widthMm of [58, 80] as const) {
      const slip = refundSlipDocument(input({ approvedByName: '李店长', reprint: true }), ZH, widthMm);
      expect(receiptDocumentSchema.safeParse(slip).success).toBe(true);
      expect(slip.widthMm).toBe(widthMm);
      expect(texts(slip.blocks)).toContain(ZH.reprint);
      for (const [left, right] of pairs(slip.blocks))
        for (const line of padPair(left, right, receiptColumns(widthMm)))
          expect(displayWidth(line)).toBeLessThanOrEqual(receiptColumns(widthMm));
    }
  });

  it('numbers refunds by sale, and opens the drawer only for cash paid out, first print only', () => {
    expect(refundSlipNo('T1-20261130-0042', 2)).toBe('T1-20261130-0042-R2');
    expect(() => refundSlipNo('T1-20261130-0042', 0)).toThrow(RangeError);
    expect(refundSlipOpensDrawer(input())).toBe(true);
    expect(refundSlipOpensDrawer(input({ reprint: true }))).toBe(false);
    const walletOnly = { ...input().refund, tenders: [{ method: 'wechat' as const, amountFen: 944 }] };
    expect(refundSlipOpensDrawer({ refund: walletOnly })).toBe(false);
  });

  it('a refund keeps its number whatever order its sale’s refunds are read in (ties by id)', () => {
    const refunds = [
      { id: 'c', createdAt: '2026-11-30T03:00:00.000Z' },
      { id: 'b', createdAt: '2026-11-30T02:00:00.000Z' },
      { id: 'a', createdAt: '2026-11-30T03:00:00.000Z' },
    ];
    expect(inRefundOrder(refunds).map((r) => r.id)).toEqual(['b', 'a', 'c']);
    fc.assert(
      fc.property(fc.shuffledSubarray(refunds, { minLength: 3, maxLength: 3 }), (read) => {
        expect(read.map((r) => refundOrdinal(read, r.id))).toEqual(
          read.map((r) => ({ b: 1, a: 2, c: 3 })[r.id]),
        );
      }),
    );
    expect(() => refundOrdinal(refunds, 'z')).toThrow(RangeError);
  });
});
