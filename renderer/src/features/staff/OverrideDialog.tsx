import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { parseCode } from '@shared/codes/parse';
import { PermissionDeniedError } from '@shared/staff/roles';
import { grantApproval, listSignInStaff } from '../../db/repositories/staff';
import type { StaffRow } from '../../db/types';
import type { ApprovalRequest } from '../../session/sessionStore';
import { useSessionStore } from '../../session/sessionStore';
import { PinPad } from './PinPad';
import { useShield, useStaffContext } from './StaffContext';
import { usePinCheck } from './usePinCheck';

/**
 * A manager approves one privileged action for the signed-in clerk: by
 * scanning their badge, or by choosing their name and entering their PIN
 * (which counts towards their lockout). The approval is audited and handed to
 * the waiting action.
 */
export function OverrideDialog({ request }: { request: ApprovalRequest }) {
  const { t } = useTranslation();
  const { db, clock } = useStaffContext();
  const settle = useSessionStore((s) => s.settleApproval);
  const managers = useLiveQuery(
    async () => (await listSignInStaff(db)).filter((s) => s.role === 'manager'),
    [db],
  );
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [badgeText, setBadgeText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const chosen = useMemo(() => managers?.find((m) => m.id === chosenId) ?? null, [managers, chosenId]);
  const actionName = t(`staff.action.${request.action}`);

  const approve = useCallback(
    async (manager: StaffRow) => {
      try {
        const approval = await grantApproval(
          db,
          manager.id,
          request.forStaffId,
          request.action,
          clock ? { clock } : {},
        );
        settle(approval);
      } catch (e) {
        if (e instanceof PermissionDeniedError) setError(t(`staff.denied.${e.reason}`));
        else throw e;
      }
    },
    [db, clock, request, settle, t],
  );
  const pin = usePinCheck(chosen, 'approve', (m) => void approve(m));

  const byBadge = useCallback(
    (text: string) => {
      const parsed = parseCode(text);
      const manager =
        parsed.kind === 'staffBadge' ? managers?.find((m) => m.badge === parsed.text) : undefined;
      if (manager) void approve(manager);
      else setError(t('staff.override.notManager', { text: text.trim() }));
    },
    [managers, approve, t],
  );

  const cancel = useCallback(() => settle(null), [settle]);
  const handlers = useMemo(
    () => ({
      onBadge: (text: string) => byBadge(text),
      onKey: (event: KeyboardEvent) => {
        if (event.key !== 'Escape') return;
        if (chosenId) setChosenId(null);
        else cancel();
      },
    }),
    [byBadge, cancel, chosenId],
  );
  useShield(handlers);

  useEffect(() => {
    dialog.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [chosenId]);

  const submitBadge = (event: FormEvent) => {
    event.preventDefault();
    if (badgeText.trim()) byBadge(badgeText);
    setBadgeText('');
  };

  return (
    <div className="staff-backdrop">
      <div
        ref={dialog}
        className="staff-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="override-title"
        aria-describedby="override-intro"
      >
        <h2 id="override-title">{t('staff.override.title')}</h2>
        <p id="override-intro">{t('staff.override.intro', { action: actionName })}</p>
        {chosen ? (
          <>
            <PinPad
              label={t('staff.signIn.pinFor', { name: chosen.name })}
              onSubmit={(p) => void pin.submit(p)}
              busy={pin.busy}
              disabled={pin.locked}
              message={pin.message}
            />
            <button type="button" onClick={() => setChosenId(null)}>
              {t('staff.signIn.back')}
            </button>
          </>
        ) : (
          <>
            <form className="badge-form" onSubmit={submitBadge}>
              <label>
                <span>{t('staff.override.badgeLabel')}</span>
                <input value={badgeText} autoComplete="off" onChange={(e) => setBadgeText(e.target.value)} />
              </label>
            </form>
            <ul className="staff-list" aria-label={t('staff.override.managers')}>
              {(managers ?? []).map((m) => (
                <li key={m.id}>
                  <button type="button" onClick={() => setChosenId(m.id)}>
                    <span className="staff-name">{m.name}</span>
                    <span className="staff-role">{t('staff.role.manager')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <p role="alert">{error ?? ''}</p>
        <button type="button" className="staff-cancel" onClick={cancel}>
          {t('staff.override.cancel')}
        </button>
      </div>
    </div>
  );
}
