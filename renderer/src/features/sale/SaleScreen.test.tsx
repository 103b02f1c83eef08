import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinliDb } from '../../db/database';
import { PlatformContext } from '../../app/PlatformContext';
import { createI18n } from '../../i18n';
import { createTestingPlatform } from '../../platform/memory';
import { useSessionStore } from '../../session/sessionStore';
import { createFakeGateway, fakeClock, type NetworkFate } from '@shared/payments/testing';
import { pendingReversals } from './payments/pendingReversals';
import { refundSale } from '../../db/repositories/sales';
import { useCartStore } from './cartStore';
import { openTillWith } from './handoff';
import { SaleScreen } from './SaleScreen';
import { BREAD_EAN, MILK_EAN, scaleLabel, seededTillDb, wechatSale } from '../../testing/sale';

let db: LinliDb;

beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  useCartStore.getState().clear();
  db = await seededTillDb();
});
afterEach(() => {
  cleanup();
  db.close();
});

function renderTill(props: { online?: boolean } = {}) {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <SaleScreen db={db} gateway={null} online={props.online ?? true} />
    </I18nextProvider>,
  );
}

const scanField = () => screen.getByRole('combobox', { name: '扫码 / 搜索商品' });
const cart = () => screen.getByRole('region', { name: '购物车' });

/** A code entered into the scan field then Enter (pasted: typing at machine speed is a wedge scan). */
async function enterCode(text: string) {
  await userEvent.paste(text);
  await userEvent.keyboard('{Enter}');
}

async function ready() {
  renderTill();
  await waitFor(() => expect(scanField()).toHaveFocus());
  // The product index is ready once the quick keys show.
  await screen.findByRole('heading', { name: '快捷键（称重/无码商品）' });
}

describe('the till with the keyboard only', () => {
  it('pinyin search, ↓ Enter, quantity ×, a scanned EAN and a scale label, then cash with change', async () => {
    await ready();
    await userEvent.keyboard('nn');
    const list = await screen.findByRole('listbox', { name: '搜索结果' });
    const options = within(list).getAllByRole('option');
    expect(options[0]).toHaveTextContent('牛奶');
    expect(options[0]).toHaveTextContent('¥3.50/盒');
    expect(options[0]).toHaveTextContent('库存 24');
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{ArrowDown}');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    expect(options[1]).toHaveTextContent('蒙牛纯牛奶');
    await userEvent.keyboard('{Enter}');
    expect(within(cart()).getByText('蒙牛纯牛奶 250ml')).toBeInTheDocument();

    await userEvent.keyboard('3*');
    expect(screen.getByText('下一件数量 ×3')).toBeInTheDocument();
    await enterCode(MILK_EAN);
    await enterCode(scaleLabel('10001', 349, 500));
    const rows = within(cart()).getAllByRole('row');
    expect(rows[2]).toHaveTextContent('牛奶');
    expect(rows[2]).toHaveTextContent('¥10.50');
    expect(rows[3]).toHaveTextContent('西红柿');
    expect(rows[3]).toHaveTextContent('0.500 kg');
    expect(screen.getByTestId('due')).toHaveTextContent('¥17.99');

    await userEvent.keyboard('{F12}');
    const cash = await screen.findByRole('textbox', { name: '实收现金（元）' });
    expect(cash).toHaveFocus();
    await userEvent.keyboard('10{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('实收不足，还差 ¥7.99');
    await userEvent.keyboard('20{Enter}');
    expect(await screen.findByTestId('change')).toHaveTextContent('¥12.01');
    expect(screen.getByTestId('receipt-no')).toHaveTextContent(/^T1-\d{8}-0001$/);
    const [sale] = await db.sales.toArray();
    expect(sale?.sale).toMatchObject({
      totalFen: 1799,
      tenders: [
        { method: 'cash', amountFen: 1000, tenderedFen: 1000, changeFen: 0 },
        { method: 'cash', amountFen: 799, tenderedFen: 2000, changeFen: 1201 },
      ],
    });
    expect((await db.stock.get('S00001'))?.qty).toBe(21);
    // Enter on the empty field starts the next customer.
    await userEvent.keyboard('{Enter}');
    expect(screen.getByText('购物车是空的：扫码或搜索商品。')).toBeInTheDocument();
  });

  it('+ / − and Delete act on the selected line; zero and absurd quantities are refused', async () => {
    await ready();
    await enterCode(MILK_EAN);
    await userEvent.keyboard('+');
    expect(within(cart()).getAllByRole('row')[1]).toHaveTextContent('¥7.00');
    await userEvent.keyboard('-');
    await userEvent.keyboard('-');
    expect(screen.getByText('购物车是空的：扫码或搜索商品。')).toBeInTheDocument();
    await userEvent.keyboard('0*');
    expect(await screen.findByRole('alert')).toHaveTextContent('数量不能为 0');
    await userEvent.keyboard('{Escape}1000*');
    expect(await screen.findByRole('alert')).toHaveTextContent('数量过大');
    await enterCode(BREAD_EAN);
    await userEvent.keyboard('{Delete}');
    expect(screen.getByText('购物车是空的：扫码或搜索商品。')).toBeInTheDocument();
  });

  it('a quick key for loose produce asks for the weight; zero and absurd weights are refused', async () => {
    await ready();
    await userEvent.click(screen.getByRole('button', { name: '西红柿' }));
    const grams = await screen.findByRole('textbox', { name: '重量（克）' });
    await waitFor(() => expect(grams).toHaveFocus());
    await userEvent.keyboard('0{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('数量不能为 0');
    await userEvent.clear(grams);
    await userEvent.keyboard('500');
    await waitFor(() => expect(grams).toHaveValue('500'));
    await userEvent.keyboard('{Enter}');
    const row = within(cart()).getAllByRole('row')[1];
    expect(row).toHaveTextContent('西红柿');
    expect(row).toHaveTextContent('0.500 kg');
    expect(row).toHaveTextContent('¥3.49');
  });

  it('bad input: unknown barcode (recorded for HQ), bad check digit, a payment code in the cart', async () => {
    await ready();
    await enterCode('6901234567885');
    expect(await screen.findByRole('alert')).toHaveTextContent('未知条码 6901234567885');
    await waitFor(async () =>
      expect(await db.audit.where('action').equals('till.unknownBarcode').count()).toBe(1),
    );
    await enterCode(MILK_EAN.slice(0, 12) + String((Number(MILK_EAN.at(-1)) + 1) % 10));
    expect(await screen.findByRole('alert')).toHaveTextContent('条码校验位错误');
    await enterCode('134567890123456789');
    expect(await screen.findByRole('alert')).toHaveTextContent('这是付款码');
    expect(screen.getByText('购物车是空的：扫码或搜索商品。')).toBeInTheDocument();
    expect(await db.sales.count()).toBe(0);
  });

  it('holds a sale (F2), serves the next, and resumes it (F3, Enter)', async () => {
    await ready();
    await enterCode(BREAD_EAN);
    await userEvent.keyboard('{F2}');
    expect(await screen.findByRole('status')).toHaveTextContent('已挂单');
    expect(screen.getByText('购物车是空的：扫码或搜索商品。')).toBeInTheDocument();
    await userEvent.keyboard('{F3}');
    const take = await screen.findByRole('button', { name: /取单 ·.*全麦面包/ });
    await waitFor(() => expect(take).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    expect(within(cart()).getByText('全麦面包')).toBeInTheDocument();
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.keyboard('12.9{Enter}');
    await screen.findByTestId('change');
    expect(await db.heldCarts.count()).toBe(0);
  });

  it('the function keys work when focus has fallen to the page (F2 holds, F3 lists held sales)', async () => {
    await ready();
    await enterCode(BREAD_EAN);
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    await userEvent.keyboard('{F2}');
    expect(await screen.findByRole('status')).toHaveTextContent('已挂单');
    (document.activeElement as HTMLElement).blur();
    await userEvent.keyboard('{F3}');
    expect(await screen.findByRole('button', { name: /取单 ·.*全麦面包/ })).toBeInTheDocument();
    expect(await db.heldCarts.count()).toBe(1);
  });

  it('refund by typing the receipt number: choose a quantity, refund, stock back; twice is refused', async () => {
    await ready();
    await enterCode(MILK_EAN);
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.keyboard('5{Enter}');
    const receiptNo = (await screen.findByTestId('receipt-no')).textContent ?? '';
    await userEvent.keyboard('{Enter}');
    await enterCode(receiptNo.toLowerCase());
    const qty = await screen.findByRole('textbox', { name: '退货数量：牛奶' });
    await waitFor(() => expect(qty).toHaveFocus(), { timeout: 3000 });
    await userEvent.keyboard('1{Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent('已退款 ¥3.50（现金）');
    expect((await db.stock.get('S00001'))?.qty).toBe(24);
    await userEvent.keyboard('{F4}');
    await userEvent.paste(receiptNo);
    await userEvent.keyboard('{Enter}');
    const again = await screen.findByRole('textbox', { name: '退货数量：牛奶' });
    // As above: focus moves once the sale's earlier refunds are read (slow on a loaded machine).
    await waitFor(() => expect(again).toHaveFocus(), { timeout: 3000 });
    await userEvent.keyboard('1');
    await waitFor(() => expect(again).toHaveValue('1'));
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('牛奶 已全部退过，不能重复退');
    expect(await db.refunds.count()).toBe(1);
  });

  it('without an open shift the sale is refused with the reason, nothing written; the till opens one', async () => {
    db.close();
    db = await seededTillDb({}, { shift: false });
    await ready();
    await enterCode(MILK_EAN);
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.keyboard('5{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('本机还没有开班');
    expect(await db.sales.count()).toBe(0);
    expect(within(cart()).getByText('牛奶')).toBeInTheDocument();
    // The till offers to open the shift with the float, then the sale goes through.
    await userEvent.click(screen.getByRole('button', { name: '开班' }));
    expect(await screen.findByRole('status')).toHaveTextContent('已开班');
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.keyboard('5{Enter}');
    await screen.findByTestId('change');
    expect((await db.sales.toArray())[0]?.shiftId).toBeTruthy();
  });

  it('printer out of paper and drawer offline: the sale still completes; the receipt waits for a reprint', async () => {
    const platform = createTestingPlatform({
      receiptPrinter: { connection: 'system', host: '', port: 9100, paperWidthMm: 58, drawer: 'driver' },
    });
    platform.printResult = { ok: false, error: '缺纸' };
    platform.drawerResult = { ok: false, reason: 'unreachable', message: '打印机未连接' };
    render(
      <PlatformContext value={platform}>
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <SaleScreen db={db} gateway={null} online />
        </I18nextProvider>
      </PlatformContext>,
    );
    await screen.findByRole('heading', { name: '快捷键（称重/无码商品）' });
    await userEvent.click(scanField());
    await enterCode(MILK_EAN);
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.keyboard('5{Enter}');
    expect(await screen.findByTestId('change')).toHaveTextContent('¥1.50');
    const note = await screen.findByRole('status');
    expect(note).toHaveTextContent('打印失败（缺纸）：销售已完成，小票等待重打。');
    expect(note).toHaveTextContent('钱箱未打开（打印机未连接）');
    expect(platform.drawerOpens).toEqual([undefined]);
    expect(platform.printJobs[0]?.widthMm).toBe(58);
    expect((await db.sales.toArray())[0]).toMatchObject({ printed: false });
    // Reprint once the paper is in.
    platform.printResult = { ok: true, error: null };
    await userEvent.click(screen.getByRole('button', { name: '重打小票' }));
    await waitFor(async () => expect((await db.sales.toArray())[0]?.printed).toBe(true));
    expect(platform.drawerOpens).toHaveLength(1);
  });

  it('offline: the e-wallet tab says why and offers cash; nothing is charged', async () => {
    renderTill({ online: false });
    await waitFor(() => expect(scanField()).toHaveFocus());
    await screen.findByRole('heading', { name: '快捷键（称重/无码商品）' });
    await enterCode(MILK_EAN);
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.click(screen.getByRole('radio', { name: '微信 / 支付宝' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      '总部连接中断：微信/支付宝暂不能使用，请收现金或刷卡。',
    );
    expect(screen.getByRole('textbox', { name: '扫顾客付款码' })).toBeDisabled();
  });

  it('an add-on sale from a pickup card opens with the customer attached and the order linked', async () => {
    openTillWith({
      customer: { orderId: 'O000001', orderNo: 'LL202611240001', phoneLast4: '1234', name: '张*华' },
      sku: 'S00001',
    });
    await ready();
    expect(await within(cart()).findByText('牛奶')).toBeInTheDocument();
    expect(screen.getByText('自提订单 LL202611240001 的加购')).toBeInTheDocument();
    expect(screen.getByText(/顾客 张\*华（尾号 1234）/)).toBeInTheDocument();
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.keyboard('3.5{Enter}');
    await screen.findByTestId('change');
    expect((await db.sales.toArray())[0]).toMatchObject({ orderId: 'O000001', customerPhoneLast4: '1234' });
  });

  it('a WeChat refund left pending while offline is sent once HQ is back, and the notice goes', async () => {
    const gateway = createFakeGateway();
    const { sale, paymentId } = await wechatSale(db, gateway);
    const { refund } = await refundSale(
      db,
      { saleId: sale.id, lines: [{ line: 0, qty: 1 }], reason: '顾客退货' },
      { staffId: 'C01' },
    );
    const till = (online: boolean) => (
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SaleScreen db={db} gateway={gateway} online={online} />
      </I18nextProvider>
    );
    const { rerender } = render(till(false));
    expect(await screen.findByTestId('wallet-refunds-pending')).toHaveTextContent(
      '1 笔电子钱包退款待确认，联网后自动重试',
    );
    expect(gateway.calls.filter((c) => c.op === 'refund')).toEqual([]);

    rerender(till(true));
    await waitFor(() => expect(screen.queryByTestId('wallet-refunds-pending')).toBeNull());
    expect(gateway.payments.get(paymentId)?.refunds).toEqual([
      expect.objectContaining({ refundId: refund.id, amountFen: 350 }),
    ]);
    expect(gateway.calls.filter((c) => c.op === 'refund')).toHaveLength(1);
  });

  it('a WeChat payment left unresolved (HQ gone mid-payment) is kept, not sold, and reversed once HQ is back', async () => {
    const clock = fakeClock();
    // The charge is applied and its answer lost; then nothing gets through (queries, reversals).
    const gateway = createFakeGateway({
      clock,
      fates: ['dropAnswer', ...Array<NetworkFate>(400).fill('offline')],
    });
    const till = (online: boolean) => (
      <I18nextProvider i18n={createI18n('zh-CN')}>
        <SaleScreen db={db} gateway={gateway} online={online} paymentClock={clock} />
      </I18nextProvider>
    );
    const { rerender } = render(till(true));
    await waitFor(() => expect(scanField()).toHaveFocus());
    await screen.findByRole('heading', { name: '快捷键（称重/无码商品）' });
    await enterCode(MILK_EAN);
    await userEvent.keyboard('{F12}');
    await screen.findByRole('textbox', { name: '实收现金（元）' });
    await userEvent.click(screen.getByRole('radio', { name: '微信 / 支付宝' }));
    await userEvent.click(screen.getByRole('textbox', { name: '扫顾客付款码' }));
    await userEvent.paste('134567890123456789');
    await userEvent.keyboard('{Enter}');

    expect(await screen.findByText(/支付状态未明/)).toBeInTheDocument();
    const [paymentId] = [...gateway.payments.keys()];
    expect(gateway.payments.get(paymentId!)?.state).toBe('succeeded');
    expect(await db.sales.count()).toBe(0);
    expect(await pendingReversals(db)).toEqual([
      expect.objectContaining({ paymentId, method: 'wechat', amountFen: 350 }),
    ]);
    expect(await screen.findByTestId('wallet-refunds-pending')).toHaveTextContent('1 笔');

    gateway.heal();
    rerender(till(false));
    rerender(till(true));
    await waitFor(() => expect(gateway.payments.get(paymentId!)?.state).toBe('reversed'));
    await waitFor(() => expect(screen.queryByTestId('wallet-refunds-pending')).toBeNull());
    expect(await pendingReversals(db)).toEqual([]);
    expect(gateway.calls.filter((c) => c.op === 'charge')).toHaveLength(1);
  });

  it('F8 voids a resumed sale: on record (sale.voided) and in the day’s voids; the held copy is gone; nothing sold', async () => {
    await ready();
    await enterCode(BREAD_EAN);
    await enterCode(MILK_EAN);
    await userEvent.keyboard('{F2}');
    await userEvent.keyboard('{F3}');
    const take = await screen.findByRole('button', { name: /取单 ·.*全麦面包/ });
    await waitFor(() => expect(take).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    const due = screen.getByTestId('due').textContent;
    await userEvent.keyboard('{F8}');
    await waitFor(() => expect(screen.getByText('购物车是空的：扫码或搜索商品。')).toBeInTheDocument());
    const [voided] = await db.audit.where('action').equals('sale.voided').toArray();
    expect(voided).toMatchObject({ staffId: 'C01' });
    const totalFen = (voided!.detail as { totalFen: number }).totalFen;
    expect(due).toContain((totalFen / 100).toFixed(2));
    const days = await db.dayTotals.toArray();
    expect(days.map((d) => [d.voidsCount, d.voidsFen, d.totals.salesCount])).toEqual([[1, totalFen, 0]]);
    expect(await db.heldCarts.count()).toBe(0);
    expect(await db.sales.count()).toBe(0);
    // an empty cart voids nothing
    await userEvent.keyboard('{F8}');
    expect(await db.audit.where('action').equals('sale.voided').count()).toBe(1);
  });
});
