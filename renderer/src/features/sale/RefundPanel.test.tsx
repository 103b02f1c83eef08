import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TILL_POLICY } from '@shared/sale/policy';
import type { PaymentGateway } from '@shared/payments/gateway';
import { createFakeGateway, type NetworkFate } from '@shared/payments/testing';
import type { ReceiptBlock } from '@shared/printing/receiptDocument';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import { completeSale, refundSale, refundsOf } from '../../db/repositories/sales';
import { grantApproval } from '../../db/repositories/staff';
import { createI18n } from '../../i18n';
import { createTestingPlatform, type TestingPlatform } from '../../platform/memory';
import { seededTillDb, milkCart, wechatSale } from '../../testing/sale';
import { retryPendingWalletRefunds } from './payments/walletRefunds';
import { RefundPanel } from './RefundPanel';

let db: LinliDb;
beforeEach(async () => {
  db = await seededTillDb();
});
afterEach(() => {
  cleanup();
  db.close();
});

function renderPanel(
  gateway: PaymentGateway | null,
  online: boolean,
  platform: TestingPlatform = createTestingPlatform(),
  manager: { thresholdFen: number } | null = null,
) {
  const onDone = vi.fn();
  const onCancel = vi.fn();
  render(
    <PlatformContext value={platform}>
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <RefundPanel
          db={db}
          policy={
            manager
              ? { ...DEFAULT_TILL_POLICY, refundApprovalThresholdFen: manager.thresholdFen }
              : DEFAULT_TILL_POLICY
          }
          timeZone="Asia/Shanghai"
          storeName="邻里便利店"
          scanned={null}
          gateway={gateway}
          online={online}
          run={async (privileged, action) =>
            // Above the threshold 李强 (M01) approves, as at the override prompt.
            action(
              privileged
                ? {
                    staffId: 'C01',
                    approval: await grantApproval(db, 'M01', 'C01', 'refundAboveThreshold'),
                  }
                : { staffId: 'C01' },
            )
          }
          onDone={onDone}
          onCancel={onCancel}
        />
      </I18nextProvider>
    </PlatformContext>,
  );
  return { onDone, onCancel };
}

/** Two milk (¥7.00) paid in cash. */
async function cashSale() {
  const { sale } = await completeSale(
    db,
    {
      cart: milkCart(),
      tenders: [{ id: crypto.randomUUID(), method: 'cash', amountFen: 700, tenderedFen: 1000 }],
    },
    { staffId: 'C01' },
  );
  return sale;
}

/** A network receipt printer (ESC/POS) with a pulse drawer: the platform gets the document itself. */
const networkPrinter = () =>
  createTestingPlatform({
    receiptPrinter: {
      connection: 'network',
      host: '10.0.0.9',
      port: 9100,
      paperWidthMm: 58,
      drawer: 'pulse',
    },
  });
const pairs = (blocks: readonly ReceiptBlock[]) =>
  blocks.flatMap((b) => (b.kind === 'pair' ? [[b.left, b.right]] : []));
const printButton = () => screen.queryByRole('button', { name: /退款凭证 \(F9\)/ });

/** The receipt number typed, Enter; one milk to refund, Enter. */
async function refundOneMilk(receiptNo: string) {
  const find = screen.getByRole('textbox', { name: '扫小票条码或输入小票号' });
  await waitFor(() => expect(find).toHaveFocus());
  await userEvent.keyboard(`${receiptNo}{Enter}`);
  const qty = await screen.findByRole('textbox', { name: '退货数量：牛奶' });
  await waitFor(() => expect(qty).toHaveFocus());
  await userEvent.keyboard('1{Enter}');
}

describe('RefundPanel: a WeChat sale refunded with the keyboard', () => {
  it('online: the money goes back to the same payment through the gateway, once', async () => {
    const gateway = createFakeGateway();
    const { sale, paymentId } = await wechatSale(db, gateway);
    const { onDone } = renderPanel(gateway, true);
    await refundOneMilk(sale.receiptNo);
    await waitFor(() =>
      expect(onDone).toHaveBeenCalledWith('已退款 ¥3.50（微信支付） 微信支付 ¥3.50 已原路退回顾客。'),
    );
    expect(gateway.payments.get(paymentId)?.refunds).toEqual([expect.objectContaining({ amountFen: 350 })]);
  });

  it('offline: the refund is recorded, the wallet part says pending until HQ confirms it', async () => {
    const gateway = createFakeGateway();
    const { sale, paymentId } = await wechatSale(db, gateway);
    const { onDone } = renderPanel(gateway, false);
    await refundOneMilk(sale.receiptNo);
    await waitFor(() =>
      expect(onDone).toHaveBeenCalledWith(
        '已退款 ¥3.50（微信支付） 微信支付 ¥3.50 退款待确认：总部暂时连不上，联网后自动重试。',
      ),
    );
    expect(gateway.payments.get(paymentId)?.refunds).toEqual([]);

    // The sale opened again shows the refund pending, and confirmed once HQ is back.
    const find = screen.getByRole('textbox', { name: '扫小票条码或输入小票号' });
    await userEvent.clear(find);
    await userEvent.type(find, `${sale.receiptNo}{Enter}`);
    const history = await screen.findByRole('list', { name: '本单已退' });
    await waitFor(() => expect(history).toHaveTextContent('微信支付 ¥3.50 退款待确认'));
    await retryPendingWalletRefunds(db, gateway, { sleep: () => Promise.resolve() });
    await waitFor(() => expect(history).toHaveTextContent('微信支付 ¥3.50 已原路退回'));
    expect(gateway.payments.get(paymentId)?.refunds).toHaveLength(1);
  });

  it('a timeout then a definite answer: refunded once; a decline stays on screen with its reason', async () => {
    // Charge delivered; the first refund's answer lost; then answered.
    const gateway = createFakeGateway({ fates: ['deliver', 'dropAnswer'] as NetworkFate[] });
    const { sale, paymentId } = await wechatSale(db, gateway);
    const { onDone } = renderPanel(gateway, true);
    await refundOneMilk(sale.receiptNo);
    // The panel waits a second before sending the same refund again.
    expect(await screen.findByRole('status')).toHaveTextContent('正在退回微信支付…');
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(expect.stringContaining('已原路退回顾客')), {
      timeout: 4_000,
    });
    expect(gateway.calls.filter((c) => c.op === 'refund').map((c) => c.fate)).toEqual([
      'dropAnswer',
      'deliver',
    ]);
    expect(gateway.payments.get(paymentId)?.refunds).toHaveLength(1);

    // The rest was refunded at HQ by other means: the gateway refuses this one.
    await gateway.refund({ refundId: 'by-hand', paymentId, amountFen: 350 });
    const find = screen.getByRole('textbox', { name: '扫小票条码或输入小票号' });
    await userEvent.clear(find);
    await userEvent.type(find, `${sale.receiptNo}{Enter}`);
    const qty = await screen.findByRole('textbox', { name: '退货数量：牛奶' });
    await userEvent.clear(qty);
    await userEvent.type(qty, '1{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '微信支付 ¥3.50 退款被拒绝：exceedsPayment。请店长处理（例如改退现金）。',
    );
    expect(onDone).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(screen.getByRole('list', { name: '本单已退' })).toHaveTextContent('退款被拒绝：exceedsPayment'),
    );
  });
});

describe('RefundPanel: the refund slip (退款凭证), with the keyboard', () => {
  it('is not offered before the refund is done; F9 there prints nothing', async () => {
    const platform = networkPrinter();
    const sale = await cashSale();
    renderPanel(null, true, platform);
    const find = screen.getByRole('textbox', { name: '扫小票条码或输入小票号' });
    await waitFor(() => expect(find).toHaveFocus());
    await userEvent.keyboard(`${sale.receiptNo}{Enter}`);
    const qty = await screen.findByRole('textbox', { name: '退货数量：牛奶' });
    // Focus moves once the sale's earlier refunds are read (slow on a loaded machine).
    await waitFor(() => expect(qty).toHaveFocus(), { timeout: 3000 });
    await userEvent.keyboard('1{F9}');
    expect(printButton()).toBeNull();
    expect(platform.receiptDocuments).toEqual([]);
    expect(platform.printJobs).toEqual([]);
    expect(await db.refunds.count()).toBe(0);
  });

  it('a cash refund, then F9: the slip with the refunded amount goes to the printer and opens the drawer', async () => {
    const platform = networkPrinter();
    const sale = await cashSale();
    const { onDone, onCancel } = renderPanel(null, true, platform);
    await refundOneMilk(sale.receiptNo);
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('已退款 ¥3.50（现金）'));
    const button = await screen.findByRole('button', { name: '打印退款凭证 (F9)' });
    await waitFor(() => expect(button).toHaveFocus());
    await userEvent.keyboard('{F9}');
    await waitFor(() => expect(platform.receiptDocuments).toHaveLength(1));
    const [slip] = platform.receiptDocuments;
    expect(slip).toMatchObject({ widthMm: 58, language: 'zh-CN', openDrawer: true });
    expect(slip!.blocks.slice(0, 2)).toMatchObject([
      { kind: 'title', text: '邻里便利店' },
      { kind: 'text', text: '退款凭证' },
    ]);
    expect(pairs(slip!.blocks)).toEqual(
      expect.arrayContaining([
        ['退款单号', `${sale.receiptNo}-R1`],
        ['原销售单', sale.receiptNo],
        ['收银员', '王芳'],
        ['× 1', '¥3.50'],
        ['退款合计', '¥3.50'],
        ['现金', '¥3.50'],
      ]),
    );
    expect(await screen.findByRole('status')).toHaveTextContent('退款凭证已打印。');

    // Enter on the focused button prints again: marked as a reprint, and the drawer stays shut.
    const again = screen.getByRole('button', { name: '重打退款凭证 (F9)' });
    expect(again).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(platform.receiptDocuments).toHaveLength(2));
    expect(platform.receiptDocuments[1]).toMatchObject({ openDrawer: false });
    expect(platform.receiptDocuments[1]!.blocks).toContainEqual(
      expect.objectContaining({ kind: 'text', text: '重打印 · 非首次打印' }),
    );

    // Esc, as the Back button says, leaves the finished refund.
    await userEvent.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('offline: the WeChat part prints as 待确认, through the system printer; no drawer for a wallet refund', async () => {
    const platform = createTestingPlatform({
      receiptPrinter: { connection: 'system', host: '', port: 9100, paperWidthMm: 80, drawer: 'driver' },
    });
    const gateway = createFakeGateway();
    const { sale } = await wechatSale(db, gateway);
    renderPanel(gateway, false, platform);
    await refundOneMilk(sale.receiptNo);
    const button = await screen.findByRole('button', { name: '打印退款凭证 (F9)' });
    await waitFor(() => expect(button).toHaveFocus());
    await userEvent.keyboard('{F9}');
    await waitFor(() => expect(platform.printJobs).toHaveLength(1));
    expect(platform.printJobs[0]?.widthMm).toBe(80);
    const html = platform.printJobs[0]!.html;
    expect(html).toContain('退款凭证');
    expect(html).toMatch(/微信支付（待确认）<\/span><span class="amount">¥3\.50/);
    expect(platform.drawerOpens).toEqual([]);
  });

  it('a refund a manager approved names the manager on the slip', async () => {
    // The store's refund limit is ¥1.00: this ¥3.50 refund needs a manager.
    db.close();
    db = await seededTillDb({ refundApprovalThresholdFen: 100 });
    const platform = networkPrinter();
    const sale = await cashSale();
    renderPanel(null, true, platform, { thresholdFen: 100 });
    await refundOneMilk(sale.receiptNo);
    const button = await screen.findByRole('button', { name: '打印退款凭证 (F9)' });
    await waitFor(() => expect(button).toHaveFocus());
    await userEvent.keyboard('{F9}');
    await waitFor(() => expect(platform.receiptDocuments).toHaveLength(1));
    expect(pairs(platform.receiptDocuments[0]!.blocks)).toEqual(
      expect.arrayContaining([
        ['收银员', '王芳'],
        ['审批店长', '李强'],
        ['退款合计', '¥3.50'],
      ]),
    );
  });
});

describe('RefundPanel: an earlier refund’s slip reprinted from 本单已退, with the keyboard', () => {
  /** The receipt number typed, Enter; then back (Shift+Tab) from the first quantity to a reprint action. */
  async function findAndReachReprint(receiptNo: string, refundNo: string, tabsBack: number) {
    const find = screen.getByRole('textbox', { name: '扫小票条码或输入小票号' });
    await waitFor(() => expect(find).toHaveFocus());
    await userEvent.keyboard(`${receiptNo}{Enter}`);
    const qty = await screen.findByRole('textbox', { name: '退货数量：牛奶' });
    await waitFor(() => expect(qty).toHaveFocus(), { timeout: 3000 });
    const reprint = await screen.findByRole('button', { name: `重打退款凭证 ${refundNo}` });
    for (let i = 0; i < tabsBack; i++) await userEvent.tab({ shift: true });
    expect(reprint).toHaveFocus();
    return reprint;
  }

  it('a cash refund printed at the time, the panel left; found again, its slip reprints: same number, no drawer', async () => {
    const platform = networkPrinter();
    const sale = await cashSale();
    const { onCancel } = renderPanel(null, true, platform);
    await refundOneMilk(sale.receiptNo);
    const button = await screen.findByRole('button', { name: '打印退款凭证 (F9)' });
    await waitFor(() => expect(button).toHaveFocus());
    await userEvent.keyboard('{F9}');
    await waitFor(() => expect(platform.receiptDocuments).toHaveLength(1));
    const first = pairs(platform.receiptDocuments[0]!.blocks).find(([label]) => label === '退款单号')?.[1];
    expect(first).toBe(`${sale.receiptNo}-R1`);
    await userEvent.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);

    // Later (the panel opened afresh): the customer is back for a copy.
    cleanup();
    renderPanel(null, true, platform);
    await findAndReachReprint(sale.receiptNo, first!, 1);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(platform.receiptDocuments).toHaveLength(2));
    const copy = platform.receiptDocuments[1]!;
    expect(copy.openDrawer).toBe(false);
    expect(copy.blocks).toContainEqual(
      expect.objectContaining({ kind: 'text', text: '重打印 · 非首次打印' }),
    );
    expect(pairs(copy.blocks)).toEqual(
      expect.arrayContaining([
        ['退款单号', first],
        ['原销售单', sale.receiptNo],
        ['收银员', '王芳'],
        ['退款合计', '¥3.50'],
        ['现金', '¥3.50'],
      ]),
    );
    // Apart from the banner, the same slip as the first.
    expect(copy.blocks.filter((b) => !(b.kind === 'text' && b.text === '重打印 · 非首次打印'))).toEqual(
      platform.receiptDocuments[0]!.blocks,
    );
    expect(await screen.findByRole('status')).toHaveTextContent(`退款凭证 ${first} 已重打。`);
  });

  it('two earlier refunds: each reprints its own slip, numbered in the order they were made; no drawer', async () => {
    // The system printer with a drawer on its driver: a kick would show in drawerOpens.
    const platform = createTestingPlatform({
      receiptPrinter: { connection: 'system', host: '', port: 9100, paperWidthMm: 80, drawer: 'driver' },
    });
    const cart = milkCart();
    cart.lines.push({
      id: 'l2',
      sku: 'S00002',
      name: '全麦面包',
      unit: '袋',
      weighed: false,
      qty: 1,
      listPriceFen: 1290,
      unitPriceFen: 1290,
      discountFen: 0,
    });
    const { sale } = await completeSale(
      db,
      { cart, tenders: [{ id: crypto.randomUUID(), method: 'cash', amountFen: 1990, tenderedFen: 2000 }] },
      { staffId: 'C01' },
    );
    // A milk first, the bread a minute later; their ids sort the other way round,
    // so only the order they were made in numbers them R1, R2.
    const uuid = vi.spyOn(crypto, 'randomUUID');
    const at = Date.now();
    uuid.mockReturnValueOnce('ffffffff-ffff-4fff-bfff-ffffffffffff');
    await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: '顾客退货' },
      { staffId: 'C01' },
      { clock: { now: () => at } },
    );
    uuid.mockReturnValueOnce('00000000-0000-4000-8000-000000000000');
    await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 1, qty: 1 }], reason: '顾客退货' },
      { staffId: 'C01' },
      { clock: { now: () => at + 60_000 } },
    );
    uuid.mockRestore();
    expect((await refundsOf(db, sale.id)).map((r) => r.refund.totalFen)).toEqual([1290, 350]);

    renderPanel(null, true, platform);
    // The bread's refund (R2) is the nearer one going back from the quantities.
    await findAndReachReprint(sale.receiptNo, `${sale.receiptNo}-R2`, 1);
    const history = screen.getByRole('list', { name: '本单已退' });
    expect(history).toHaveTextContent('R1 · ¥3.50');
    expect(history).toHaveTextContent('R2 · ¥12.90');
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(platform.printJobs).toHaveLength(1));
    const bread = platform.printJobs[0]!.html;
    expect(bread).toContain('重打印 · 非首次打印');
    expect(bread).toContain(`${sale.receiptNo}-R2`);
    expect(bread).toContain('全麦面包');
    expect(bread).toMatch(/退款合计<\/span><span class="amount">¥12\.90/);
    expect(await screen.findByRole('status')).toHaveTextContent(`退款凭证 ${sale.receiptNo}-R2 已重打。`);

    await userEvent.tab({ shift: true });
    expect(screen.getByRole('button', { name: `重打退款凭证 ${sale.receiptNo}-R1` })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(platform.printJobs).toHaveLength(2));
    const milk = platform.printJobs[1]!.html;
    expect(milk).toContain('重打印 · 非首次打印');
    expect(milk).toContain(`${sale.receiptNo}-R1`);
    expect(milk).not.toContain(`${sale.receiptNo}-R2`);
    expect(milk).not.toContain('全麦面包');
    expect(milk).toMatch(/退款合计<\/span><span class="amount">¥3\.50/);
    expect(platform.drawerOpens).toEqual([]);
  });
});
