import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerHoldBeforeReload } from '../../app/holdBeforeReload';
import { PlatformContext } from '../../app/PlatformContext';
import { ServicesContext, type Services } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { createI18n } from '../../i18n';
import { createTestingPlatform } from '../../platform/memory';
import type { Platform } from '../../platform/types';
import { HqConnection } from './HqConnection';

afterEach(deleteTestDbs);

function renderForm(platform: Platform, db: LinliDb) {
  const services = { db, sync: { current: () => null } } as unknown as Services;
  render(
    <PlatformContext value={platform}>
      <ServicesContext value={services}>
        <I18nextProvider i18n={createI18n('zh-CN')}>
          <HqConnection />
        </I18nextProvider>
      </ServicesContext>
    </PlatformContext>,
  );
}

async function queueOneMutation(db: LinliDb) {
  await db.outbox.add({
    seq: 1,
    id: crypto.randomUUID(),
    type: 'order.handOver',
    payload: {},
    staffId: 'C01',
    createdAt: new Date().toISOString(),
    affects: [],
  });
}

describe('HQ connection (terminal setup)', () => {
  it('starts configured as terminal T1 of the demo store and saves a new terminal', async () => {
    const platform = createTestingPlatform();
    renderForm(platform, await openTestDb());
    const terminal = await screen.findByLabelText('收银台编号');
    expect(terminal).toHaveValue('T1');
    expect(screen.getByLabelText('门店编号')).toHaveValue('S001');
    await userEvent.clear(terminal);
    await userEvent.type(terminal, 'T2');
    await userEvent.clear(screen.getByLabelText('本机密钥'));
    await userEvent.type(screen.getByLabelText('本机密钥'), 'demo-key-T2');
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('已保存')).toBeInTheDocument();
    expect(await platform.getSettings()).toMatchObject({
      terminalId: 'T2',
      apiKey: 'demo-key-T2',
      language: 'zh-CN',
    });
  });

  it('refuses to move to another store while mutations are still waiting to upload', async () => {
    const platform = createTestingPlatform();
    const db = await openTestDb();
    await queueOneMutation(db);
    renderForm(platform, db);
    const store = await screen.findByLabelText('门店编号');
    await userEvent.clear(store);
    await userEvent.type(store, 'S002');
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('还有 1 条数据未上传');
    expect((await platform.getSettings()).storeId).toBe('S001');
  });

  it('refuses an HQ address that is not http(s)', async () => {
    const platform = createTestingPlatform();
    renderForm(platform, await openTestDb());
    const url = await screen.findByLabelText('总部地址');
    await userEvent.clear(url);
    await userEvent.type(url, 'ftp://hq');
    await userEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('请填写有效的总部地址');
    expect((await platform.getSettings()).hqUrl).toBe('http://127.0.0.1:8787');
  });

  it('tests the connection through the platform (Electron: the main process) and says what is wrong', async () => {
    const platform = createTestingPlatform();
    renderForm(platform, await openTestDb());
    await userEvent.click(await screen.findByRole('button', { name: '测试连接' }));
    expect(await screen.findByText('总部可以连接，本机密钥有效。保存后生效。')).toBeInTheDocument();
    expect(platform.hqTests).toEqual([
      { hqUrl: 'http://127.0.0.1:8787', storeId: 'S001', terminalId: 'T1', apiKey: 'demo-key-T1' },
    ]);
    platform.hqTestResult = { stage: 'unreachable', status: null, detail: 'Failed to fetch' };
    await userEvent.click(screen.getByRole('button', { name: '测试连接' }));
    expect(
      await screen.findByText('连不上总部（Failed to fetch）。本机照常工作，恢复后自动同步。'),
    ).toBeInTheDocument();
    platform.hqTestResult = { stage: 'unauthorized', status: 401, detail: null };
    await userEvent.click(screen.getByRole('button', { name: '测试连接' }));
    expect(await screen.findByText('总部不认这个本机密钥（HTTP 401）。')).toBeInTheDocument();
  });

  it('puts away work on screen before a save that moves to another HQ origin (the window reloads)', async () => {
    const platform = createTestingPlatform();
    const held: string[] = [];
    const off = registerHoldBeforeReload(async () => {
      // The hold finishes before the settings change that triggers the reload.
      held.push(`held with hqUrl ${(await platform.getSettings()).hqUrl}`);
    });
    try {
      renderForm(platform, await openTestDb());
      const url = await screen.findByLabelText('总部地址');
      await userEvent.clear(url);
      await userEvent.type(url, 'https://hq.store.example');
      await userEvent.click(screen.getByRole('button', { name: '保存' }));
      expect(await screen.findByText('已保存')).toBeInTheDocument();
      expect(held).toEqual(['held with hqUrl http://127.0.0.1:8787']);
      expect((await platform.getSettings()).hqUrl).toBe('https://hq.store.example');
      // Same origin: nothing reloads, nothing is held.
      await userEvent.clear(url);
      await userEvent.type(url, 'https://hq.store.example/v1');
      await userEvent.click(screen.getByRole('button', { name: '保存' }));
      await vi.waitFor(async () =>
        expect((await platform.getSettings()).hqUrl).toBe('https://hq.store.example/v1'),
      );
      expect(held).toHaveLength(1);
    } finally {
      off();
    }
  });
});
