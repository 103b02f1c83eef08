import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Dexie } from 'dexie';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n';
import type { LinliDb } from '../../db/database';
import { logAuditEvent } from '../../db/repositories/audit';
import { grantApproval } from '../../db/repositories/staff';
import { setTerminalIdentity } from '../../db/repositories/terminal';
import { useSessionStore } from '../../session/sessionStore';
import { serializeRecovery } from '@shared/recovery/format';
import { exportRecovery } from '../../db/repositories/recovery';
import { seededDb } from '../../testing/staff';
import { RecoveryPanel } from './RecoveryPanel';

const dbs: LinliDb[] = [];
afterEach(async () => {
  useSessionStore.setState({ member: null });
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function terminal(terminalId: string, storeId = 'S001'): Promise<LinliDb> {
  const db = await seededDb(`recovery-panel-${crypto.randomUUID()}`);
  await setTerminalIdentity(db, { hqUrl: 'http://hq.test', storeId, terminalId });
  dbs.push(db);
  return db;
}

function renderPanel(db: LinliDb, role: 'clerk' | 'manager') {
  useSessionStore.setState({
    member: role === 'manager' ? { id: 'M01', name: '李强', role } : { id: 'C01', name: '王芳', role },
  });
  return render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <RecoveryPanel db={db} />
    </I18nextProvider>,
  );
}

const choose = (text: string) =>
  fireEvent.change(screen.getByTestId('recovery-file'), {
    target: { files: [new File([text], 'recovery.json', { type: 'application/json' })] },
  });

describe('RecoveryPanel', () => {
  it('a manager imports a file: the mutations are queued and the result is shown', async () => {
    const t1 = await terminal('T1');
    await logAuditEvent(t1, 'staff.signedIn', 'C01');
    const text = serializeRecovery(await exportRecovery(t1, { staffId: 'C01' }));
    const t2 = await terminal('T2');
    renderPanel(t2, 'manager');
    choose(text);
    expect(await screen.findByRole('status')).toHaveTextContent(
      '已导入：1 条操作加入待上传队列（来自 S001/T1）',
    );
    await waitFor(async () => expect(await t2.outbox.count()).toBe(2)); // the mutation + the import's audit
  });

  it('a corrupted file is refused with a clear message and nothing is queued', async () => {
    const t1 = await terminal('T1');
    await logAuditEvent(t1, 'staff.signedIn', 'C01');
    const text = serializeRecovery(await exportRecovery(t1, { staffId: 'C01' })).replace(
      'staff.signedIn',
      'staff.signedOut',
    );
    const t2 = await terminal('T2');
    renderPanel(t2, 'manager');
    choose(text);
    expect(await screen.findByRole('alert')).toHaveTextContent('恢复文件已损坏或被修改（校验和不符）');
    expect(await t2.outbox.count()).toBe(0);
  });

  it("another store's file is refused, naming both stores", async () => {
    const t1 = await terminal('T1');
    const text = serializeRecovery(await exportRecovery(t1, null));
    const other = await terminal('T3', 'S002');
    renderPanel(other, 'manager');
    choose(text);
    expect(await screen.findByRole('alert')).toHaveTextContent('这是门店 S001 的恢复文件，本机属于门店 S002');
  });

  it('a clerk imports only with a manager’s approval', async () => {
    const t1 = await terminal('T1');
    await logAuditEvent(t1, 'staff.signedIn', 'C01');
    const text = serializeRecovery(await exportRecovery(t1, { staffId: 'C01' }));
    const t2 = await terminal('T2');
    renderPanel(t2, 'clerk');
    expect(screen.getByRole('button', { name: '导出未同步数据' })).toBeEnabled();
    expect(screen.getAllByText('导入恢复文件需要店长批准。').length).toBeGreaterThan(0);

    choose(text);
    await waitFor(() => expect(useSessionStore.getState().approvalRequest?.action).toBe('importRecovery'));
    act(() => useSessionStore.getState().settleApproval(null));
    await waitFor(() => expect(screen.getByRole('button', { name: '导入恢复文件' })).toBeEnabled());
    expect(await t2.outbox.count()).toBe(0);

    choose(text);
    await waitFor(() => expect(useSessionStore.getState().approvalRequest).not.toBeNull());
    const approval = await grantApproval(t2, 'M01', 'C01', 'importRecovery');
    act(() => useSessionStore.getState().settleApproval(approval));
    expect(await screen.findByRole('status')).toHaveTextContent('已导入：1 条操作加入待上传队列');
  });
});
