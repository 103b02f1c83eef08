import { useEffect, useRef } from 'react';
import { isIdle, lockDeadline } from '@shared/staff/autolock';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` once after `idleMs` without a key, pointer, wheel or touch
 * event while `enabled` (someone is signed in). Activity only moves a time
 * stamp; the timer re-arms itself from it when it fires early.
 */
export function useAutoLock({
  enabled,
  idleMs,
  onIdle,
}: {
  enabled: boolean;
  idleMs: number;
  onIdle: () => void;
}): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  });

  useEffect(() => {
    if (!enabled) return;
    let lastActivity = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      timer = setTimeout(check, Math.max(0, lockDeadline(lastActivity, idleMs) - Date.now()));
    };
    const check = () => {
      if (isIdle(lastActivity, Date.now(), idleMs)) latest.current();
      else arm();
    };
    const onActivity = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, onActivity, { capture: true, passive: true });
    arm();
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [enabled, idleMs]);
}
