import { useCallback } from 'react';
import type { PrivilegedAction } from '@shared/staff/roles';
import type { PrivilegedActor } from '../../db/repositories/staff';
import { NotSignedInError, useSessionStore } from '../../session/sessionStore';

/**
 * Runs a privileged repository action for the signed-in member: a manager
 * acts alone; for a clerk the manager override dialog asks for an approval
 * first (null when cancelled). The session role is only a hint — the
 * repository's guard decides.
 *
 *   const runPrivileged = usePrivileged();
 *   await runPrivileged('returnToStock', (actor) => returnToStock(db, id, reason, actor));
 */
export function usePrivileged() {
  const requestApproval = useSessionStore((s) => s.requestApproval);
  return useCallback(
    async <T>(action: PrivilegedAction, run: (actor: PrivilegedActor) => Promise<T>): Promise<T | null> => {
      const member = useSessionStore.getState().member;
      if (!member) throw new NotSignedInError();
      if (member.role === 'manager') return run({ staffId: member.id });
      const approval = await requestApproval(action);
      if (!approval) return null;
      return run({ staffId: member.id, approval });
    },
    [requestApproval],
  );
}
