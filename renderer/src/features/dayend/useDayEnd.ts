import { useLiveQuery } from 'dexie-react-hooks';
import type { LinliDb } from '../../db/database';
import { currentBusinessDay } from '../../db/repositories/dayClose';

/** The terminal's context (zone, policy) and the business day work done now belongs to. */
export function useBusinessDay(db: LinliDb, now: number) {
  // re-read once a minute is enough: a business day changes at midnight or a close
  const minute = Math.floor(now / 60_000);
  return useLiveQuery(() => currentBusinessDay(db, now), [db, minute]);
}

export function useStaffNames(db: LinliDb): Map<string, string> {
  const staff = useLiveQuery(() => db.staff.toArray(), [db]);
  return new Map((staff ?? []).map((s) => [s.id, s.name]));
}
