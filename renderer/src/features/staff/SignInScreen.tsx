import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { parseCode } from '@shared/codes/parse';
import { listSignInStaff } from '../../db/repositories/staff';
import type { StaffRow } from '../../db/types';
import { useSessionStore } from '../../session/sessionStore';
import { PinPad } from './PinPad';
import { useShield, useStaffContext } from './StaffContext';
import { usePinCheck } from './usePinCheck';

/**
 * The shared counter's sign-in: choose your name or scan your badge, then the
 * PIN. After an auto-lock the member who was signed in is offered first.
 */
export function SignInScreen() {
  const { t } = useTranslation();
  const { db } = useStaffContext();
  const previous = useSessionStore((s) => s.previous);
  const signIn = useSessionStore((s) => s.signIn);
  const staff = useLiveQuery(() => listSignInStaff(db), [db]);
  const [chosenId, setChosenId] = useState<string | null>(previous?.id ?? null);
  const [badgeText, setBadgeText] = useState('');
  const [badgeError, setBadgeError] = useState<string | null>(null);

  const chosen = useMemo(() => staff?.find((s) => s.id === chosenId) ?? null, [staff, chosenId]);
  const onSuccess = useCallback(
    (member: StaffRow) => signIn({ id: member.id, name: member.name, role: member.role }),
    [signIn],
  );
  const pin = usePinCheck(chosen, 'signIn', onSuccess);

  const chooseByBadge = useCallback(
    (text: string) => {
      const parsed = parseCode(text);
      const member = parsed.kind === 'staffBadge' ? staff?.find((s) => s.badge === parsed.text) : undefined;
      if (member) {
        setBadgeError(null);
        setBadgeText('');
        setChosenId(member.id);
      } else {
        setBadgeError(t('staff.signIn.unknownBadge', { text: text.trim() }));
      }
    },
    [staff, t],
  );

  const shieldHandlers = useMemo(
    () => ({
      onBadge: (text: string) => chooseByBadge(text),
      onKey: (event: KeyboardEvent) => {
        if (event.key === 'Escape' && chosenId) setChosenId(null);
      },
    }),
    [chooseByBadge, chosenId],
  );
  useShield(shieldHandlers);

  const submitBadge = (event: FormEvent) => {
    event.preventDefault();
    if (badgeText.trim()) chooseByBadge(badgeText);
  };

  return (
    <main id="signin" className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('staff.signIn.title')}</h1>
      {chosen ? (
        <section className="signin-pin" aria-labelledby="signin-pin-title">
          <h2 id="signin-pin-title">{t('staff.signIn.pinFor', { name: chosen.name })}</h2>
          {previous?.id === chosen.id && <p>{t('staff.signIn.resumeIntro', { name: chosen.name })}</p>}
          <PinPad
            onSubmit={(p) => void pin.submit(p)}
            busy={pin.busy}
            disabled={pin.locked}
            message={pin.message}
          />
          <button type="button" className="signin-back" onClick={() => setChosenId(null)}>
            {t('staff.signIn.back')}
          </button>
        </section>
      ) : (
        <>
          <p>{t('staff.signIn.intro')}</p>
          <form className="badge-form" onSubmit={submitBadge}>
            <label>
              <span>{t('staff.signIn.badgeLabel')}</span>
              <input
                value={badgeText}
                autoFocus
                autoComplete="off"
                onChange={(e) => setBadgeText(e.target.value)}
                aria-describedby="badge-hint"
              />
            </label>
            <p id="badge-hint" className="hint">
              {t('staff.signIn.badgeHint')}
            </p>
            <p role="alert">{badgeError ?? ''}</p>
          </form>
          {staff && staff.length === 0 && <p role="status">{t('staff.signIn.noStaff')}</p>}
          <ul className="staff-list" aria-label={t('staff.signIn.staffList')}>
            {(staff ?? []).map((member) => (
              <li key={member.id}>
                <button type="button" onClick={() => setChosenId(member.id)}>
                  <span className="staff-name">{member.name}</span>
                  <span className="staff-role">{t(`staff.role.${member.role}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}
