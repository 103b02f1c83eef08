import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerNote, Product } from '@shared/contract';
import type { LinliDb } from '../../db/database';
import { metaKey, setMeta } from '../../db/meta';
import { deleteTestDbs } from '../../testing/db';
import { createI18n } from '../../i18n';
import { useSessionStore } from '../../session/sessionStore';
import { makeOrder, makeProduct } from '../../testing/fixtures';
import { NOW, seededCounterDb } from '../../testing/counter';
import { demoStaff } from '../../testing/staff';
import { CounterScreen } from '../counter/CounterScreen';
import { useCartStore } from '../sale/cartStore';
import { SaleScreen } from '../sale/SaleScreen';
import { customerDisplay } from '../customer-display';
import { CustomerNotes } from './CustomerNotes';
import { WishArrivalsScreen } from './WishArrivalsScreen';

const LI = { customerRef: 'CU-LI', maskedName: '李*', phoneLast4: '6688' };
const YOG: Product = { ...makeProduct(1), sku: 'YOG', name: '无糖酸奶', pinyin: 'wtsn', category: '乳品' };
const TOFU: Product = { ...makeProduct(2), sku: 'TOFU', name: '嫩豆腐', pinyin: 'ndf', category: '豆制品' };
const DAY_BEFORE = new Date(NOW - 24 * 3600_000).toISOString();
const note = (extra: Partial<CustomerNote>): CustomerNote => ({
  id: crypto.randomUUID(),
  storeId: 'S001',
  customerRef: LI.customerRef,
  customer: { maskedName: LI.maskedName, phoneLast4: LI.phoneLast4 },
  kind: 'note',
  text: '对乳糖不耐受',
  status: 'open',
  createdAt: DAY_BEFORE,
  createdBy: 'C01',
  ...extra,
});

let db: LinliDb;
beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'C01', name: '王芳', role: 'clerk' });
  db = await seededCounterDb([makeOrder(20, { customer: LI })], [YOG, TOFU]);
  await db.staff.bulkPut(await demoStaff());
  await db.stock.bulkPut([
    // 无糖酸奶 came back in stock this morning (after the wish); 嫩豆腐 never ran out
    {
      storeId: 'S001',
      sku: 'YOG',
      qty: 12,
      updatedAt: new Date(NOW).toISOString(),
      restockedAt: new Date(NOW - 3600_000).toISOString(),
    },
    { storeId: 'S001', sku: 'TOFU', qty: 30, updatedAt: DAY_BEFORE },
  ]);
  await db.customerNotes.bulkPut([
    note({ text: '周三下午来', createdAt: new Date(NOW - 2 * 3600_000).toISOString() }),
    note({ kind: 'wish', text: '想要嫩豆腐', sku: 'TOFU' }),
    note({ kind: 'wish', text: '想试试无糖酸奶', sku: 'YOG' }),
  ]);
});
afterEach(async () => {
  cleanup();
  await deleteTestDbs();
});

/** What the panel queued for HQ, besides the audit events (reads). */
const mutationTypes = async () =>
  (await db.outbox.toArray()).map((m) => m.type).filter((type) => type !== 'audit.recorded');
const renderWith = (ui: React.ReactElement) =>
  render(<I18nextProvider i18n={createI18n('zh-CN')}>{ui}</I18nextProvider>);
const panel = () => screen.findByRole('region', { name: '顾客备注与心愿' });
const items = async () =>
  within(await screen.findByRole('list', { name: '顾客备注与心愿' }))
    .getAllByRole('listitem')
    .map((li) => li.textContent?.trim());

describe('on the pickup card', () => {
  it('scanning the customer’s order shows their notes, 今天刚到 first — and who read them is audited', async () => {
    renderWith(
      <CounterScreen db={db} now={() => NOW} syncNow={vi.fn(async () => undefined)} camera={false} />,
    );
    const field = screen.getByRole('searchbox', { name: '扫码或输入' });
    await userEvent.click(field);
    await userEvent.paste('LL202611240020');
    await userEvent.keyboard('{Enter}');
    await panel();
    await waitFor(async () => expect(await items()).toHaveLength(3));
    const [first, second, third] = await items();
    expect(first).toMatch(/^今天刚到 想试试无糖酸奶/);
    expect(second).toMatch(/^想要嫩豆腐/);
    expect(third).toMatch(/^周三下午来/);
    await waitFor(async () =>
      expect(await db.audit.where('action').equals('customer.notesRead').toArray()).toEqual([
        expect.objectContaining({
          staffId: 'C01',
          detail: { customerRef: 'CU-LI', surface: 'counter', notes: 3 },
        }),
      ]),
    );
    // the customer faces the display: no note reaches it
    expect(JSON.stringify(customerDisplay.current())).not.toMatch(/乳糖|豆腐|酸奶|周三/);
  });

  it('Alt+N then type and Enter adds a note; focus goes back to the scan field', async () => {
    renderWith(
      <CounterScreen db={db} now={() => NOW} syncNow={vi.fn(async () => undefined)} camera={false} />,
    );
    const field = screen.getByRole('searchbox', { name: '扫码或输入' });
    await userEvent.click(field);
    await userEvent.paste('LL202611240020');
    await userEvent.keyboard('{Enter}');
    await panel();
    await userEvent.keyboard('{Alt>}n{/Alt}');
    const input = await screen.findByRole('textbox', { name: '备注内容' });
    expect(input).toHaveFocus();
    await userEvent.paste('喜欢小份装');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('喜欢小份装')).toBeInTheDocument();
    expect(
      (await db.customerNotes.where('customerRef').equals('CU-LI').toArray()).map((n) => n.text),
    ).toContain('喜欢小份装');
    expect(field).toHaveFocus();
    // the card is still up: Enter in the note field did not hand the order over
    expect((await db.outbox.toArray()).filter((m) => m.type === 'order.handOver')).toEqual([]);
  });
});

describe('at the till', () => {
  it('a customer attached by phone shows their notes; detached, they are gone', async () => {
    useCartStore.getState().clear();
    renderWith(<SaleScreen db={db} gateway={null} online />);
    await userEvent.click(await screen.findByRole('textbox', { name: '手机尾号' }));
    await userEvent.paste('6688');
    await userEvent.click(screen.getByRole('button', { name: '关联顾客' }));
    // compact at the till: the top entry, the rest on request
    await waitFor(async () => expect(await items()).toHaveLength(1));
    // the till runs on the real clock: the restock (on NOW's day) was an earlier day
    expect((await items())[0]).toMatch(/^已到货 想试试无糖酸奶/);
    await userEvent.click(screen.getByRole('button', { name: '全部（3）' }));
    await waitFor(async () => expect(await items()).toHaveLength(3));
    await userEvent.click(screen.getByRole('button', { name: '取消关联' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: '顾客备注与心愿' })).toBeNull());
  });
});

describe('the notes panel', () => {
  const show = () => renderWith(<CustomerNotes db={db} customer={LI} surface="counter" now={() => NOW} />);

  it('a wish for a category is found through the category index, never a scan of the catalogue', async () => {
    await db.customerNotes.put(note({ kind: 'wish', text: '想喝点乳品', category: '乳品' }));
    const filter = vi.spyOn(db.products, 'filter');
    const toCollection = vi.spyOn(db.products, 'toCollection');
    const toArray = vi.spyOn(db.products, 'toArray');
    show();
    await waitFor(async () => expect(await items()).toHaveLength(4));
    // 无糖酸奶 (乳品) came back this morning, after the wish: the category wish has arrived too.
    // Both wishes were written at the same instant: their order between them is not the point.
    const arrived = (await items()).filter((text) => text?.startsWith('今天刚到'));
    expect(arrived).toHaveLength(2);
    expect(arrived).toEqual(
      expect.arrayContaining([
        expect.stringContaining('想试试无糖酸奶'),
        expect.stringContaining('想喝点乳品'),
      ]),
    );
    expect(filter).not.toHaveBeenCalled();
    expect(toCollection).not.toHaveBeenCalled();
    expect(toArray).not.toHaveBeenCalled();
  });

  it('a note beyond 200 characters is refused with the count; nothing written', async () => {
    show();
    await userEvent.click(await screen.findByRole('button', { name: /备注/ }));
    await userEvent.click(screen.getByRole('textbox', { name: '备注内容' }));
    await userEvent.paste('字'.repeat(201));
    expect(screen.getByText('201/200 字')).toBeInTheDocument();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('内容太长：201 字，最多 200 字');
    expect(await db.customerNotes.count()).toBe(3);
  });

  it('Alt+W, a few pinyin letters, Enter: a wish for the first matching product', async () => {
    show();
    await panel();
    await userEvent.keyboard('{Alt>}w{/Alt}');
    const query = await screen.findByRole('textbox', { name: '想要的商品或品类' });
    expect(query).toHaveFocus();
    await userEvent.paste('ndf');
    await screen.findByRole('button', { name: '嫩豆腐' });
    await userEvent.keyboard('{Enter}');
    await waitFor(async () =>
      expect(
        await db.customerNotes
          .filter((n) => n.text === '想要嫩豆腐' && n.createdBy === 'C01' && n.createdAt > DAY_BEFORE)
          .count(),
      ).toBe(1),
    );
    expect((await db.outbox.toArray()).map((m) => m.type)).toContain('customer.wished');
  });

  it('a wish nothing matches says so; nothing written', async () => {
    show();
    await panel();
    await userEvent.keyboard('{Alt>}w{/Alt}');
    await userEvent.paste('火箭燃料');
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('没有找到匹配的商品或品类');
    expect(await db.customerNotes.count()).toBe(3);
  });

  it('marking a wish bought takes it off the card', async () => {
    show();
    await waitFor(async () => expect(await items()).toHaveLength(3));
    const yoghurt = (await screen.findByText('想试试无糖酸奶')).closest('li')!;
    await userEvent.click(within(yoghurt).getByRole('button', { name: '已买' }));
    await waitFor(async () => expect(await items()).toHaveLength(2));
    expect(await mutationTypes()).toEqual(['customer.wishResolved']);
  });

  it('a clerk deleting a note needs the manager (policy default): the override is asked; cancelled, nothing is deleted', async () => {
    await setMeta(db, metaKey.storePolicy('S001'), {
      storeId: 'S001',
      pickupGraceHours: 2,
      dueSoonMinutes: 30,
      cashDifferenceThresholdFen: 500,
      refundApprovalThresholdFen: 10_000,
      rounding: 'none',
    });
    show();
    const row = (await screen.findByText('周三下午来')).closest('li')!;
    await userEvent.click(within(row).getByRole('button', { name: '删除' }));
    expect(screen.getByText('本店规定：删除顾客备注需要店长批准。')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '确认删除' }));
    await waitFor(() =>
      expect(useSessionStore.getState().approvalRequest?.action).toBe('deleteCustomerNote'),
    );
    useSessionStore.getState().approvalRequest?.resolve(null);
    expect(await screen.findByRole('alert')).toHaveTextContent('需要店长批准');
    expect(await db.customerNotes.count()).toBe(3);
  });

  it('a manager deletes alone: gone from the card', async () => {
    useSessionStore.getState().signIn({ id: 'M01', name: '李强', role: 'manager' });
    show();
    const row = (await screen.findByText('周三下午来')).closest('li')!;
    await userEvent.click(within(row).getByRole('button', { name: '删除' }));
    await userEvent.click(screen.getByRole('button', { name: '确认删除' }));
    expect(await screen.findByText('已删除（总部也会删除）')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('周三下午来')).toBeNull());
    expect(await mutationTypes()).toEqual(['customer.noteDeleted']);
  });
});

describe('今日到货·顾客心愿', () => {
  it('lists today’s arrivals by customer with a ready message; copy puts it on the clipboard', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await setMeta(db, metaKey.store('S001'), { id: 'S001', name: '幸福里店', timeZone: 'Asia/Shanghai' });
    renderWith(<WishArrivalsScreen db={db} now={() => NOW} />);
    const customer = await screen.findByRole('listitem', { name: /李\*/ });
    expect(customer).toHaveTextContent('想试试无糖酸奶 → 无糖酸奶');
    expect(customer).not.toHaveTextContent('嫩豆腐');
    const message = '李*（尾号6688）您好，您上次想要的「无糖酸奶」今天到货了，欢迎来幸福里店看看！';
    expect(within(customer).getByLabelText('消息')).toHaveTextContent(message);
    await userEvent.click(within(customer).getByRole('button', { name: '复制消息' }));
    expect(writeText).toHaveBeenCalledWith(message);
    expect(await within(customer).findByRole('button', { name: '已复制' })).toBeInTheDocument();

    // CSV for Excel: a file download, UTF-8 with a byte-order mark, one row per wish
    const blobs: Blob[] = [];
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:wishes';
    });
    await userEvent.click(screen.getByRole('button', { name: '导出 CSV' }));
    expect(created).toHaveBeenCalledOnce();
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split('\r\n')[0]).toBe('顾客,手机尾号,心愿,商品,到货时间,消息');
    expect(csv).toContain(`李*,"=""6688""",想试试无糖酸奶,无糖酸奶,`);
    expect(csv).toContain(message);
    created.mockRestore();
  });
});
