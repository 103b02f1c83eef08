import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlatformContext } from '../../app/PlatformContext';
import { registerOpenSale } from '../../app/holdBeforeReload';
import { ServicesContext, type Services } from '../../app/services';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { createI18n } from '../../i18n';
import { createTestingPlatform, type TestingPlatform } from '../../platform/memory';
import type { Platform } from '../../platform/types';
import { SettingsScreen } from './SettingsScreen';

afterEach(deleteTestDbs);

async function renderSettings(platform: Platform) {
  const db = await openTestDb();
  const services = { db, sync: { current: () => null } } as unknown as Services;
  render(
    <PlatformContext value={platform}>
      <ServicesContext value={services}>
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <SettingsScreen />
        </I18nextProvider>
      </ServicesContext>
    </PlatformContext>,
  );
  return db;
}

function withPrinters(platform: TestingPlatform): TestingPlatform {
  platform.listPrinters = () =>
    Promise.resolve([
      { name: 'XP-58', displayName: 'XP-58 小票', description: '' },
      { name: 'ZD420', displayName: 'Zebra ZD420', description: '' },
    ]);
  return platform;
}

describe('Settings → devices', () => {
  it('chooses a printer per purpose and prints a test page to each, saved first', async () => {
    const platform = withPrinters(createTestingPlatform());
    await renderSettings(platform);
    const devices = await screen.findByRole('form', { name: '本机设备' });
    await userEvent.selectOptions(within(devices).getByLabelText('小票打印机'), 'XP-58');
    await userEvent.selectOptions(within(devices).getByLabelText('钱箱'), 'driver');
    await userEvent.selectOptions(within(devices).getByLabelText('小票纸宽'), '58');
    await userEvent.selectOptions(within(devices).getByLabelText('标签打印机'), 'ZD420');
    await userEvent.click(within(devices).getByRole('button', { name: '打印测试页' }));
    expect(await within(devices).findByText('测试页已发送到打印机。')).toBeInTheDocument();
    await userEvent.click(within(devices).getByRole('button', { name: '标签打印机 打印测试页' }));
    expect(platform.printJobs.map((j) => [j.purpose, j.widthMm, j.silent])).toEqual([
      ['receipt', 58, true],
      ['label', null, true],
    ]);
    expect(platform.printJobs[0]?.html).toContain('XP-58');
    expect(await platform.getSettings()).toMatchObject({
      printerName: 'XP-58',
      labelPrinterName: 'ZD420',
      receiptPrinter: { connection: 'system', paperWidthMm: 58, drawer: 'driver' },
    });
    platform.printResult = { ok: false, error: '缺纸' };
    await userEvent.click(within(devices).getByRole('button', { name: '打印测试页' }));
    expect(await within(devices).findByRole('alert')).toHaveTextContent('没有打印出来：缺纸');
  });

  it('saves kiosk and scanner timing, refuses out-of-range timing, and tests the lights', async () => {
    const platform = createTestingPlatform();
    await renderSettings(platform);
    const devices = await screen.findByRole('form', { name: '本机设备' });
    await userEvent.click(within(devices).getByLabelText(/全屏/));
    const gap = within(devices).getByLabelText('按键间隔上限（毫秒）');
    await userEvent.clear(gap);
    await userEvent.type(gap, '5');
    await userEvent.click(within(devices).getByRole('button', { name: '保存设备设置' }));
    expect(await within(devices).findByRole('alert')).toHaveTextContent('扫码间隔 10–500 毫秒');
    // A network printer needs its address; the port is kept.
    await userEvent.selectOptions(within(devices).getByLabelText('小票打印机连接'), 'network');
    expect(within(devices).getByLabelText('端口')).toHaveValue(9100);
    expect((await platform.getSettings()).scanner.maxKeyGapMs).toBe(50);
    await userEvent.clear(gap);
    await userEvent.type(gap, '80');
    await userEvent.click(within(devices).getByRole('button', { name: '保存设备设置' }));
    expect(await within(devices).findByText('设备设置已保存。')).toBeInTheDocument();
    expect(await platform.getSettings()).toMatchObject({ kiosk: true, scanner: { maxKeyGapMs: 80 } });
    await userEvent.click(within(devices).getByRole('button', { name: '测试货架灯' }));
    expect(await within(devices).findByText(/货架灯已点亮 A1-01/)).toBeInTheDocument();
    expect(platform.lightCommands).toEqual([{ slotIds: ['A1-01'], color: 'green', durationMs: 3000 }]);
  });

  it('shows where the data is and opens a folder by name (desktop), or says where it is in a browser', async () => {
    const platform = createTestingPlatform();
    const opened: string[] = [];
    platform.dataFolders = () =>
      Promise.resolve({ data: '/u/Linli', logs: '/u/Linli/logs', exports: '/u/Downloads' });
    platform.openFolder = (folder) => {
      opened.push(folder);
      return Promise.resolve({ ok: true, error: null });
    };
    await renderSettings(platform);
    expect(await screen.findByText('/u/Linli/logs')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '打开 日志' }));
    expect(opened).toEqual(['logs']);
  });
});

describe('Settings → updates', () => {
  it('never installs mid-sale or with uploads pending; says why', async () => {
    const platform = Object.assign(createTestingPlatform(), { kind: 'electron' as const });
    const reports: unknown[] = [];
    platform.updateStatus = () => Promise.resolve({ state: 'ready', version: '0.2.0' });
    platform.installUpdate = (safety) => {
      reports.push(safety);
      return Promise.resolve(
        safety.saleOpen ? { installing: false, reason: 'saleOpen' } : { installing: true },
      );
    };
    let saleOpen = true;
    const off = registerOpenSale(() => saleOpen);
    try {
      await renderSettings(platform);
      expect(await screen.findByText('新版本 0.2.0 已下载，可在安全时重启安装。')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: '重启并安装更新' }));
      expect(await screen.findByText('正在收银，结账或挂单后再安装。')).toBeInTheDocument();
      saleOpen = false;
      await userEvent.click(screen.getByRole('button', { name: '重启并安装更新' }));
      await vi.waitFor(() =>
        expect(reports).toEqual([
          { saleOpen: true, pendingCount: 0, dayClosed: false },
          { saleOpen: false, pendingCount: 0, dayClosed: false },
        ]),
      );
    } finally {
      off();
    }
  });

  it('reports uploads pending and whether today’s business day is closed', async () => {
    const platform = Object.assign(createTestingPlatform(), { kind: 'electron' as const });
    const reports: unknown[] = [];
    platform.updateStatus = () => Promise.resolve({ state: 'ready', version: '0.2.0' });
    platform.installUpdate = (safety) => {
      reports.push(safety);
      return Promise.resolve({ installing: false, reason: 'pending' });
    };
    const db = await openTestDb();
    await db.meta.put({
      key: 'terminal',
      value: { hqUrl: 'http://127.0.0.1:8787', storeId: 'S001', terminalId: 'T1' },
    });
    await db.outbox.add({
      seq: 1,
      id: crypto.randomUUID(),
      type: 'audit.recorded',
      payload: {},
      staffId: 'C01',
      createdAt: new Date().toISOString(),
      affects: [],
    } as never);
    const services = { db, sync: { current: () => null } } as unknown as Services;
    const view = render(
      <PlatformContext value={platform}>
        <ServicesContext value={services}>
          <I18nextProvider i18n={createI18n('zh-CN')}>
            <SettingsScreen />
          </I18nextProvider>
        </ServicesContext>
      </PlatformContext>,
    );
    await userEvent.click(await screen.findByRole('button', { name: '重启并安装更新' }));
    expect(await screen.findByText('还有 1 条数据未上传，同步或日结后再安装。')).toBeInTheDocument();
    // The manager closes today (store zone Asia/Shanghai by default): the pending uploads are accounted for.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await db.dayCloses.put({
      businessDate: today,
      state: 'closed',
      closedAt: new Date(Date.now() - 1000).toISOString(),
      closedBy: 'M01',
      provisional: true,
      unsyncedAtClose: 1,
    });
    await userEvent.click(screen.getByRole('button', { name: '重启并安装更新' }));
    await vi.waitFor(() =>
      expect(reports).toEqual([
        { saleOpen: false, pendingCount: 1, dayClosed: false },
        { saleOpen: false, pendingCount: 1, dayClosed: true },
      ]),
    );
    view.unmount();
  });
});
