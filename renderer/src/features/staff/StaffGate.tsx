import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { DEFAULT_AUTO_LOCK_MS } from '@shared/staff/autolock';
import type { Clock } from '../../db/clock';
import type { LinliDb } from '../../db/database';
import { readAutoLockMs, recordSignOut } from '../../db/repositories/staff';
import { useSessionStore } from '../../session/sessionStore';
import { installKeyboardShield } from './keyboardShield';
import { OverrideDialog } from './OverrideDialog';
import { SignInScreen } from './SignInScreen';
import { type ShieldHandlers, StaffContext } from './StaffContext';
import { useAutoLock } from './useAutoLock';
import './staff.css';

/**
 * Nothing at the counter works without a signed-in staff member. The app
 * stays mounted underneath — hidden and inert while locked — so an auto-lock
 * or a user switch keeps whatever screen, scan or cart was open. Idle time
 * from HQ's store policy (default 5 minutes) locks the counter.
 */
export function StaffGate({
  db,
  clock,
  idleMs: idleOverride,
  children,
}: {
  db: LinliDb;
  clock?: Clock;
  /** Overrides HQ's idle time (tests). */
  idleMs?: number;
  children: ReactNode;
}) {
  const member = useSessionStore((s) => s.member);
  const request = useSessionStore((s) => s.approvalRequest);
  const lock = useSessionStore((s) => s.lock);
  const policyIdleMs = useLiveQuery(() => readAutoLockMs(db), [db]) ?? DEFAULT_AUTO_LOCK_MS;
  const idleMs = idleOverride ?? policyIdleMs;
  const shieldRef = useRef<ShieldHandlers | null>(null);

  // A layout effect of the gate runs before any passive effect below it, so the
  // shield's capture listener is registered ahead of every feature's.
  useLayoutEffect(() => installKeyboardShield(window, () => shieldRef.current), []);

  const onIdle = useCallback(() => {
    const current = useSessionStore.getState().member;
    if (!current) return;
    lock('autoLock');
    void recordSignOut(db, current.id, 'autoLock', clock ? { clock } : {});
  }, [db, clock, lock]);
  useAutoLock({ enabled: member !== null, idleMs, onIdle });

  // HQ deactivated or removed the signed-in member: the session ends at once.
  const memberId = member?.id;
  const record = useLiveQuery(
    async () => (memberId ? ((await db.staff.get(memberId)) ?? null) : undefined),
    [db, memberId],
  );
  useEffect(() => {
    if (memberId && (record === null || record?.active === false)) lock('signOut');
  }, [memberId, record, lock]);

  const context = useMemo(() => ({ db, shieldRef, ...(clock && { clock }) }), [db, clock]);
  const locked = member === null;

  return (
    <StaffContext value={context}>
      <div className="staff-gated" hidden={locked} inert={locked || request !== null}>
        {children}
      </div>
      {locked && <SignInScreen />}
      {!locked && request && (
        <OverrideDialog key={`${request.action}:${request.forStaffId}`} request={request} />
      )}
    </StaffContext>
  );
}
