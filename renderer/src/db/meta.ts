/**
 * Typed access to the meta table: `getMeta(db, 'pullCursor')` is a string,
 * `getMeta(tx, metaKey.storePolicy(storeId))` a StorePolicy. Every key is
 * named in `MetaValues` (db/types.ts) and pattern keys are built here, so no
 * caller spells a key string by hand.
 */
import type { EntityTable, Table, Transaction } from 'dexie';
import type { LinliDb } from './database';
import type { MetaKey, MetaRow, MetaValues } from './types';

type MetaTable = Pick<EntityTable<MetaRow, 'key'>, 'get' | 'put' | 'delete' | 'where'>;

/** The database, a transaction that includes `meta`, or the meta table itself (typed or as `tx.table('meta')`). */
export type MetaSource = LinliDb | Transaction | MetaTable | Pick<Table, 'get' | 'put' | 'delete' | 'where'>;

function metaTable(source: MetaSource): MetaTable {
  if ('get' in source) return source as MetaTable;
  return (source as Pick<Transaction, 'table'>).table<MetaRow, MetaKey>('meta') as unknown as MetaTable;
}

/** The keys that carry an id: store, store policy, pickup key, lockout, spent approval, imported recovery file. */
export const metaKey = {
  store: (storeId: string) => `entity:store:${storeId}` as const,
  storePolicy: (storeId: string) => `entity:storePolicy:${storeId}` as const,
  pickupKey: (kid: string) => `entity:pickupKey:${kid}` as const,
  /** Entities without a table of their own, as the pull stores them. */
  singleton: (entity: string, key: string) => `entity:${entity}:${key}` as const,
  lockout: (staffId: string) => `staff:lockout:${staffId}` as const,
  spentApproval: (approvalId: string) => `staff:approval:${approvalId}` as const,
  recoveryImported: (checksum: string) => `recovery:imported:${checksum}` as const,
  /** An e-wallet refund the gateway has not confirmed yet, by its gateway key. */
  pendingWalletRefund: (gatewayRefundId: string) => `payments:pendingRefund:${gatewayRefundId}` as const,
};

/** The value stored under `key`, or undefined. */
export async function getMeta<K extends MetaKey>(
  source: MetaSource,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const row = await metaTable(source).get(key);
  return row?.value as MetaValues[K] | undefined;
}

/** Stores `value` under `key` (inside the caller's transaction when given one). */
export async function setMeta<K extends MetaKey>(
  source: MetaSource,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await metaTable(source).put({ key, value } as MetaRow);
}

export async function deleteMeta(source: MetaSource, key: MetaKey): Promise<void> {
  await metaTable(source).delete(key);
}

/** Every value under keys starting with `prefix` + ':' pattern, e.g. all pickup keys (`metaKey.pickupKey('')`). */
export async function getMetaByPrefix<K extends MetaKey>(
  source: MetaSource,
  prefix: K,
): Promise<MetaValues[K][]> {
  const rows = await metaTable(source).where('key').between(prefix, `${prefix}\uffff`).toArray();
  return rows.map((r) => r.value as MetaValues[K]);
}
