import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkPin, readLockout } from '../../db/repositories/staff';
import type { StaffRow } from '../../db/types';
import { useStaffContext } from './StaffContext';

interface PinState {
  staffId: string | null;
  message: string | null;
  lockedUntil: number | null;
}
const EMPTY: PinState = { staffId: null, message: null, lockedUntil: null };

/**
 * Checks PINs for one staff member against the local hash, showing the
 * lockout (read from Dexie on open, so a reload still shows it) and the tries
 * left. `onSuccess` gets the member.
 */
export function usePinCheck(
  staff: StaffRow | null,
  purpose: 'signIn' | 'approve',
  onSuccess: (staff: StaffRow) => void,
) {
  const { t } = useTranslation();
  const { db, clock } = useStaffContext();
  const [busy, setBusy] = useState(false);
  // Message and lock belong to one member: choosing another starts clean.
  const [state, setState] = useState<PinState>(EMPTY);
  const current = staff && state.staffId === staff.id ? state : EMPTY;
  const now = useCallback(() => clock?.now() ?? Date.now(), [clock]);

  const lockedMessage = useCallback(
    (name: string, until: number) =>
      t('staff.pin.locked', {
        name,
        time: new Date(until).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
        minutes: Math.max(1, Math.ceil((until - now()) / 60_000)),
      }),
    [t, now],
  );

  // Show an existing lockout as soon as the member is chosen (it survives a reload).
  useEffect(() => {
    if (!staff) return;
    let cancelled = false;
    void readLockout(db, staff.id, clock ? { clock } : {}).then((status) => {
      if (cancelled || !status.locked) return;
      setState({
        staffId: staff.id,
        lockedUntil: status.until,
        message: lockedMessage(staff.name, status.until),
      });
    });
    return () => {
      cancelled = true;
    };
  }, [db, clock, staff, lockedMessage]);

  // Lift the lock on screen when it ends.
  const { lockedUntil } = current;
  useEffect(() => {
    if (lockedUntil === null) return;
    const timer = setTimeout(() => setState(EMPTY), Math.max(0, lockedUntil - now()));
    return () => clearTimeout(timer);
  }, [lockedUntil, now]);

  const submit = useCallback(
    async (pin: string) => {
      if (!staff) return;
      setBusy(true);
      try {
        const result = await checkPin(db, staff.id, pin, { purpose, ...(clock && { clock }) });
        const show = (message: string, until: number | null = null) =>
          setState({ staffId: staff.id, message, lockedUntil: until });
        if (result.ok) {
          setState(EMPTY);
          onSuccess(result.staff);
        } else if (result.reason === 'locked') {
          show(lockedMessage(staff.name, result.until), result.until);
        } else if (result.reason === 'wrong-pin') {
          show(t('staff.pin.wrong', { count: result.failuresLeft }));
        } else {
          show(t(result.reason === 'inactive' ? 'staff.pin.inactive' : 'staff.pin.unknown'));
        }
      } finally {
        setBusy(false);
      }
    },
    [db, clock, staff, purpose, onSuccess, lockedMessage, t],
  );

  return { submit, busy, message: current.message, locked: current.lockedUntil !== null };
}
