import type { Transaction } from 'dexie';
import { type DayEndPolicy, dayEndPolicyOf } from '@shared/dayend/policy';
import type { DayCloseRefusal } from '@shared/dayend/dayClose';
import type { CashMovementRefusal } from '@shared/dayend/cash';
import { DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import type { LinliDb } from '../database';
import { getMeta, metaKey } from '../meta';
import type { TerminalIdentity } from '../types';

/** Why a closing-the-day action was refused; nothing was written. */
export type DayEndRefusal =
  | { reason: 'no-terminal' }
  | { reason: 'shift-already-open'; shiftId: string }
  | { reason: 'no-open-shift' }
  | { reason: 'float-required' }
  | { reason: 'invalid-count'; denominationId: string; detail: string }
  | { reason: 'movement'; refusal: CashMovementRefusal; drawerFen: number }
  | { reason: 'note-required' }
  | { reason: 'handover-to-self' }
  | { reason: 'unknown-staff'; staffId: string }
  | { reason: 'unknown-product'; code: string }
  | { reason: 'wrong-category'; sku: string; category: string }
  | { reason: 'count-not-open' }
  | { reason: 'count-overlap'; countId: string }
  | { reason: 'invalid-qty' }
  | { reason: 'nothing-counted' }
  | { reason: 'day'; refusal: DayCloseRefusal }
  | { reason: 'day-not-closed' }
  | { reason: 'reason-required' }
  | { reason: 'audit-not-open' }
  | { reason: 'no-slot-scanned' }
  | { reason: 'not-an-exception'; bagLabel: string };

export class DayEndRefusedError extends Error {
  readonly kind = 'dayend-refused' as const;
  constructor(readonly refusal: DayEndRefusal) {
    super(`refused: ${refusal.reason}`);
    this.name = 'DayEndRefusedError';
  }
}

export const refuse = (refusal: DayEndRefusal): never => {
  throw new DayEndRefusedError(refusal);
};

export interface DayEndContext {
  terminal: TerminalIdentity;
  timeZone: string;
  policy: DayEndPolicy;
}

type MetaTable = ReturnType<Transaction['table']>;

/** Terminal, store zone and policy from meta (inside a transaction that includes `meta`). */
export async function dayEndContext(meta: MetaTable): Promise<DayEndContext> {
  const terminal = ((await meta.get('terminal')) as { value?: TerminalIdentity } | undefined)?.value;
  if (!terminal) return refuse({ reason: 'no-terminal' });
  const [store, policy] = await Promise.all([
    getMeta(meta, metaKey.store(terminal.storeId)),
    getMeta(meta, metaKey.storePolicy(terminal.storeId)),
  ]);
  return {
    terminal,
    timeZone: store?.timeZone ?? DEFAULT_STORE_TIME_ZONE,
    policy: dayEndPolicyOf(policy),
  };
}

export function readDayEndContext(db: LinliDb): Promise<DayEndContext> {
  return db.transaction('r', db.meta, () => dayEndContext(db.meta as unknown as MetaTable));
}
