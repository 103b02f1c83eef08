/**
 * Row types of the local database. HQ-owned entities are stored as HQ sends
 * them (the contract's types) plus a few local fields; everything the terminal
 * owns (outbox, exceptions, audit, meta) is defined here.
 */
import type {
  CustomerNote,
  EntityName,
  FirstSyncProgress,
  GroupBatch,
  GroupLeader,
  MutationPayload,
  MutationType,
  Order,
  OrderStatus,
  PickupKey,
  Product,
  ShelfLayout,
  Staff,
  StockLevel,
  Store,
  StorePolicy,
  TemperatureZone,
} from '@shared/contract';
import type { WalletRefundRequest, WalletRefundState } from '@shared/payments/refunds';
import type { Cart } from '@shared/sale/cart';
import type { DayWorkTotals } from '@shared/dayend/dayWork';

export type { EntityName, OrderStatus };

/** `order:<id>`: names one entity in the outbox's `affects` and in shadows. */
export type EntityRef = `${EntityName}:${string}`;
export const entityRef = (entity: EntityName, key: string): EntityRef => `${entity}:${key}`;
/** The entity and key an `EntityRef` names. */
export const splitEntityRef = (ref: EntityRef): { entity: EntityName; key: string } => {
  const at = ref.indexOf(':');
  return { entity: ref.slice(0, at) as EntityName, key: ref.slice(at + 1) };
};

/** An order as HQ sent it, plus `slotIds` (from `slotAssignments`) for the multi-entry slot index. */
export type OrderRow = Order & { slotIds: string[] };
export type ProductRow = Product;
export type StockRow = StockLevel;
export type StaffRow = Staff;
export type LayoutRow = ShelfLayout;
export type BatchRow = GroupBatch;
export type LeaderRow = GroupLeader;
/** A note or wish on a customer, as HQ sent it (or as written here, until HQ confirms). */
export type CustomerNoteRow = CustomerNote;

/** One shelf slot, flattened out of the layout for lookups by id and label. */
export interface SlotRow {
  id: string;
  zone: TemperatureZone;
  unitId: string;
  label: string;
  row: number;
  column: number;
  capacityBags: number;
  /** The unit's walking order from the counter, 1 = nearest. */
  distance: number;
}

/** Bags of one order sitting in one slot. */
export interface SlotOccupancyRow {
  slotId: string;
  orderId: string;
  bagLabels: string[];
  since: string;
}

/**
 * A completed till sale: the `sale.completed` payload exactly as pushed, plus
 * local fields for lookups (receipt, business day in the store zone, shift) and
 * the quantities refunded so far per line index.
 */
export interface SaleRow {
  /** The sale id (= `sale.saleId`). */
  id: string;
  receiptNo: string;
  /** Store-local yyyy-mm-dd. */
  businessDate: string;
  /** ISO 8601. */
  createdAt: string;
  terminalId: string;
  staffId: string;
  shiftId: string | null;
  /** The pickup order this add-on sale was opened from. */
  orderId?: string;
  customerRef?: string;
  customerPhoneLast4?: string;
  sale: MutationPayload<'sale.completed'>;
  /** Line index → quantity refunded so far, across every refund of this terminal. */
  refundedQty: Record<number, number>;
  /** False while the receipt waits for a (re)print. */
  printed?: boolean;
}

/** One refund of a sale, with the `sale.refunded` payload exactly as pushed. */
export interface RefundRow {
  /** The refund id (= `refund.refundId`). */
  id: string;
  saleId: string;
  businessDate: string;
  createdAt: string;
  staffId: string;
  shiftId: string | null;
  refund: MutationPayload<'sale.refunded'>;
  /**
   * The e-wallet part of the refund as the gateway has answered it, one entry
   * per WeChat / Alipay tender (absent for a cash or card refund). Not indexed:
   * pending ones are found through the `payments:pendingRefund:` meta queue.
   */
  wallet?: WalletRefund[];
}

/** One e-wallet tender of a refund, sent back to the payment it came from. */
export interface WalletRefund extends WalletRefundRequest {
  state: WalletRefundState;
  /** The gateway's refund reference once refunded. */
  reference?: string;
  /** Why it is still pending, or why the gateway refused it. */
  reason?: string;
  /** Times it was sent to the gateway. */
  attempts: number;
  /** ISO 8601, last change. */
  updatedAt: string;
}

/** A wallet refund waiting for a definite answer (meta `payments:pendingRefund:<gatewayRefundId>`). */
export interface PendingWalletRefund {
  /** The refund row (`RefundRow.id`). */
  refundId: string;
  gatewayRefundId: string;
}

/** 挂单: a parked cart, resumed with 取单. */
export interface HeldCartRow {
  id: string;
  heldAt: string;
  staffId: string;
  cart: Cart;
}

/** The last receipt serial handed out for `${terminalId}:${businessDate}`. */
export interface ReceiptCounterRow {
  key: string;
  last: number;
}

/** A till shift: the drawer from its float to its count. */
export interface ShiftRow {
  id: string;
  terminalId: string;
  /** Who opened it (the clerk at the drawer). */
  staffId: string;
  openedAt: string;
  state: 'open' | 'closed';
  floatFen: number;
  /** The float as counted, denomination id → pieces. */
  floatCount: Record<string, number>;
  /** 交班: the shift whose count became this float. */
  handedOverFrom?: string;
  closedAt?: string;
  closedBy?: string;
  countedFen?: number;
  expectedFen?: number;
  differenceFen?: number;
  count?: Record<string, number>;
  note?: string;
  approvedBy?: string;
  handedOverTo?: string;
}

export interface CashMovementRow {
  id: string;
  shiftId: string;
  createdAt: string;
  staffId: string;
  terminalId: string;
  kind: 'payIn' | 'payOut';
  amountFen: number;
  reason: string;
  approvedBy?: string;
}

/** A scan-and-count session (full store or one category). */
export interface StockCountRow {
  id: string;
  scope: 'full' | 'category';
  category?: string;
  state: 'counting' | 'submitted' | 'cancelled';
  startedAt: string;
  startedBy: string;
  terminalId: string;
  submittedAt?: string;
  submittedBy?: string;
  /** Set on submit: the variance as submitted. */
  summary?: { lines: number; differing: number; unitsOver: number; unitsShort: number; valueFen: number };
}

export interface StockCountLineRow {
  countId: string;
  sku: string;
  countedQty: number;
  /** The book quantity when the product was first counted. */
  expectedQty: number;
  updatedAt: string;
}

/** The running totals of one business day on one terminal (schema v4). */
export type DayTotalsRow = DayWorkTotals;

/** A business day's close. Reopened days keep their row, state 'reopened', until closed again. */
export interface DayCloseRow {
  businessDate: string;
  state: 'closed' | 'reopened';
  closedAt: string;
  closedBy: string;
  approvedBy?: string;
  provisional: boolean;
  /** Mutations waiting to upload when the day was closed. */
  unsyncedAtClose: number;
  note?: string;
  /** The close became final: everything synced and HQ's totals matched. */
  finalAt?: string;
  reopenedAt?: string;
  reopenedBy?: string;
  reopenReason?: string;
}

export interface ShelfAuditScan {
  slotId: string;
  bagLabel: string;
  at: string;
}

export interface ShelfAuditRow {
  id: string;
  state: 'auditing' | 'submitted';
  startedAt: string;
  staffId: string;
  /** What the shelf should hold when the audit began. */
  expected: { slotId: string; orderId: string; bagLabel: string }[];
  scans: ShelfAuditScan[];
  /** Slots the clerk has scanned (their bags follow). */
  auditedSlots: string[];
  submittedAt?: string;
  result?: {
    confirmed: number;
    exceptions: {
      kind: 'missing' | 'wrongSlot' | 'unexpected';
      slotId: string;
      bagLabel: string;
      orderId?: string;
      expectedSlotId?: string;
    }[];
  };
  resolutions: {
    bagLabel: string;
    resolution: 'found' | 'moved' | 'lost';
    note: string;
    by: string;
    at: string;
  }[];
}

/** Who did it: every repository action takes one (audit + `staffId` of the mutation). */
export interface Actor {
  staffId: string;
  /** The manager who approved a clerk's privileged action at the counter. */
  approvedBy?: string;
}

export interface OutboxRow {
  /** Per-terminal sequence, strictly increasing, assigned in the writing transaction. */
  seq: number;
  /** Client-generated id: HQ's idempotency key. */
  id: string;
  type: MutationType;
  payload: unknown;
  staffId: string;
  createdAt: string;
  /** Entities this mutation changes locally (the pull overlay keeps them). */
  affects: EntityRef[];
}

/** HQ data pulled for an entity while a local mutation of it was pending. */
export interface ShadowRow {
  ref: EntityRef;
  entity: EntityName;
  key: string;
  /** null: HQ deleted the entity. */
  data: unknown;
  version: number;
}

/** The rows a mutation changed, as they were before it (null: did not exist). Same key as the outbox row. */
export interface OutboxBaseRow {
  seq: number;
  entries: { ref: EntityRef; entity: EntityName; key: string; data: unknown }[];
}

export type ExceptionStatus = 'rejected' | 'conflict';

/** A mutation HQ refused: the exceptions inbox. Never blocks the rest of the outbox. */
export interface ExceptionRow {
  /** The mutation id. */
  id: string;
  mutation: OutboxRow;
  status: ExceptionStatus;
  code: string | null;
  reason: string | null;
  receivedAt: string;
  state: 'open' | 'acknowledged' | 'retried';
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface AuditRow {
  id: string;
  at: string;
  staffId: string;
  action: string;
  refs: EntityRef[];
  mutationId: string | null;
  detail: unknown;
}

export interface TerminalIdentity {
  hqUrl: string;
  storeId: string;
  terminalId: string;
}

/** A recovery file imported here (by checksum): importing it again queues nothing. */
export interface RecoveryImport {
  at: string;
  by: string;
  queued: number;
}

/** A manager's one-time approval, once used. */
export interface SpentApproval {
  spentAt: string;
  by: string;
}

/**
 * The meta table is a typed key-value store: each key (or key pattern) has
 * its value's type. Build pattern keys with `metaKey` (db/meta.ts), never by hand.
 */
export interface MetaValues {
  /** Opaque pull cursor from HQ; absent before the first pull. */
  pullCursor: string;
  /** A prioritised first sync's stages as of the last page applied (written with `pullCursor`). */
  firstSync: FirstSyncProgress;
  /** Last sequence handed out to an outbox row. */
  terminalSeq: number;
  terminal: TerminalIdentity;
  [store: `entity:store:${string}`]: Store;
  [policy: `entity:storePolicy:${string}`]: StorePolicy;
  [pickupKey: `entity:pickupKey:${string}`]: PickupKey;
  /** Entities without a table of their own (store, terminal, storePolicy, pickupKey): `entity:<entity>:<key>`. */
  [singleton: `entity:${string}`]: unknown;
  /** Failed PIN attempts of one staff member (parsed with `parseLockoutRecord`). */
  [lockout: `staff:lockout:${string}`]: unknown;
  [approval: `staff:approval:${string}`]: SpentApproval;
  [imported: `recovery:imported:${string}`]: RecoveryImport;
  [pendingRefund: `payments:pendingRefund:${string}`]: PendingWalletRefund;
}

export type MetaKey = keyof MetaValues;

export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaValues[K];
}
