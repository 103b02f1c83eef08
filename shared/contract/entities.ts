import { z } from 'zod';
import {
  businessDateSchema,
  isoDateTimeSchema,
  nonNegativeFenSchema,
  orderIdSchema,
  skuSchema,
  staffIdSchema,
  staffRoleSchema,
  storeIdSchema,
  temperatureZoneSchema,
  terminalIdSchema,
} from './common';
import { orderDeliverySchema } from './dispatch';

/** The entities HQ publishes to a store through the changes feed. */

export const storeSchema = z.object({
  id: storeIdSchema,
  name: z.string().min(1),
  /** IANA time zone, e.g. Asia/Shanghai: business days and reports use it. */
  timeZone: z.string().min(1),
  address: z.string().optional(),
});
export type Store = z.infer<typeof storeSchema>;

export const terminalSchema = z.object({
  id: terminalIdSchema,
  storeId: storeIdSchema,
  name: z.string().min(1),
});
export type Terminal = z.infer<typeof terminalSchema>;

/** A salted slow hash of a staff PIN; see shared/staff/pin.ts. Never a plain PIN. */
export const pinHashSchema = z.object({
  algorithm: z.literal('pbkdf2-sha256'),
  iterations: z.number().int().min(1),
  /** base64, 16 bytes */
  salt: z.string().min(1),
  /** base64, 32 bytes */
  hash: z.string().min(1),
});
export type PinHash = z.infer<typeof pinHashSchema>;

export const staffSchema = z.object({
  id: staffIdSchema,
  storeId: storeIdSchema,
  name: z.string().min(1),
  role: staffRoleSchema,
  /** Badge barcode, LS-<staff id> (shared/codes/formats.ts). */
  badge: z.string().min(1),
  pin: pinHashSchema,
  active: z.boolean(),
});
export type Staff = z.infer<typeof staffSchema>;

export const productSchema = z.object({
  sku: skuSchema,
  /** EAN-13 / EAN-8 / UPC-A codes; empty for loose weighed goods sold by PLU. */
  barcodes: z.array(z.string().regex(/^\d{8,14}$/)),
  name: z.string().min(1),
  /** Lower-case pinyin initials of the name, e.g. 牛奶 → "nn". */
  pinyin: z.string(),
  /** Sales unit shown to people: 个, 袋, 盒, 瓶, kg … */
  unit: z.string().min(1),
  /** Price in fen per unit; for weighed goods, per kilogram. */
  priceFen: nonNegativeFenSchema,
  weighed: z.boolean(),
  /** 5-digit scale PLU for weighed goods (scale barcodes carry it). */
  plu: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
  zone: temperatureZoneSchema,
  category: z.string().min(1),
  active: z.boolean(),
  /** When HQ first offered the product: a wish for its category counts it as newly arrived after this. */
  createdAt: isoDateTimeSchema.optional(),
});
export type Product = z.infer<typeof productSchema>;

export const shelfSlotSchema = z.object({
  /** Slot id, e.g. C2-07 (shared/codes/formats.ts). */
  id: z.string().min(1),
  row: z.number().int().min(1),
  column: z.number().int().min(1),
  capacityBags: z.number().int().min(1),
  /** Printed label barcode, SL-<slot id>. */
  label: z.string().min(1),
});
export type ShelfSlot = z.infer<typeof shelfSlotSchema>;

export const shelfUnitSchema = z.object({
  /** e.g. C2 */
  id: z.string().min(1),
  name: z.string().min(1),
  rows: z.number().int().min(1),
  columns: z.number().int().min(1),
  /** Walking order from the counter, 1 = nearest. */
  distance: z.number().int().min(0),
  slots: z.array(shelfSlotSchema),
});
export type ShelfUnit = z.infer<typeof shelfUnitSchema>;

export const shelfZoneSchema = z.object({
  zone: temperatureZoneSchema,
  name: z.string().min(1),
  units: z.array(shelfUnitSchema),
});
export type ShelfZone = z.infer<typeof shelfZoneSchema>;

/** One document per store (entity `shelfLayout`, key = store id). */
export const shelfLayoutSchema = z.object({
  storeId: storeIdSchema,
  zones: z.array(shelfZoneSchema),
});
export type ShelfLayout = z.infer<typeof shelfLayoutSchema>;

export const orderChannelSchema = z.enum(['mall', 'group_buy']);
export type OrderChannel = z.infer<typeof orderChannelSchema>;
export const fulfilmentSchema = z.enum(['store_pickup', 'leader_delivery', 'scheduled_delivery']);
export type Fulfilment = z.infer<typeof fulfilmentSchema>;

/**
 * `pending` not yet at the store; `arrived` bags at the store, not on a shelf;
 * `shelved`; `collected`; `cancelled` (by HQ); `returned` (returned to stock
 * after going uncollected). Due soon / overdue are derived from the pickup
 * window and the store policy, not statuses.
 */
export const orderStatusSchema = z.enum([
  'pending',
  'arrived',
  'shelved',
  'collected',
  'cancelled',
  'returned',
]);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const orderCustomerSchema = z.object({
  /** e.g. 张*华 */
  maskedName: z.string().min(1),
  phoneLast4: z.string().regex(/^\d{4}$/),
  /** HQ's opaque customer reference, for add-on suggestions. */
  customerRef: z.string().optional(),
});
export type OrderCustomer = z.infer<typeof orderCustomerSchema>;

export const orderItemSchema = z.object({
  sku: skuSchema,
  name: z.string().min(1),
  qty: z.number().positive(),
  unit: z.string().min(1),
  unitPriceFen: nonNegativeFenSchema,
  amountFen: nonNegativeFenSchema,
  zone: temperatureZoneSchema,
  /** Which bag (label) holds the item. */
  bagLabel: z.string().optional(),
});
export type OrderItem = z.infer<typeof orderItemSchema>;

export const orderBagSchema = z.object({
  /** Bag label, <order number>-B<n>. */
  label: z.string().min(1),
  zone: temperatureZoneSchema,
});
export type OrderBag = z.infer<typeof orderBagSchema>;

export const slotAssignmentSchema = z.object({
  bagLabel: z.string().min(1),
  slotId: z.string().min(1),
  at: isoDateTimeSchema,
});
export type SlotAssignment = z.infer<typeof slotAssignmentSchema>;

export const pickupWindowSchema = z.object({
  start: isoDateTimeSchema,
  end: isoDateTimeSchema,
});
export type PickupWindow = z.infer<typeof pickupWindowSchema>;

export const handOverVerificationSchema = z.enum(['token', 'code', 'manual']);
export type HandOverVerification = z.infer<typeof handOverVerificationSchema>;

export const proxyPickupSchema = z.object({
  name: z.string().min(1).max(64),
  idChecked: z.boolean(),
});
export type ProxyPickup = z.infer<typeof proxyPickupSchema>;

export const missingItemSchema = z.object({
  sku: skuSchema,
  qty: z.number().positive(),
  reason: z.enum(['missing', 'damaged']),
  note: z.string().max(500).optional(),
});
export type MissingItem = z.infer<typeof missingItemSchema>;

export const orderCollectionSchema = z.object({
  at: isoDateTimeSchema,
  terminalId: terminalIdSchema,
  staffId: staffIdSchema,
  verifiedBy: handOverVerificationSchema,
  partial: z.boolean(),
  missing: z.array(missingItemSchema).optional(),
  proxy: proxyPickupSchema.optional(),
});
export type OrderCollection = z.infer<typeof orderCollectionSchema>;

export const orderSchema = z.object({
  id: orderIdSchema,
  /** LL + yyyymmdd + 4-digit serial (shared/codes/formats.ts). */
  orderNo: z.string().min(1),
  storeId: storeIdSchema,
  channel: orderChannelSchema,
  fulfilment: fulfilmentSchema,
  customer: orderCustomerSchema,
  items: z.array(orderItemSchema).min(1),
  bags: z.array(orderBagSchema),
  status: orderStatusSchema,
  pickupWindow: pickupWindowSchema,
  paid: z.boolean(),
  totalFen: nonNegativeFenSchema,
  /** Group-leader batch id, when the order belongs to one. */
  batchId: z.string().nullable(),
  slotAssignments: z.array(slotAssignmentSchema),
  /**
   * SHA-256 hex of `storeId + ':' + pickupCode`, so a typed 6-digit code is
   * looked up offline without HQ shipping the plain code (see pickup-code.ts).
   */
  pickupCodeHash: z.string().regex(/^[0-9a-f]{64}$/),
  note: z.string().optional(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  arrivedAt: isoDateTimeSchema.nullable().optional(),
  shelvedAt: isoDateTimeSchema.nullable().optional(),
  collection: orderCollectionSchema.nullable().optional(),
  cancelledAt: isoDateTimeSchema.nullable().optional(),
  cancelReason: z.string().nullable().optional(),
  returnedAt: isoDateTimeSchema.nullable().optional(),
  lastRemindedAt: isoDateTimeSchema.nullable().optional(),
  /** Set by order.extend: the pickup deadline moved to this time. */
  extendedUntil: isoDateTimeSchema.nullable().optional(),
  /** 定时送达: the rider, the dispatch and HQ's delivered/failed word (shared/contract/dispatch.ts). */
  delivery: orderDeliverySchema.nullable().optional(),
  /** The per-store feed version of the last change to this order. */
  version: z.number().int().min(0),
});
export type Order = z.infer<typeof orderSchema>;

export const groupLeaderSchema = z.object({
  id: z.string().regex(/^L\d{2,4}$/),
  storeId: storeIdSchema,
  name: z.string().min(1),
  phoneLast4: z.string().regex(/^\d{4}$/),
  community: z.string().min(1),
});
export type GroupLeader = z.infer<typeof groupLeaderSchema>;

export const groupBatchSchema = z.object({
  id: z.string().min(1),
  /** GB-<leader id>-<yyyymmdd>-<n> (shared/codes/formats.ts). */
  code: z.string().min(1),
  storeId: storeIdSchema,
  leaderId: z.string().min(1),
  title: z.string().min(1),
  businessDate: businessDateSchema,
  orderIds: z.array(orderIdSchema),
  pickupWindow: pickupWindowSchema,
});
export type GroupBatch = z.infer<typeof groupBatchSchema>;

/** Quantity on hand: units for piece goods, grams for weighed goods. */
export const stockLevelSchema = z.object({
  storeId: storeIdSchema,
  sku: skuSchema,
  qty: z.number().int(),
  updatedAt: isoDateTimeSchema,
  /** When the quantity last went from none (≤ 0) to some (> 0): a customer's wish came back in stock. */
  restockedAt: isoDateTimeSchema.optional(),
  /** When HQ last received a delivery of the product (a new batch). */
  receivedAt: isoDateTimeSchema.optional(),
});
export type StockLevel = z.infer<typeof stockLevelSchema>;

export const storePolicySchema = z.object({
  storeId: storeIdSchema,
  /** An order is overdue this many hours after its pickup window ends. */
  pickupGraceHours: z.number().min(0),
  /** An order is due soon this many minutes before its pickup window ends. */
  dueSoonMinutes: z.number().int().min(0),
  /** A cash difference above this needs a manager note. */
  cashDifferenceThresholdFen: nonNegativeFenSchema,
  /** Pay-ins and pay-outs above this need a manager (app default ¥200). */
  cashMovementThresholdFen: nonNegativeFenSchema.optional(),
  /** A shift cannot open with an empty drawer (app default: true). */
  floatRequired: z.boolean().optional(),
  /** Refunds above this need manager approval. */
  refundApprovalThresholdFen: nonNegativeFenSchema,
  /** Cash rounding of the amount due: none, to 1 jiao (10 fen) or to 1 yuan. */
  rounding: z.enum(['none', 'jiao', 'yuan']),
  /** Terminals lock back to the sign-in screen after this many idle minutes (app default 5). */
  autoLockMinutes: z.number().int().min(1).max(60).optional(),
  /** 抹零 applies to cash-only sales (default) or to every tender. */
  roundingScope: z.enum(['cash', 'all']).optional(),
  /**
   * Price reductions in one sale (overrides below list price, line and sale
   * discounts) up to this need no manager (default 0: every one needs a manager).
   */
  discountApprovalThresholdFen: nonNegativeFenSchema.optional(),
  /** The scales' barcode layouts (default: EAN-13 prefixes 20–24 price, 25–29 weight; 18-digit prefix 26). */
  scaleLayout: z
    .object({
      ean13: z.record(z.string().regex(/^2\d$/), z.enum(['price', 'weight'])),
      code18Prefix: z.string().regex(/^\d{2}$/),
    })
    .optional(),
  /** Closed orders older than this many days are not pulled and are pruned locally (HQ default 30). */
  historyDays: z.number().int().min(1).max(3650).optional(),
  /** Who may delete a customer's note or wish (default `manager`: a clerk needs a manager's approval). */
  customerNoteDeletion: z.enum(['manager', 'anyone']).optional(),
});
export type StorePolicy = z.infer<typeof storePolicySchema>;

/** `storePolicy.historyDays` when HQ does not say. */
export const DEFAULT_HISTORY_DAYS = 30;

export const pickupKeySchema = z.object({
  kid: z.string().min(1).max(64),
  alg: z.literal('Ed25519'),
  /** Raw 32-byte Ed25519 public key, base64url without padding. */
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** Tokens signed with this key are accepted while the key is listed. */
  status: z.enum(['active', 'retired']),
  createdAt: isoDateTimeSchema,
});
export type PickupKey = z.infer<typeof pickupKeySchema>;
