import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  productSchema,
  shelfLayoutSchema,
  staffRoleSchema,
  staffIdSchema,
  storePolicySchema,
  storeSchema,
  terminalIdSchema,
  type StockLevel,
} from '../../shared/contract';
import { staffBadge } from '../../shared/codes/formats';
import { bytesToBase64Url } from '../../shared/token';
import { hashPin } from '../../shared/staff/pin';
import type { Db, Queryable } from './db';
import { addSigningKey, listPickupKeys, sha256Hex } from './keys';
import { lockStore, writeEntities, type EntityWrite } from './repo';
import { DEFAULT_POLICY } from './rules';

/**
 * Provisioning a real HQ (`npm run central -- init store.json`): the stores,
 * their shelf layout, staff, terminals and (optionally) catalogue from one JSON
 * file. PINs are stored only as PBKDF2 hashes; each terminal gets a random key
 * that is returned (shown) once and stored only as its SHA-256.
 */

export const provisionFileSchema = z.object({
  stores: z
    .array(
      storeSchema.extend({
        policy: storePolicySchema.omit({ storeId: true }).partial().optional(),
        layout: shelfLayoutSchema.omit({ storeId: true }),
        staff: z
          .array(
            z.object({
              id: staffIdSchema,
              name: z.string().min(1).max(64),
              role: staffRoleSchema,
              pin: z.string().regex(/^\d{4,8}$/, 'a PIN of 4–8 digits'),
            }),
          )
          .min(1),
        terminals: z.array(z.object({ id: terminalIdSchema, name: z.string().min(1).max(64) })).min(1),
        products: z.array(productSchema).optional(),
        /** Opening stock by sku: units, or grams for weighed goods. */
        stock: z.record(z.string(), z.number().int().min(0)).optional(),
      }),
    )
    .min(1),
});
export type ProvisionFile = z.infer<typeof provisionFileSchema>;

export interface ProvisionedTerminal {
  storeId: string;
  id: string;
  name: string;
  /** The terminal's key: shown once, never stored. */
  key: string;
}

export class ProvisionError extends Error {}

/** A random terminal key, 256 bits. */
export const newTerminalKey = () => `lt_${bytesToBase64Url(new Uint8Array(randomBytes(32)))}`;

/**
 * Creates the stores of `file`. Refuses a store that exists (keys are shown
 * only once; add terminals with `add-terminal`). Without a signing key yet,
 * adds one: from `signingSeed` (a file or the environment) or random.
 */
export async function provision(
  db: Db,
  file: ProvisionFile,
  options: { now: Date; signingSeed?: Uint8Array; pinIterations?: number },
): Promise<{ terminals: ProvisionedTerminal[]; signingKid: string }> {
  const { now } = options;
  const ids = file.stores.map((s) => s.id);
  const { rows: existing } = await db.query<{ id: string }>(
    'SELECT id FROM stores WHERE id = ANY($1::text[])',
    [ids],
  );
  if (existing.length)
    throw new ProvisionError(`门店已存在 / store exists: ${existing.map((r) => r.id).join(', ')}`);
  if (new Set(ids).size !== ids.length) throw new ProvisionError('门店重复 / a store is listed twice');

  // PBKDF2 is slow on purpose: hash before the transaction
  const staffByStore = new Map<string, EntityWrite[]>();
  for (const store of file.stores) {
    const writes: EntityWrite[] = [];
    for (const s of store.staff)
      writes.push({
        entity: 'staff',
        key: s.id,
        data: {
          id: s.id,
          storeId: store.id,
          name: s.name,
          role: s.role,
          badge: staffBadge(s.id),
          pin: await hashPin(s.pin, options.pinIterations ? { iterations: options.pinIterations } : {}),
          active: true,
        },
      });
    staffByStore.set(store.id, writes);
  }

  const terminals: ProvisionedTerminal[] = [];
  await db.transaction(async (tx) => {
    for (const store of file.stores) {
      await tx.query('INSERT INTO stores (id, name, time_zone) VALUES ($1, $2, $3)', [
        store.id,
        store.name,
        store.timeZone,
      ]);
      for (const t of store.terminals) terminals.push(await insertTerminal(tx, store.id, t));
    }
  });
  const signing = await addSigningKeyIfNone(db, now, options.signingSeed);
  const keys = await listPickupKeys(db);
  for (const store of file.stores) {
    const products = store.products ?? [];
    const stock: StockLevel[] = Object.entries(store.stock ?? {}).map(([sku, qty]) => ({
      storeId: store.id,
      sku,
      qty,
      updatedAt: now.toISOString(),
    }));
    const writes: EntityWrite[] = [
      {
        entity: 'store',
        key: store.id,
        data: {
          id: store.id,
          name: store.name,
          timeZone: store.timeZone,
          ...(store.address ? { address: store.address } : {}),
        },
      },
      ...store.terminals.map((t): EntityWrite => ({
        entity: 'terminal',
        key: t.id,
        data: { id: t.id, storeId: store.id, name: t.name },
      })),
      ...(staffByStore.get(store.id) ?? []),
      {
        entity: 'storePolicy',
        key: store.id,
        data: { storeId: store.id, ...DEFAULT_POLICY, ...store.policy },
      },
      { entity: 'shelfLayout', key: store.id, data: { storeId: store.id, ...store.layout } },
      ...keys.map((k): EntityWrite => ({ entity: 'pickupKey', key: k.kid, data: k })),
      ...products.map((p): EntityWrite => ({ entity: 'product', key: p.sku, data: p })),
      ...stock.map((s): EntityWrite => ({ entity: 'stockLevel', key: s.sku, data: s })),
    ];
    await db.transaction(async (tx) => {
      await lockStore(tx, store.id);
      await writeEntities(tx, store.id, writes);
    });
  }
  return { terminals, signingKid: signing.kid };
}

async function addSigningKeyIfNone(db: Db, now: Date, seed: Uint8Array | undefined) {
  const { rows } = await db.query<{ kid: string }>(
    `SELECT kid FROM pickup_keys WHERE status = 'active' ORDER BY signs_from DESC LIMIT 1`,
  );
  if (rows[0] && !seed) return { kid: rows[0].kid };
  return addSigningKey(db, { now, ...(seed ? { seed } : {}) });
}

async function insertTerminal(
  tx: Queryable,
  storeId: string,
  t: { id: string; name: string },
): Promise<ProvisionedTerminal> {
  const key = newTerminalKey();
  await tx.query('INSERT INTO terminals (id, store_id, name, key_hash) VALUES ($1, $2, $3, $4)', [
    t.id,
    storeId,
    t.name,
    sha256Hex(key),
  ]);
  return { storeId, id: t.id, name: t.name, key };
}

/** Adds a terminal to a provisioned store; its key is returned once. */
export async function addTerminal(
  db: Db,
  storeId: string,
  terminal: { id: string; name: string },
): Promise<ProvisionedTerminal> {
  if (!terminalIdSchema.safeParse(terminal.id).success)
    throw new ProvisionError('终端编号无效 / bad terminal id');
  return db.transaction(async (tx) => {
    if (!(await lockStore(tx, storeId))) throw new ProvisionError(`未知门店 / unknown store ${storeId}`);
    const { rows } = await tx.query('SELECT 1 FROM terminals WHERE store_id = $1 AND id = $2', [
      storeId,
      terminal.id,
    ]);
    if (rows.length) throw new ProvisionError(`终端已存在 / terminal exists: ${terminal.id}`);
    const created = await insertTerminal(tx, storeId, terminal);
    await writeEntities(tx, storeId, [
      { entity: 'terminal', key: terminal.id, data: { id: terminal.id, storeId, name: terminal.name } },
    ]);
    return created;
  });
}

/** Revokes a terminal's key: the running server refuses it within TERMINAL_CACHE_MS. */
export async function revokeTerminal(db: Queryable, storeId: string, terminalId: string, now: Date) {
  const { rows } = await db.query(
    'UPDATE terminals SET revoked_at = $3 WHERE store_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id',
    [storeId, terminalId, now.toISOString()],
  );
  return rows.length > 0;
}
