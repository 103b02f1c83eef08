import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinliDb } from '../../db/database';
import { deleteTestDbs } from '../../testing/db';
import { createI18n } from '../../i18n';
import { useSessionStore } from '../../session/sessionStore';
import { OverrideDialog } from '../staff/OverrideDialog';
import { StaffContext } from '../staff/StaffContext';
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

/** The manager override dialog as the staff gate shows it, beside the counter. */
function Approvals() {
  const request = useSessionStore((s) => s.approvalRequest);
  return request ? <OverrideDialog request={request} /> : null;
}

function renderCounter() {
  render(
    <I18nextProvider i18n={createI18n('zh-CN')}>
      <StaffContext value={{ db, shieldRef: createRef() }}>
        <CounterScreen db={db} now={() => NOW} syncNow={async () => undefined} camera={false} />
        <Approvals />
      </StaffContext>
    </I18nextProvider>,
  );
  return screen.getByRole('searchbox', { name: '扫码或输入' });
}

/** What a wedge scan leaves: the code typed at the focused element, then Enter. */
async function scanAtFocus(code: string) {
  await userEvent.paste(code);
  await userEvent.keyboard('{Enter}');
}

describe('focus returns to the scan field after any dialog closes', () => {
  it('the manager override dialog, cancelled: the next scan shows its card', async () => {
    const field = renderCounter();
    await userEvent.click(field);
    const iat = Math.floor(NOW / 1000) - 3 * 24 * 3600;
    await scanAtFocus(await tokenFor('O000001', { iat, exp: iat + 3600 }));
    await userEvent.click(await screen.findByRole('button', { name: '店长批准放行' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: '取消' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(field).toHaveFocus());
    await scanAtFocus('LL202611240007');
    expect(await screen.findByRole('article', { name: '订单 LL202611240007' })).toBeInTheDocument();
  });

  it('the batch confirmation, cancelled: the next scan shows its card', async () => {
    const field = renderCounter();
    await userEvent.click(field);
    await scanAtFocus(BATCH_CODE);
    const panel = await screen.findByRole('region', { name: `团长批次 ${BATCH_CODE}` });
    await userEvent.click(within(panel).getByRole('button', { name: '交付选中的 2 单' }));
    const confirm = within(panel).getByRole('alertdialog');
    await userEvent.click(within(confirm).getByRole('button', { name: '取消' }));
    await waitFor(() => expect(field).toHaveFocus());
    await scanAtFocus('LL202611240001');
    expect(await screen.findByRole('article', { name: '订单 LL202611240001' })).toBeInTheDocument();
  });

  it('an approved override: the card shows and Enter on the scan field hands over', async () => {
    useSessionStore.getState().signIn({ id: 'M01', name: '李强', role: 'manager' });
    const field = renderCounter();
    await userEvent.click(field);
    const iat = Math.floor(NOW / 1000) - 3 * 24 * 3600;
    await scanAtFocus(await tokenFor('O000001', { iat, exp: iat + 3600 }));
    await userEvent.click(await screen.findByRole('button', { name: '店长批准放行' }));
    await screen.findByRole('article', { name: '订单 LL202611240001' });
    await waitFor(() => expect(field).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('已交付：LL202611240001')).toBeInTheDocument();
  });
});
