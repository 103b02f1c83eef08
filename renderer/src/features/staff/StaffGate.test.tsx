import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinliDb } from '../../db/database';
import { queryAudit } from '../../db/repositories/audit';
import { createI18n } from '../../i18n';
import { useSessionStore } from '../../session/sessionStore';
import { StaffGate } from './StaffGate';
import { StaffScreen } from './StaffScreen';
import { seededDb } from '../../testing/staff';

let db: LinliDb;
beforeEach(async () => {
  useSessionStore.getState().reset();
  db = await seededDb();
});
afterEach(() => db.close());

/** A screen with state of its own, to see that locking keeps it. */
function Workbench() {
  const [note, setNote] = useState('');
  return (
    <main>
      <label>
        工作区
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <StaffScreen />
    </main>
  );
}

function renderGate(idleMs?: number) {
  return render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <StaffGate db={db} {...(idleMs !== undefined && { idleMs })}>
        <Workbench />
      </StaffGate>
    </I18nextProvider>,
  );
}

const pinField = (label = 'PIN') => screen.getByLabelText(label, { selector: 'input' });

async function enterPin(pin: string, label?: string) {
  await userEvent.type(pinField(label), `${pin}{Enter}`, { delay: 20 });
}

/** A scanner types fast and ends with Enter (no delay between keys). */
const scan = (code: string) => userEvent.keyboard(`${code}{Enter}`);

describe('StaffGate: sign-in', () => {
  it('signs in by badge scan and PIN; the app behind is hidden until then', async () => {
    renderGate();
    expect(screen.getByRole('heading', { level: 1, name: '员工登录' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: '工作区' })).not.toBeInTheDocument();
    await screen.findByRole('button', { name: /王芳/ });
    await scan('LS-C01');
    expect(await screen.findByRole('heading', { name: '王芳，请输入 PIN' })).toBeInTheDocument();
    await enterPin('1234');
    expect(await screen.findByRole('textbox', { name: '工作区' })).toBeVisible();
    expect(useSessionStore.getState().member).toEqual({ id: 'C01', name: '王芳', role: 'clerk' });
  });

  it('says how many tries are left, locks after five wrong PINs, and still shows the lock after a reload', async () => {
    const view = renderGate();
    await userEvent.click(await screen.findByRole('button', { name: /王芳/ }));
    await enterPin('0000');
    expect(await screen.findByRole('alert')).toHaveTextContent('PIN 不正确，还可以再试 4 次。');
    for (let i = 0; i < 4; i++) await enterPin('0000');
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(/王芳 输错 PIN 次数过多，已锁定/),
    );
    expect(pinField()).toBeDisabled();

    view.unmount();
    useSessionStore.getState().reset();
    renderGate();
    await userEvent.click(await screen.findByRole('button', { name: /王芳/ }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(/已锁定/));
    expect(pinField()).toBeDisabled();
    // The manager can still sign in.
    await userEvent.click(screen.getByRole('button', { name: '换人' }));
    await userEvent.click(screen.getByRole('button', { name: /李强/ }));
    await enterPin('9999');
    expect(await screen.findByRole('textbox', { name: '工作区' })).toBeVisible();
  });

  it('auto-locks when idle, keeps the screen state, and offers the same member first', async () => {
    renderGate(1000);
    await userEvent.click(await screen.findByRole('button', { name: /王芳/ }));
    await enterPin('1234');
    await userEvent.type(await screen.findByRole('textbox', { name: '工作区' }), '半单');
    expect(
      await screen.findByRole('heading', { level: 1, name: '员工登录' }, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: '王芳，请输入 PIN' })).toBeInTheDocument();
    await enterPin('1234');
    expect(await screen.findByRole('textbox', { name: '工作区' })).toHaveValue('半单');
    const actions = (await queryAudit(db, { staffId: 'C01' })).map((r) => r.action);
    expect(actions).toContain('staff.autoLocked');
  });

  it('ends the session when HQ deactivates the signed-in member', async () => {
    renderGate();
    await userEvent.click(await screen.findByRole('button', { name: /王芳/ }));
    await enterPin('1234');
    await screen.findByRole('textbox', { name: '工作区' });
    await act(() => db.staff.update('C01', { active: false }));
    expect(await screen.findByRole('heading', { level: 1, name: '员工登录' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /王芳/ })).not.toBeInTheDocument();
  });
});

describe('StaffGate: manager override', () => {
  async function signInClerk() {
    renderGate();
    await userEvent.click(await screen.findByRole('button', { name: /王芳/ }));
    await enterPin('1234');
    await screen.findByRole('textbox', { name: '工作区' });
  }

  it('asks a manager for a clerk, who approves with a PIN; the approval is audited and the log opens', async () => {
    await signInClerk();
    expect(screen.getByText('操作日志仅店长可查看。')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '请店长批准查看' }));
    const dialog = await screen.findByRole('dialog', { name: '需要店长批准' });
    expect(dialog).toHaveTextContent('“查看操作日志”需要店长批准');
    await userEvent.click(within(dialog).getByRole('button', { name: /李强/ }));
    await enterPin('9999', '李强，请输入 PIN');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const table = await screen.findByRole('table', { name: '操作日志（最新在前）' });
    const approved = await within(table).findByRole('row', { name: /店长批准/ });
    expect(approved).toHaveTextContent('李强 (M01)');
    expect(approved).toHaveTextContent('为 王芳 (C01)');
    const mutation = await db.outbox.orderBy('seq').last();
    expect(mutation).toMatchObject({
      type: 'audit.recorded',
      staffId: 'C01',
      payload: {
        action: 'staff.auditViewed',
        detail: { approvedBy: 'M01', approval: { by: 'M01', action: 'viewAuditLog' } },
      },
    });
  });

  it('approves by manager badge scan, refuses a clerk badge, and cancels with Escape', async () => {
    await signInClerk();
    await userEvent.click(screen.getByRole('button', { name: '请店长批准查看' }));
    const dialog = await screen.findByRole('dialog', { name: '需要店长批准' });
    await scan('LS-C01');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('LS-C01 不是本店店长的工牌。');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: '请店长批准查看' }));
    await screen.findByRole('dialog');
    await act(() => scan('LS-M01'));
    expect(await screen.findByRole('table', { name: '操作日志（最新在前）' })).toBeInTheDocument();
  });
});
