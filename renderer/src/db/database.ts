import { Dexie, type EntityTable, type Table } from 'dexie';
import { recomputeDayTotalsIn } from './repositories/dayTotals';
import {
  DB_NAME,
  SCHEMA_V1,
  SCHEMA_V2,
  SCHEMA_V3,
  SCHEMA_V4,
  SCHEMA_V5,
  SCHEMA_V6,
  SCHEMA_V7,
} from './schema';
import type {
  AuditRow,
  BatchRow,
  CashMovementRow,
  CustomerNoteRow,
  DayCloseRow,
  DayTotalsRow,
  ExceptionRow,
  HeldCartRow,
  LayoutRow,
  LeaderRow,
  MetaRow,
  OrderRow,
  OutboxBaseRow,
  OutboxRow,
  ProductRow,
  ReceiptCounterRow,
  RefundRow,
  SaleRow,
  ShadowRow,
  ShelfAuditRow,
  ShiftRow,
  SlotOccupancyRow,
  SlotRow,
  StaffRow,
  StockCountLineRow,
  StockCountRow,
  StockRow,
} from './types';

/**
 * The terminal's local database. Reads go through `useLiveQuery`; writes go
 * through the repositories (one `rw` transaction per domain action that writes
 * the change, its outbox mutation and its audit row together).
 */
export class LinliDb extends Dexie {
  orders!: EntityTable<OrderRow, 'id'>;
  products!: EntityTable<ProductRow, 'sku'>;
  stock!: EntityTable<StockRow, 'sku'>;
  staff!: EntityTable<StaffRow, 'id'>;
  layout!: EntityTable<LayoutRow, 'storeId'>;
  slots!: EntityTable<SlotRow, 'id'>;
  slotOccupancy!: Table<SlotOccupancyRow, [string, string]>;
  batches!: EntityTable<BatchRow, 'id'>;
  leaders!: EntityTable<LeaderRow, 'id'>;
  sales!: EntityTable<SaleRow, 'id'>;
  refunds!: EntityTable<RefundRow, 'id'>;
  heldCarts!: EntityTable<HeldCartRow, 'id'>;
  receiptCounters!: EntityTable<ReceiptCounterRow, 'key'>;
  shifts!: EntityTable<ShiftRow, 'id'>;
  cashMovements!: EntityTable<CashMovementRow, 'id'>;
  stockCounts!: EntityTable<StockCountRow, 'id'>;
  stockCountLines!: Table<StockCountLineRow, [string, string]>;
  dayCloses!: EntityTable<DayCloseRow, 'businessDate'>;
  dayTotals!: Table<DayTotalsRow, [string, string]>;
  shelfAudits!: EntityTable<ShelfAuditRow, 'id'>;
  customerNotes!: EntityTable<CustomerNoteRow, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  outboxBases!: EntityTable<OutboxBaseRow, 'seq'>;
  shadows!: EntityTable<ShadowRow, 'ref'>;
  exceptions!: EntityTable<ExceptionRow, 'id'>;
  audit!: EntityTable<AuditRow, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores(SCHEMA_V1);
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        // v1 had a placeholder sales table nothing wrote to; a row there (if any)
        // gets the fields the till reads, so it can never break a lookup.
        await tx
          .table('sales')
          .toCollection()
          .modify((row: Record<string, unknown>) => {
            row['refundedQty'] ??= {};
            row['shiftId'] ??= null;
          });
      });
    this.version(3)
      .stores(SCHEMA_V3)
      .upgrade(async (tx) => {
        // v1/v2 had a placeholder shifts table nothing wrote to; a row there (if
        // any) is closed with an empty drawer, so it can never count as the open shift.
        await tx
          .table('shifts')
          .toCollection()
          .modify((row: Record<string, unknown>) => {
            row['terminalId'] ??= '';
            row['staffId'] ??= '';
            row['floatFen'] ??= 0;
            row['floatCount'] ??= {};
            row['state'] = 'closed';
          });
      });
    // The Z report's running totals, backfilled from the work already stored.
    this.version(4)
      .stores(SCHEMA_V4)
      .upgrade((tx) => recomputeDayTotalsIn(tx));
    // A new table only: notes arrive with the next pull (nothing to convert).
    this.version(5).stores(SCHEMA_V5);
    // An index only: IndexedDB builds it from the stored products.
    this.version(6).stores(SCHEMA_V6);
    // An index only, likewise: orders by dispatch time (deliveries out with a rider).
    this.version(7).stores(SCHEMA_V7);
  }
}

/** Opens (creating or upgrading) the terminal database. */
export async function openLinliDb(name: string = DB_NAME): Promise<LinliDb> {
  const db = new LinliDb(name);
  await db.open();
  return db;
}
