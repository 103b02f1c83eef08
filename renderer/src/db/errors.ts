/**
 * Typed errors of the data layer. The UI maps `kind` to a message (zh-CN first).
 */

/** The device refused to store more (IndexedDB QuotaExceededError). Never swallowed. */
export class StorageFullError extends Error {
  readonly kind = 'storage-full' as const;
  constructor(cause: unknown) {
    super('Storage is full / 存储空间已满', { cause });
    this.name = 'StorageFullError';
  }
}

export type OrderRefusal =
  | { kind: 'order-not-found'; orderId: string }
  | { kind: 'already-collected'; orderId: string; collectedAt: string | null; collectedBy: string | null }
  | { kind: 'order-cancelled'; orderId: string; status: string }
  | { kind: 'not-ready-for-put-away'; orderId: string; status: string }
  | { kind: 'invalid-slots'; orderId: string; detail: string };

/** A domain action refused for the order's current state; nothing was written. */
export class OrderActionError extends Error {
  readonly kind = 'order-refused' as const;
  constructor(readonly refusal: OrderRefusal) {
    super(`${refusal.kind}: ${refusal.orderId}`);
    this.name = 'OrderActionError';
  }
}

/** True for quota errors however Dexie or the browser wrapped them. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    const next = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
    if (next === e) break;
    e = next;
  }
  return false;
}

/** Rethrows quota errors as `StorageFullError`, everything else unchanged. */
export function rethrowStorageError(error: unknown): never {
  if (error instanceof StorageFullError || !isQuotaError(error)) throw error;
  throw new StorageFullError(error);
}
