import { useTranslation } from 'react-i18next';
import { recordSignOut } from '../../db/repositories/staff';
import { useSessionStore } from '../../session/sessionStore';
import { useOptionalStaffContext } from './StaffContext';

/** Who is signed in, with Lock and Switch user — for the top bar. */
export function SessionBar() {
  const { t } = useTranslation();
  const context = useOptionalStaffContext();
  const member = useSessionStore((s) => s.member);
  const lock = useSessionStore((s) => s.lock);
  if (!member || !context) return null;
  const { db, clock } = context;
  const end = (how: 'signOut' | 'switchUser') => {
    lock(how);
    void recordSignOut(db, member.id, how, clock ? { clock } : {});
  };
  return (
    <div className="session-bar">
      <span>
        {t('staff.session.signedInAs', { name: member.name, role: t(`staff.role.${member.role}`) })}
      </span>
      <button type="button" onClick={() => end('signOut')}>
        {t('staff.session.lock')}
      </button>
      <button type="button" onClick={() => end('switchUser')}>
        {t('staff.session.switchUser')}
      </button>
    </div>
  );
}
