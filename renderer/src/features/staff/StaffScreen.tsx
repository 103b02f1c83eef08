import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PermissionDeniedError } from '@shared/staff/roles';
import { openAuditLog } from '../../db/repositories/staff';
import { useSessionStore } from '../../session/sessionStore';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { AuditLog } from './AuditLog';
import { useOptionalStaffContext, useStaffContext } from './StaffContext';
import { ComingSoon } from '../../ui/ComingSoon';
import { usePrivileged } from './usePrivileged';

/**
 * The Staff screen: the session, and the audit log for managers. A clerk can
 * ask a manager to approve one look at the log (audited like any override).
 */
export function StaffScreen() {
  const { t } = useTranslation();
  const context = useOptionalStaffContext();
  if (!context) {
    return (
      <ScreenFrame title={t('screen.staff.title')} intro={t('screen.staff.intro')}>
        <ComingSoon />
      </ScreenFrame>
    );
  }
  return <StaffPanel />;
}

function StaffPanel() {
  const { t } = useTranslation();
  const { db, clock } = useStaffContext();
  const member = useSessionStore((s) => s.member);
  const runPrivileged = usePrivileged();
  const [openFor, setOpenFor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A manager sees the log; a clerk's approved look ends with their session.
  const open = member !== null && (member.role === 'manager' || openFor === member.id);

  const askManager = async () => {
    setError(null);
    try {
      const auth = await runPrivileged('viewAuditLog', (actor) =>
        openAuditLog(db, actor, clock ? { clock } : {}),
      );
      if (auth) setOpenFor(auth.staffId);
    } catch (e) {
      if (e instanceof PermissionDeniedError) setError(t(`staff.denied.${e.reason}`));
      else throw e;
    }
  };

  return (
    <ScreenFrame title={t('screen.staff.title')} intro={t('screen.staff.intro')}>
      {open ? (
        <AuditLog />
      ) : (
        <section className="audit-locked" aria-labelledby="audit-locked-title">
          <h2 id="audit-locked-title">{t('staff.audit.title')}</h2>
          <p>{t('staff.audit.managersOnly')}</p>
          <button type="button" onClick={() => void askManager()}>
            {t('staff.audit.askManager')}
          </button>
          <p role="alert">{error ?? ''}</p>
        </section>
      )}
    </ScreenFrame>
  );
}
