import type { Transaction } from 'dexie';
import {
  cashMovedPayloadSchema,
  saleCompletedPayloadSchema,
  saleRefundedPayloadSchema,
} from '@shared/contract';
import { type DayWork, saleWork } from '@shared/dayend/dayWork';
import type { RecoveryMutation } from '@shared/recovery/format';
import { businessDateOf, DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import { getMeta, metaKey } from '../meta';
import type { CashMovementRow, RefundRow, SaleRow, TerminalIdentity } from '../types';
import { addDayWork, DAY_TOTALS_TABLES } from './dayTotals';

/** Tables the import writes the recovered work to. */
export const IMPORTED_WORK_TABLES = ['sales', 'refunds', 'cashMovements', ...DAY_TOTALS_TABLES] as const;

/**
 * Recovered sales, refunds and cash movements, as this terminal's work: HQ
 * counts a mutation under the terminal that delivers it, so the day's running
 * totals here (and the rows a recompute folds) must count them too, or this
 * terminal's line could never match HQ's. Rows already here are left alone;
 * a payload that breaks the contract is left to HQ to refuse.
 */
export async function recordImportedWork(
  tx: Transaction,
  here: TerminalIdentity,
  mutations: readonly RecoveryMutation[],
): Promise<void> {
  const timeZone = (await getMeta(tx, metaKey.store(here.storeId)))?.timeZone ?? DEFAULT_STORE_TIME_ZONE;
  const sales = tx.table<SaleRow, string>('sales');
  const refunds = tx.table<RefundRow, string>('refunds');
  const movements = tx.table<CashMovementRow, string>('cashMovements');
  const work: DayWork[] = [];
  const terminalId = here.terminalId;
  for (const m of mutations) {
    const { createdAt, staffId } = m;
    const businessDate = businessDateOf(createdAt, timeZone);
    if (m.type === 'sale.completed') {
      const sale = saleCompletedPayloadSchema.safeParse(m.payload);
      if (!sale.success || (await sales.get(sale.data.saleId))) continue;
      if (await sales.where('receiptNo').equals(sale.data.receiptNo).count()) continue;
      const row: SaleRow = {
        id: sale.data.saleId,
        receiptNo: sale.data.receiptNo,
        businessDate,
        createdAt,
        terminalId,
        staffId,
        shiftId: sale.data.shiftId ?? null,
        ...(sale.data.orderId ? { orderId: sale.data.orderId } : {}),
        sale: sale.data,
        refundedQty: {},
      };
      await sales.add(row);
      work.push(saleWork(row));
    } else if (m.type === 'sale.refunded') {
      const refund = saleRefundedPayloadSchema.safeParse(m.payload);
      if (!refund.success || (await refunds.get(refund.data.refundId))) continue;
      await refunds.add({
        id: refund.data.refundId,
        saleId: refund.data.saleId,
        businessDate,
        createdAt,
        staffId,
        shiftId: refund.data.shiftId ?? null,
        refund: refund.data,
      });
      work.push({ kind: 'refund', terminalId, createdAt, refund: refund.data });
    } else if (m.type === 'cash.moved') {
      const move = cashMovedPayloadSchema.safeParse(m.payload);
      if (!move.success || (await movements.get(move.data.movementId))) continue;
      await movements.add({
        id: move.data.movementId,
        shiftId: move.data.shiftId,
        createdAt,
        staffId,
        terminalId,
        kind: move.data.kind,
        amountFen: move.data.amountFen,
        reason: move.data.reason,
      });
      work.push({ kind: 'cash', terminalId, createdAt, movement: move.data });
    }
  }
  await addDayWork(tx, work, timeZone);
}
