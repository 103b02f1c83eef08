import type { DrawerResult } from '@shared/ipc/contract';
import { type Clock, systemClock } from '../../../db/clock';
import type { LinliDb } from '../../../db/database';
import { recordAuditEvent } from '../../../db/repositories/audit';
import { writeAction } from '../../../db/repositories/outbox';
import type { Actor, StaffRow } from '../../../db/types';
import type { Platform } from '../../../platform';

/** Longest reason kept (the IPC channel takes the same). */
export const MAX_DRAWER_REASON = 200;

export type DrawerRefusal = 'reasonRequired' | 'reasonTooLong' | 'unknownStaff';

/** Opening without a sale refused before anything happened: nothing written, drawer shut. */
export class DrawerRefusedError extends Error {
  constructor(readonly refusal: DrawerRefusal) {
    super(`drawer refused: ${refusal}`);
    this.name = 'DrawerRefusedError';
  }
}

export interface OpenDrawerOptions {
  platform: Pick<Platform, 'openCashDrawer'>;
  clock?: Clock;
}

/**
 * "Open drawer without a sale" (找零 / 换零钱): needs a reason, and is audited
 * — the audit row and its `audit.recorded` mutation for HQ are written in one
 * transaction BEFORE the drawer is kicked, so no opening goes unrecorded even
 * if the terminal dies right after. The staff member is read from the local
 * staff table, never taken on the caller's word. Returns the drawer's answer
 * (a printer that is off is not an error: the clerk uses the drawer's key).
 */
export async function openDrawerWithoutSale(
  db: LinliDb,
  actor: Actor,
  reason: string,
  options: OpenDrawerOptions,
): Promise<DrawerResult> {
  const why = reason.trim();
  if (!why) throw new DrawerRefusedError('reasonRequired');
  if (why.length > MAX_DRAWER_REASON) throw new DrawerRefusedError('reasonTooLong');
  const clock = options.clock ?? systemClock;
  await writeAction(db, ['staff'], async (tx) => {
    const member = await tx.table<StaffRow, string>('staff').get(actor.staffId);
    if (!member?.active) throw new DrawerRefusedError('unknownStaff');
    await recordAuditEvent(tx, 'drawer.openedWithoutSale', actor.staffId, {
      subject: why,
      detail: { reason: why },
      clock,
    });
  });
  return options.platform.openCashDrawer(why);
}
