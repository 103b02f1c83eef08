import { createContext, type RefObject, useContext, useLayoutEffect } from 'react';
import type { LinliDb } from '../../db/database';
import type { Clock } from '../../db/clock';

/** What the sign-in surfaces want from the keyboard while they are up. */
export interface ShieldHandlers {
  /** A staff badge was scanned (or typed as a burst and Enter). */
  onBadge(text: string, staffId: string): void;
  /** Any other key (Escape to go back, digits when the PIN field lost focus). */
  onKey?(event: KeyboardEvent): void;
}

export interface StaffContextValue {
  db: LinliDb;
  clock?: Clock;
  shieldRef: RefObject<ShieldHandlers | null>;
}

export const StaffContext = createContext<StaffContextValue | null>(null);

/** Null outside the gate (the shell rendered without a database, in tests of other features). */
export const useOptionalStaffContext = (): StaffContextValue | null => useContext(StaffContext);

export function useStaffContext(): StaffContextValue {
  const value = useContext(StaffContext);
  if (!value) throw new Error('useStaffContext outside <StaffGate>');
  return value;
}

/** Routes badge scans and keys to this surface while it is mounted (the latest mounted one wins). */
export function useShield(handlers: ShieldHandlers): void {
  const { shieldRef } = useStaffContext();
  useLayoutEffect(() => {
    const previous = shieldRef.current;
    shieldRef.current = handlers;
    return () => {
      shieldRef.current = previous;
    };
  }, [shieldRef, handlers]);
}
