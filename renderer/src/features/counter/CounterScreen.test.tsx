import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinliDb } from '../../db/database';
import { grantApproval } from '../../db/repositories/staff';
import { deleteTestDbs } from '../../testing/db';
import { createI18n } from '../../i18n';
import { useSessionStore } from '../../session/sessionStore';
import { makeOrder } from '../../testing/fixtures';
import { CounterScreen } from './CounterScreen';
import { BATCH_CODE, NOW, seededCounterDb, tokenFor } from '../../testing/counter';

let db: LinliDb;

beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  db = await seededCounterDb();
});
afterEach(async () => {
  cleanup();
  await deleteTestDbs();
});

function renderCounter(
  syncNow: () => Promise<unknown> = vi.fn(async () => undefined),
  language: 'zh-CN' | 'en' = 'zh-CN',
) {
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <CounterScreen db={db} now={() => NOW} syncNow={syncNow} camera={false} />
    </I18nextProvider>,
  );
  return { syncNow };
}

/** Types into the scan field and presses Enter (manual entry, or a scan into the field). */
async function enter(text: string) {
  const field = screen.getByRole('searchbox', { name: '扫码或输入' });
  await userEvent.clear(field);
  // Pasted, then Enter: typing at machine speed would (rightly) look like a wedge scan.
  await userEvent.click(field);
  await userEvent.paste(text);
  await userEvent.keyboard('{Enter}');
}

const alert = () => screen.findByRole('alert');

describe('lookups', () => {
  it('a valid pickup token shows the order card with customer, items, bags, slot map and notes', async () => {
    renderCounter();
    await enter(await tokenFor('O000001'));
    const card = await screen.findByRole('article', { name: '订单 LL202611240001' });
    expect(within(card).getByText('张*华')).toBeInTheDocument();
    expect(within(card).getByText('手机尾号 1234')).toBeInTheDocument();
    expect(within(card).getByRole('list', { name: '商品' })).toHaveTextContent('纯牛奶 250ml × 2 盒');
    expect(within(card).getByRole('list', { name: '包裹与货位' })).toHaveTextContent(
      'LL202611240001-B1 → C1-02',
    );
    expect(within(card).getByText('请轻放')).toBeInTheDocument();
    expect(within(card).getByText('已付款')).toBeInTheDocument();
    expect(await within(card).findByRole('listitem', { name: '货位 C1-02（本订单）' })).toBeInTheDocument();
    expect(within(card).getByRole('listitem', { name: '货位 C1-01' })).toBeInTheDocument();
  });

  it('the 6-digit pickup code finds the order by its hash', async () => {
    renderCounter();
    await enter('123456');
    expect(await screen.findByRole('article', { name: '订单 LL202611240001' })).toBeInTheDocument();
  });

  it('an order number and a bag label find the order', async () => {
    renderCounter();
    await enter('LL202611240007');
    expect(await screen.findByRole('article', { name: '订单 LL202611240007' })).toBeInTheDocument();
    await enter('LL202611240001-B1');
    expect(await screen.findByRole('article', { name: '订单 LL202611240001' })).toBeInTheDocument();
  });

  it('phone last 4 lists the open orders to choose from; with a surname it narrows to one', async () => {
    renderCounter();
    await enter('1234');
    const list = await screen.findByRole('region', { name: '手机尾号 1234：请选择订单' });
    const choices = within(list).getAllByRole('button');
    expect(choices).toHaveLength(2);
    await userEvent.click(within(list).getByRole('button', { name: /李\*/ }));
    expect(await screen.findByRole('article', { name: '订单 LL202611240007' })).toBeInTheDocument();
    await enter('1234 张');
    expect(await screen.findByRole('article', { name: '订单 LL202611240001' })).toBeInTheDocument();
  });

  it('garbage shows "unrecognised" with the text, and nothing changes', async () => {
    renderCounter();
    const before = await db.outbox.count();
    await enter('hello?world');
    expect(await alert()).toHaveTextContent('无法识别的条码：hello?world');
    expect(await db.outbox.count()).toBe(before);
  });

  it('a forged (altered) token is "invalid pickup code" and audited; no card', async () => {
    renderCounter();
    const token = await tokenFor('O000001');
    const [prefix, payload, sig] = token.split('.') as [string, string, string];
    const forged = `${prefix}.${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BA' : 'AA'}`;
    await enter(forged);
    expect(await alert()).toHaveTextContent('取货码无效');
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
    await waitFor(async () => {
      const audit = await db.audit.where('action').equals('counter.invalidToken').toArray();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.staffId).toBe('C01');
    });
    expect(await db.outbox.filter((r) => r.type === 'audit.recorded').count()).toBe(1);
  });

  it('an expired token is refused with the reason; a clerk is told a manager may override', async () => {
    renderCounter();
    const iat = Math.floor(NOW / 1000) - 3 * 24 * 3600;
    await enter(await tokenFor('O000001', { iat, exp: iat + 3600 }));
    const message = await alert();
    expect(message).toHaveTextContent('取货码已过期');
    expect(message).toHaveTextContent('需要店长批准后放行');
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  it('a clerk overrides an expired token only with a manager’s approval, which is recorded', async () => {
    useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
    renderCounter();
    const iat = Math.floor(NOW / 1000) - 3 * 24 * 3600;
    await enter(await tokenFor('O000001', { iat, exp: iat + 3600 }));
    await userEvent.click(await screen.findByRole('button', { name: '店长批准放行' }));
    // The manager override dialog is asked for this one action; cancelling changes nothing.
    await waitFor(() =>
      expect(useSessionStore.getState().approvalRequest?.action).toBe('expiredPickupOverride'),
    );
    act(() => useSessionStore.getState().settleApproval(null));
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
    expect(await db.audit.where('action').equals('counter.expiredOverride').count()).toBe(0);

    await userEvent.click(screen.getByRole('button', { name: '店长批准放行' }));
    await waitFor(() => expect(useSessionStore.getState().approvalRequest).not.toBeNull());
    const approval = await grantApproval(db, 'M01', 'C01', 'expiredPickupOverride');
    act(() => useSessionStore.getState().settleApproval(approval));
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    const [entry] = await db.audit.where('action').equals('counter.expiredOverride').toArray();
    expect(entry).toMatchObject({ staffId: 'C01', detail: { approval: { by: 'M01' } } });
  });

  it('a manager overrides an expired token: audited, then the card shows and hands over', async () => {
    useSessionStore.getState().signIn({ id: 'M01', name: '李强', role: 'manager' });
    renderCounter();
    const iat = Math.floor(NOW / 1000) - 3 * 24 * 3600;
    await enter(await tokenFor('O000001', { iat, exp: iat + 3600 }));
    await userEvent.click(await screen.findByRole('button', { name: '店长批准放行' }));
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    expect(await db.audit.where('action').equals('counter.expiredOverride').count()).toBe(1);
    await userEvent.click(screen.getByRole('button', { name: /交付/ }));
    expect(await screen.findByRole('status')).toHaveTextContent('已交付：LL202611240001');
  });

  it('another store’s token says which store', async () => {
    renderCounter();
    await enter(await tokenFor('O009999', { storeId: 'S002' }));
    expect(await alert()).toHaveTextContent('该订单属于门店 邻里生鲜·和平路店（S002）');
  });

  it('an already collected order says when and by whom; no second handover', async () => {
    renderCounter();
    await enter(await tokenFor('O000002'));
    const message = await alert();
    expect(message).toHaveTextContent('已于 11/24 11:10 由 李强 交付');
    expect(screen.queryByRole('button', { name: /交付/ })).not.toBeInTheDocument();
  });

  it('a cancelled order is blocked with HQ’s reason', async () => {
    renderCounter();
    await enter('LL202611240003');
    expect(await alert()).toHaveTextContent('订单已取消，不能交付。原因：顾客申请退款');
  });

  it('a valid token whose order has not synced yet offers Sync now, then shows the card', async () => {
    const syncNow = vi.fn(async () => {
      const { applyPullPage } = await import('../../sync/apply');
      await applyPullPage(
        db,
        [{ entity: 'order', op: 'upsert', key: 'O000042', data: makeOrder(42), version: 999 }],
        '',
      );
    });
    renderCounter(syncNow);
    await enter(await tokenFor('O000042'));
    expect(await alert()).toHaveTextContent('取货码有效，但订单尚未同步到本店');
    await userEvent.click(screen.getByRole('button', { name: '立即同步' }));
    expect(syncNow).toHaveBeenCalledOnce();
    expect(await screen.findByRole('article', { name: '订单 LL202611240042' })).toBeInTheDocument();
  });

  it('a product barcode is not a pickup code', async () => {
    renderCounter();
    await enter('6901234567892');
    expect(await alert()).toHaveTextContent('这不是取货码（商品条码）');
  });

  it('a rider’s badge is named, and where it belongs said', async () => {
    renderCounter();
    await enter('RD-R02');
    expect(await alert()).toHaveTextContent('这不是取货码（骑手工牌，请在“配送”页扫描）：RD-R02');
  });

  it('English works too', async () => {
    renderCounter(undefined, 'en');
    const field = screen.getByRole('searchbox', { name: 'Scan or type' });
    await userEvent.click(field);
    await userEvent.paste('LL202611240003');
    await userEvent.keyboard('{Enter}');
    expect(await alert()).toHaveTextContent(
      'Order cancelled; it cannot be handed over. Reason: 顾客申请退款',
    );
  });
});

describe('handover', () => {
  it('Hand over: status, slot release, outbox and audit in one go; then ready to scan', async () => {
    renderCounter();
    await enter('123456');
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    await userEvent.click(screen.getByRole('button', { name: /交付/ }));
    expect(await screen.findByRole('status')).toHaveTextContent('已交付：LL202611240001');
    const order = await db.orders.get('O000001');
    expect(order?.status).toBe('collected');
    expect(order?.collection).toMatchObject({ staffId: 'C01', verifiedBy: 'code', partial: false });
    const outbox = await db.outbox.filter((r) => r.type === 'order.handOver').toArray();
    expect(outbox).toHaveLength(1);
    expect(screen.getByRole('searchbox', { name: '扫码或输入' })).toHaveFocus();
  });

  it('Enter on the empty scan field hands over', async () => {
    renderCounter();
    await enter('123456');
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    await userEvent.type(screen.getByRole('searchbox', { name: '扫码或输入' }), '{Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent('已交付');
    expect((await db.orders.get('O000001'))?.status).toBe('collected');
  });

  it('F2 hands over', async () => {
    renderCounter();
    await enter('LL202611240007');
    await screen.findByRole('article', { name: '订单 LL202611240007' });
    await userEvent.keyboard('{F2}');
    expect(await screen.findByRole('status')).toHaveTextContent('已交付');
    expect((await db.orders.get('O000007'))?.status).toBe('collected');
  });

  it('proxy pickup needs a name and the ID check, and records both', async () => {
    renderCounter();
    await enter('123456');
    const card = await screen.findByRole('article', { name: '订单 LL202611240001' });
    await userEvent.click(within(card).getByRole('checkbox', { name: '代取' }));
    await userEvent.click(within(card).getByRole('button', { name: /交付/ }));
    expect(await within(card).findByRole('alert')).toHaveTextContent('请填写代取人姓名');
    await userEvent.type(within(card).getByRole('textbox', { name: '代取人姓名' }), '王小明');
    await userEvent.click(within(card).getByRole('checkbox', { name: '已核对代取人证件' }));
    await userEvent.click(within(card).getByRole('button', { name: /交付/ }));
    await screen.findByText('已交付：LL202611240001');
    const [row] = await db.outbox.filter((r) => r.type === 'order.handOver').toArray();
    expect(row?.payload).toMatchObject({ proxy: { name: '王小明', idChecked: true } });
  });

  it('partial pickup marks a damaged item and asks HQ for a refund', async () => {
    renderCounter();
    await enter('123456');
    const card = await screen.findByRole('article', { name: '订单 LL202611240001' });
    await userEvent.click(within(card).getByRole('checkbox', { name: '部分交付' }));
    await userEvent.selectOptions(within(card).getByRole('combobox', { name: '纯牛奶 250ml' }), '损坏');
    await userEvent.click(within(card).getByRole('button', { name: /交付/ }));
    await screen.findByText('已交付：LL202611240001');
    const [row] = await db.outbox.filter((r) => r.type === 'order.partialHandOver').toArray();
    expect(row?.payload).toMatchObject({
      missing: [{ sku: 'SKU-MILK', qty: 2, reason: 'damaged' }],
      refundRequested: true,
    });
    expect((await db.orders.get('O000001'))?.collection?.partial).toBe(true);
  });

  it('a group leader’s batch: counts, one confirmed step hands over every ready order', async () => {
    renderCounter();
    await enter(BATCH_CODE);
    const panel = await screen.findByRole('region', { name: `团长批次 ${BATCH_CODE}` });
    expect(panel).toHaveTextContent('刘团长');
    expect(panel).toHaveTextContent('本店待交付 2 单 / 共 2 单');
    await userEvent.click(within(panel).getByRole('button', { name: '交付选中的 2 单' }));
    const confirm = within(panel).getByRole('alertdialog');
    expect(confirm).toHaveTextContent('确认交付 2 个订单给团长？');
    await userEvent.click(within(confirm).getByRole('button', { name: '确认交付' }));
    expect(await screen.findByText('已交付 2 个订单')).toBeInTheDocument();
    expect((await db.orders.get('O000005'))?.status).toBe('collected');
    expect((await db.orders.get('O000006'))?.status).toBe('collected');
  });

  it('a batch handed over in part lists the rest', async () => {
    renderCounter();
    await enter(BATCH_CODE);
    const panel = await screen.findByRole('region', { name: `团长批次 ${BATCH_CODE}` });
    await userEvent.click(within(panel).getByRole('checkbox', { name: /LL202611240006/ }));
    await userEvent.click(within(panel).getByRole('button', { name: '交付选中的 1 单' }));
    await userEvent.click(within(panel).getByRole('button', { name: '确认交付' }));
    expect(await within(panel).findByRole('status')).toHaveTextContent('未交付：LL202611240006');
    expect((await db.orders.get('O000005'))?.status).toBe('collected');
    expect((await db.orders.get('O000006'))?.status).toBe('arrived');
  });
});
