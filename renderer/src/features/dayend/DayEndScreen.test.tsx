import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Staff, StorePolicy } from '@shared/contract';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import { openShift } from '../../db/repositories/shifts';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { createI18n } from '../../i18n';
import { createTestingPlatform } from '../../platform/memory';
import { useSessionStore } from '../../session/sessionStore';
import { TEST_STORE } from '../../testing/fixtures';
import { DayEndScreen, type DayEndTab } from './DayEndScreen';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { DayTotalsResponse } from '@shared/contract';
import { dayTotals, type WorkItem } from '@shared/dayend/totals';
import { saleAt } from '@shared/dayend/testing';
import { recomputeDayTotals } from '../../db/repositories/dayTotals';
import { TEST_API_KEY, TEST_HQ } from '../../testing/fixtures';

const NOW = Date.parse('2026-11-30T12:00:00.000Z'); // 20:00 in Shanghai
const POLICY: StorePolicy = {
  storeId: TEST_STORE,
  pickupGraceHours: 2,
  dueSoonMinutes: 30,
  cashDifferenceThresholdFen: 500,
  refundApprovalThresholdFen: 5000,
  rounding: 'none',
};
const pin = {
  algorithm: 'pbkdf2-sha256' as const,
  iterations: 1,
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  hash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
};
const STAFF: Staff[] = [
  { id: 'C01', storeId: TEST_STORE, name: '王芳', role: 'clerk', badge: 'LS-C01', pin, active: true },
  { id: 'M01', storeId: TEST_STORE, name: '李强', role: 'manager', badge: 'LS-M01', pin, active: true },
];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

// fake IndexedDB on a shared 2-core machine: a repository write can take over a second
configure({ asyncUtilTimeout: 5000 });

let db: LinliDb;
beforeEach(async () => {
  useSessionStore.getState().reset();
  useSessionStore.getState().signIn({ id: 'M01', name: '李强', role: 'manager' });
  db = await openTestDb();
  await db.staff.bulkPut(STAFF);
  await db.meta.put({ key: `entity:storePolicy:${TEST_STORE}`, value: POLICY });
  await db.meta.put({
    key: `entity:store:${TEST_STORE}`,
    value: { id: TEST_STORE, name: '店', timeZone: 'Asia/Shanghai' },
  });
});
afterEach(async () => {
  server.resetHandlers();
  cleanup();
  await deleteTestDbs();
});

function renderDayEnd(tab: DayEndTab = 'cash', platform = createTestingPlatform()) {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <PlatformContext value={platform}>
        <DayEndScreen db={db} now={() => NOW} initialTab={tab} />
      </PlatformContext>
    </I18nextProvider>,
  );
}

describe('日结 screen', () => {
  it('opens a shift: a bad count is shown on its field and nothing is written; a good one opens', async () => {
    renderDayEnd();
    const hundreds = await screen.findByLabelText('¥100 纸币 张/枚数');
    await userEvent.type(hundreds, '-2');
    expect(screen.getByText('不能为负数')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '开班' }));
    expect(await screen.findByText('点数有误：请输入非负整数。')).toBeInTheDocument();
    expect(await db.shifts.count()).toBe(0);
    await userEvent.clear(hundreds);
    await userEvent.type(hundreds, '3');
    expect(screen.getByText('合计 ¥300.00')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '开班' }));
    await waitFor(() => expect(screen.getAllByText(/班次营业中：李强/).length).toBeGreaterThan(0));
    expect((await db.shifts.toArray())[0]).toMatchObject({ floatFen: 30_000, state: 'open' });
  });

  it('blind count: the expected amount appears only after the drawer is counted', async () => {
    await openShift(db, { count: { 'note-100': 2 } }, { staffId: 'M01' });
    renderDayEnd();
    const count = await screen.findByRole('region', { name: '点钞交班 / 结班' });
    expect(within(count).queryByText(/^应有 ¥/)).toBeNull();
    await userEvent.type(within(count).getByLabelText('¥100 纸币 张/枚数'), '1');
    await userEvent.click(within(count).getByRole('button', { name: '清点完毕' }));
    expect(await within(count).findByText('应有 ¥200.00')).toBeInTheDocument();
    expect(within(count).getByText('差额 -¥100.00')).toBeInTheDocument();
    expect(within(count).getByRole('alert')).toHaveTextContent('需要店长审批并填写说明');
    await userEvent.click(within(count).getByRole('button', { name: '结班' }));
    expect(await screen.findByText('差额超过阈值，请填写说明。')).toBeInTheDocument();
    expect((await db.shifts.toArray())[0]?.state).toBe('open');
    await userEvent.type(within(count).getByLabelText('差额说明'), '备用金少放');
    await userEvent.click(within(count).getByRole('button', { name: '结班' }));
    await waitFor(() =>
      expect(screen.getByText(/班次已结束：实点 ¥100.00，差额 -¥100.00/)).toBeInTheDocument(),
    );
  });

  it('the Z report refuses to close with a shift open, then closes; a second close is not offered', async () => {
    await openShift(db, { count: { 'note-100': 1 } }, { staffId: 'M01' });
    renderDayEnd('report');
    expect(await screen.findByText('还有班次未结束，请先点钞结班。')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '日结' }));
    expect(
      await screen.findByText(
        '还有班次未结束，请先点钞结班。',
        { selector: '.dayend-status' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(await db.dayCloses.count()).toBe(0);
    await db.shifts.clear();
    await db.outbox.clear();
    await waitFor(
      () =>
        expect(
          screen.queryByText('还有班次未结束，请先点钞结班。', { selector: '.dayend-refusal' }),
        ).toBeNull(),
      {
        timeout: 5000,
      },
    );
    await userEvent.click(screen.getByRole('button', { name: '日结' }));
    expect((await screen.findAllByText(/已日结 2026/)).length).toBeGreaterThan(0);
    expect(await db.dayCloses.get('2026-11-30')).toMatchObject({ state: 'closed', closedBy: 'M01' });
    expect(screen.queryByRole('button', { name: '日结' })).toBeNull();
    expect(screen.getByRole('button', { name: '重开营业日' })).toBeInTheDocument();
  });

  it('导出 PDF asks the host to save the report as a named PDF and says where; a failure is shown', async () => {
    const platform = createTestingPlatform();
    renderDayEnd('report', platform);
    await screen.findByTestId('z-report');
    await userEvent.click(screen.getByRole('button', { name: '导出 PDF' }));
    expect(
      await screen.findByText(`PDF 已保存：/exports/日结-${TEST_STORE}-T1-2026-11-30.pdf`),
    ).toBeInTheDocument();
    expect(platform.pdfJobs).toHaveLength(1);
    expect(platform.pdfJobs[0]!.name).toBe(`日结-${TEST_STORE}-T1-2026-11-30`);
    expect(platform.pdfJobs[0]!.html).toContain('2026-11-30');
    expect(platform.printJobs).toEqual([]);
    platform.pdfResult = { ok: false, path: null, error: 'ENOSPC' };
    await userEvent.click(screen.getByRole('button', { name: '导出 PDF' }));
    expect(await screen.findByText('PDF 未能保存：ENOSPC')).toBeInTheDocument();
  });

  it('a closed day is final only when HQ’s store totals match too: a mismatch is listed per terminal and for the store', async () => {
    // this terminal (T1) sold 8.00 and 5.00 in cash; T2 sold 3.00 — HQ alone knows T2's
    const mine = [saleAt('2026-11-30T02:00:00.000Z', 800), saleAt('2026-11-30T03:00:00.000Z', 500)];
    const t2 = { ...saleAt('2026-11-30T04:00:00.000Z', 300), terminalId: 'T2' };
    await db.sales.bulkAdd(
      mine.map((s) => ({
        id: s.id,
        receiptNo: s.sale.receiptNo,
        businessDate: '2026-11-30',
        createdAt: s.createdAt,
        terminalId: 'T1',
        staffId: 'C01',
        shiftId: null,
        sale: s.sale,
        refundedQty: {},
      })),
    );
    await recomputeDayTotals(db);
    await db.dayCloses.put({
      businessDate: '2026-11-30',
      state: 'closed',
      closedAt: '2026-11-30T13:00:00.000Z',
      closedBy: 'M01',
      provisional: false,
      unsyncedAtClose: 0,
    });
    // HQ computes its answer with the shared rule, from what it "received"
    let received: WorkItem[] = [mine[0]!, t2].map((s) => ({
      kind: 'sale',
      terminalId: s.terminalId,
      createdAt: s.createdAt,
      sale: s.sale,
    }));
    server.use(
      http.get(`${TEST_HQ}/v1/stores/:store/days/:date/totals`, ({ request }) => {
        if (request.headers.get('authorization') !== `Bearer ${TEST_API_KEY}`)
          return HttpResponse.json({ error: 'unauthorized' }, { status: 401 });
        const t = dayTotals(received, '2026-11-30', 'Asia/Shanghai', []);
        const body: DayTotalsResponse = {
          storeId: TEST_STORE,
          businessDate: '2026-11-30',
          timeZone: 'Asia/Shanghai',
          store: t.store,
          terminals: [...t.terminals].map(([terminalId, totals]) => ({ terminalId, totals })),
          close: null,
          computedAt: '2026-11-30T13:00:05.000Z',
        };
        return HttpResponse.json(body);
      }),
    );
    renderDayEnd(
      'report',
      createTestingPlatform({ hqUrl: TEST_HQ, storeId: TEST_STORE, apiKey: TEST_API_KEY }),
    );
    const table = await screen.findByRole('table', { name: '与总部合计不一致，请核对以下项目' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toContainEqual(['终端 T1', '销售金额', '¥13.00', '¥8.00']);
    expect(rows).toContainEqual(['门店合计（各终端之和）', '销售金额', '¥16.00', '¥11.00']);
    expect(rows.some((r) => r[0] === '终端 T2')).toBe(false);
    expect((await db.dayCloses.get('2026-11-30'))?.finalAt).toBeUndefined();

    // HQ receives the rest: everything matches, the close becomes final
    received = [
      ...received,
      { kind: 'sale', terminalId: 'T1', createdAt: mine[1]!.createdAt, sale: mine[1]!.sale },
    ];
    await userEvent.click(screen.getByRole('button', { name: '与总部核对' }));
    await waitFor(() =>
      expect(screen.queryByRole('table', { name: '与总部合计不一致，请核对以下项目' })).toBeNull(),
    );
    await waitFor(async () => expect((await db.dayCloses.get('2026-11-30'))?.finalAt).toBeDefined());
  });
});
