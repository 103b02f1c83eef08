import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TILL_POLICY } from '@shared/sale/policy';
import type { PaymentGateway } from '@shared/payments/gateway';
import { createFakeGateway, type NetworkFate } from '@shared/payments/testing';
import type { LinliDb } from '../../db/database';
import { createI18n } from '../../i18n';
import { seededTillDb, wechatSale } from '../../testing/sale';
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

function renderPanel(gateway: PaymentGateway | null, online: boolean) {
  const onDone = vi.fn();
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <RefundPanel
        db={db}
        policy={DEFAULT_TILL_POLICY}
        timeZone="Asia/Shanghai"
        scanned={null}
        gateway={gateway}
        online={online}
        run={(_privileged, action) => action({ staffId: 'C01' })}
        onDone={onDone}
        onCancel={() => undefined}
      />
    </I18nextProvider>,
  );
  return { onDone };
}

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
