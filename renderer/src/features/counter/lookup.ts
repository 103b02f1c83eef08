/**
 * Scan → what the counter shows. Every lookup is local (Dexie indexes) and the
 * pickup token is verified offline with HQ's cached public keys, so the
 * counter answers the same with or without HQ. Each row of the SPEC's
 * bad-input table is one `CounterOutcome` kind.
 */
import type { HandOverVerification, PickupKey, StorePolicy } from '@shared/contract';
import { pickupCodeHash } from '@shared/contract/pickup-code';
import { parseCode, type ParsedCode } from '@shared/codes/parse';
import { handOverRefusal, isClosed, isReadyForHandOver } from '@shared/orders/state';
import { PickupTokenVerifier, type PickupTokenPayload } from '@shared/token';
import type { LinliDb } from '../../db/database';
import { getMeta, getMetaByPrefix, metaKey } from '../../db/meta';
import type { BatchRow, LeaderRow, OrderRow } from '../../db/types';

export type WrongKind =
  | 'productBarcode'
  | 'scaleBarcode'
  | 'paymentCode'
  | 'staffBadge'
  | 'riderBadge'
  | 'slotLabel'
  | 'receiptNumber';

export type CounterOutcome =
  /** Ready to hand over. */
  | { kind: 'order'; order: OrderRow; verifiedBy: HandOverVerification }
  | { kind: 'unrecognised'; text: string }
  | { kind: 'wrongKind'; text: string; codeKind: WrongKind }
  | { kind: 'invalidToken'; reason: 'invalid_signature' | 'malformed' | 'unknown_key'; text: string }
  | { kind: 'expired'; payload: PickupTokenPayload; order: OrderRow | null }
  | { kind: 'notYetValid'; payload: PickupTokenPayload }
  | { kind: 'otherStore'; storeId: string; storeName: string | null }
  | { kind: 'collected'; order: OrderRow; staffName: string | null }
  | { kind: 'cancelled'; order: OrderRow }
  | { kind: 'pending'; order: OrderRow }
  /** Signature good, order not in the local database yet. */
  | { kind: 'notArrived'; orderId: string }
  | { kind: 'notFound'; text: string }
  | { kind: 'phoneMatches'; phone: string; orders: OrderRow[] }
  | { kind: 'batch'; batch: BatchRow; leader: LeaderRow | null; orders: OrderRow[] }
  | { kind: 'batchNotFound'; text: string };

/**
 * Per database: one verifier (imported CryptoKeys reused between scans) and the
 * terminal's store id, read once and refreshed every few seconds — a scan
 * should cost one indexed read, not three. An unknown key id re-reads the keys
 * at once (HQ rotated them and the pull just brought the new one).
 */
interface ScanCache {
  verifier: PickupTokenVerifier;
  keysReadAt: number;
  storeId: string | null;
  storeReadAt: number;
}
const caches = new WeakMap<LinliDb, ScanCache>();
const CACHE_MS = 5000;

function cacheFor(db: LinliDb): ScanCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = {
      verifier: new PickupTokenVerifier(),
      keysReadAt: -Infinity,
      storeId: null,
      storeReadAt: -Infinity,
    };
    caches.set(db, cache);
  }
  return cache;
}

export async function pickupKeys(db: LinliDb): Promise<PickupKey[]> {
  const keys = await getMetaByPrefix(db, metaKey.pickupKey(''));
  return keys.filter((k) => k && typeof k.kid === 'string');
}

async function verifierFor(db: LinliDb, fresh = false): Promise<PickupTokenVerifier> {
  const cache = cacheFor(db);
  const now = performance.now();
  if (fresh || now - cache.keysReadAt > CACHE_MS) {
    cache.verifier.setKeys(await pickupKeys(db));
    cache.keysReadAt = now;
  }
  return cache.verifier;
}

export async function terminalStore(db: LinliDb): Promise<string | null> {
  const cache = cacheFor(db);
  const now = performance.now();
  if (cache.storeId && now - cache.storeReadAt < CACHE_MS) return cache.storeId;
  const identity = await getMeta(db, 'terminal');
  cache.storeId = identity?.storeId ?? null;
  cache.storeReadAt = now;
  return cache.storeId;
}

export async function storeName(db: LinliDb, storeId: string): Promise<string | null> {
  const store = await getMeta(db, metaKey.store(storeId));
  return store?.name ?? null;
}

export async function storePolicy(db: LinliDb, storeId: string): Promise<StorePolicy | null> {
  return (await getMeta(db, metaKey.storePolicy(storeId))) ?? null;
}

/** The outcome for an order found locally: ready, or refused for its state. */
async function orderOutcome(
  db: LinliDb,
  order: OrderRow,
  verifiedBy: HandOverVerification,
  storeId: string | null,
): Promise<CounterOutcome> {
  if (storeId && order.storeId !== storeId) {
    return { kind: 'otherStore', storeId: order.storeId, storeName: await storeName(db, order.storeId) };
  }
  const refusal = handOverRefusal(order);
  switch (refusal?.reason) {
    case undefined:
      return { kind: 'order', order, verifiedBy };
    case 'collected': {
      const staff = refusal.staffId ? await db.staff.get(refusal.staffId) : undefined;
      return { kind: 'collected', order, staffName: staff?.name ?? refusal.staffId };
    }
    case 'cancelled':
    case 'returned':
      return { kind: 'cancelled', order };
    case 'notArrived':
      return { kind: 'pending', order };
  }
}

export interface LookupOptions {
  /** ms since the epoch; token expiry is checked against it. */
  now?: number;
  /** How the code arrived: a typed pickup code / order number is `manual`-ish. */
  typed?: boolean;
}

/** Open orders (not closed) first, then the newest: what a clerk most likely means. */
function rankOpen(orders: OrderRow[]): OrderRow[] {
  const closed = (o: OrderRow) => (isClosed(o) ? 1 : 0);
  return [...orders].sort((a, b) => closed(a) - closed(b) || b.createdAt.localeCompare(a.createdAt));
}

async function byOrderNumber(db: LinliDb, orderNo: string): Promise<OrderRow | undefined> {
  const found = await db.orders.where('orderNo').equals(orderNo).toArray();
  return rankOpen(found)[0];
}

/** A signed pickup token: verified offline, then the order by id. */
async function lookupToken(
  db: LinliDb,
  token: string,
  text: string,
  storeId: string | null,
  options: LookupOptions,
): Promise<CounterOutcome> {
  const verifyOptions = {
    ...(storeId ? { storeId } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  };
  let result = await (await verifierFor(db)).verify(token, verifyOptions);
  // Keys cached up to CACHE_MS may be stale: a new kid, or new material under a
  // known kid (a re-provisioned HQ). Read them again before refusing the token.
  if (result.status === 'unknown_key' || result.status === 'invalid_signature')
    result = await (await verifierFor(db, true)).verify(token, verifyOptions);
  switch (result.status) {
    case 'invalid_signature':
    case 'malformed':
    case 'unknown_key':
      return { kind: 'invalidToken', reason: result.status, text };
    case 'other_store':
      return {
        kind: 'otherStore',
        storeId: result.payload.storeId,
        storeName: await storeName(db, result.payload.storeId),
      };
    case 'not_yet_valid':
      return { kind: 'notYetValid', payload: result.payload };
    case 'expired': {
      const order = (await db.orders.get(result.payload.orderId)) ?? null;
      // A closed order says so (collected / cancelled) before the expiry matters.
      if (order && isClosed(order)) {
        return orderOutcome(db, order, 'token', storeId);
      }
      return { kind: 'expired', payload: result.payload, order };
    }
    case 'valid': {
      const order = await db.orders.get(result.payload.orderId);
      if (!order) return { kind: 'notArrived', orderId: result.payload.orderId };
      return orderOutcome(db, order, 'token', storeId);
    }
  }
}

/** Resolves a parsed scan to what the counter shows. Never throws for bad input. */
export async function lookupScan(
  db: LinliDb,
  parsed: ParsedCode,
  options: LookupOptions = {},
): Promise<CounterOutcome> {
  const storeId = await terminalStore(db);
  switch (parsed.kind) {
    case 'pickupToken':
      return lookupToken(db, parsed.token, parsed.text, storeId, options);
    case 'pickupCode': {
      if (!storeId) return { kind: 'notFound', text: parsed.text };
      const hash = await pickupCodeHash(storeId, parsed.code);
      const found = rankOpen(await db.orders.where('pickupCodeHash').equals(hash).toArray())[0];
      if (!found) return { kind: 'notFound', text: parsed.text };
      return orderOutcome(db, found, 'code', storeId);
    }
    case 'orderNumber':
    case 'bagLabel': {
      const found = await byOrderNumber(db, parsed.orderNumber);
      if (!found) return { kind: 'notFound', text: parsed.text };
      return orderOutcome(db, found, 'manual', storeId);
    }
    case 'batchCode': {
      const batch = await db.batches.where('code').equals(parsed.text.toUpperCase()).first();
      if (!batch || (storeId && batch.storeId !== storeId))
        return { kind: 'batchNotFound', text: parsed.text };
      const [leader, orders] = await Promise.all([
        db.leaders.get(batch.leaderId),
        db.orders.where('batchId').equals(batch.id).toArray(),
      ]);
      return {
        kind: 'batch',
        batch,
        leader: leader ?? null,
        orders: orders
          .filter((o) => !storeId || o.storeId === storeId)
          .sort((a, b) => a.orderNo.localeCompare(b.orderNo)),
      };
    }
    case 'productBarcode':
    case 'scaleBarcode':
    case 'paymentCode':
    case 'staffBadge':
    case 'riderBadge':
    case 'slotLabel':
    case 'receiptNumber':
      return { kind: 'wrongKind', text: parsed.text, codeKind: parsed.kind };
    case 'unrecognised':
      return { kind: 'unrecognised', text: parsed.text };
  }
}

const PHONE_SEARCH = /^(\d{4})(?:\s+(.+))?$/u;

/**
 * Manual entry in the scan field: phone last 4 (+ optional name part) lists the
 * customer's open orders; anything else goes through the one parser.
 */
export async function lookupTyped(
  db: LinliDb,
  text: string,
  options: LookupOptions = {},
): Promise<CounterOutcome> {
  const trimmed = text.trim();
  const phone = PHONE_SEARCH.exec(trimmed);
  if (phone) {
    const [, last4, name] = phone as unknown as [string, string, string | undefined];
    const storeId = await terminalStore(db);
    const all = await db.orders.where('customer.phoneLast4').equals(last4).toArray();
    const open = all.filter(
      (o) =>
        (!storeId || o.storeId === storeId) &&
        isReadyForHandOver(o) &&
        (!name || o.customer.maskedName.includes(name.trim().slice(0, 1))),
    );
    const orders = open.sort((a, b) => a.pickupWindow.end.localeCompare(b.pickupWindow.end)).slice(0, 8);
    if (orders.length === 1) return { kind: 'order', order: orders[0]!, verifiedBy: 'manual' };
    return { kind: 'phoneMatches', phone: last4, orders };
  }
  return lookupScan(db, parseCode(trimmed, { context: 'counter' }), options);
}
