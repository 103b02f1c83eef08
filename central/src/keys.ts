import { createHash, randomBytes } from 'node:crypto';
import type { PickupKey } from '../../shared/contract';
import { bytesToBase64, base64ToBytes, pickupKeyPairFromSeed } from '../../shared/token';
import type { Db, Queryable } from './db';
import { lockStore, writeEntities } from './repo';

type PrivateKey = Awaited<ReturnType<typeof pickupKeyPairFromSeed>>['privateKey'];

/** HQ's signing key for pickup tokens, as stored in `pickup_keys`. */
export interface SigningKey {
  kid: string;
  privateKey: PrivateKey;
  publicKey: PickupKey;
}

/**
 * The demo key pair is derived from the seed, so the same seed always yields the
 * same tokens (and tests can pin them); a pilot would create a random one.
 */
export async function createDemoKey(db: Queryable, seed: number, createdAt: Date): Promise<SigningKey> {
  const seedBytes = new Uint8Array(createHash('sha256').update(`linli-demo-pickup-key:${seed}`).digest());
  const kid = `demo-${seed}-1`;
  const { privateKey, publicKey } = await pickupKeyPairFromSeed(seedBytes);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey));
  await db.query(
    `INSERT INTO pickup_keys (kid, public_key, private_pkcs8, status, created_at, signs_from)
     VALUES ($1, $2, $3, 'active', $4, $4) ON CONFLICT (kid) DO NOTHING`,
    [kid, publicKey, bytesToBase64(pkcs8), createdAt.toISOString()],
  );
  return {
    kid,
    privateKey,
    publicKey: { kid, alg: 'Ed25519', publicKey, status: 'active', createdAt: createdAt.toISOString() },
  };
}

export async function listPickupKeys(db: Queryable): Promise<PickupKey[]> {
  const { rows } = await db.query<{
    kid: string;
    public_key: string;
    status: string;
    created_at: Date | string;
  }>('SELECT kid, public_key, status, created_at FROM pickup_keys ORDER BY created_at, kid');
  return rows.map((r) => ({
    kid: r.kid,
    alg: 'Ed25519',
    publicKey: r.public_key,
    status: r.status === 'retired' ? 'retired' : 'active',
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** The newest active key whose time to sign has come signs new tokens (a rotated-in key is published first). */
export async function activeSigningKey(db: Queryable, now: Date = new Date()): Promise<SigningKey | null> {
  const { rows } = await db.query<{
    kid: string;
    public_key: string;
    private_pkcs8: string;
    created_at: Date | string;
  }>(
    `SELECT kid, public_key, private_pkcs8, created_at FROM pickup_keys WHERE status = 'active' AND signs_from <= $1
     ORDER BY signs_from DESC, created_at DESC, kid DESC LIMIT 1`,
    [now.toISOString()],
  );
  const row = rows[0];
  if (!row) return null;
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    base64ToBytes(row.private_pkcs8),
    { name: 'Ed25519' },
    false,
    ['sign'],
  );
  return {
    kid: row.kid,
    privateKey,
    publicKey: {
      kid: row.kid,
      alg: 'Ed25519',
      publicKey: row.public_key,
      status: 'active',
      createdAt: new Date(row.created_at).toISOString(),
    },
  };
}

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A signing key from a file's or the environment's text: an Ed25519 PKCS#8
 * PEM (`openssl genpkey -algorithm ed25519`), or base64 of the 32-byte seed or
 * of the PKCS#8 DER.
 */
export function signingSeedFromText(text: string): Uint8Array {
  const pem = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(text);
  const bytes = base64ToBytes((pem?.[1] ?? text).replace(/\s+/g, ''));
  // PKCS#8 of an Ed25519 key is a 16-byte header and the 32-byte seed
  if (bytes.length === 48) return bytes.subarray(16);
  if (bytes.length === 32) return bytes;
  throw new Error('not an Ed25519 private key (PKCS#8 PEM, or base64 of the 32-byte seed)');
}

/**
 * Adds a signing key (random unless a seed is given) and publishes its public
 * half at once in every store's feed and at /v1/pickup-keys; it signs only from
 * `signsFrom`, so terminals have it before the first token it signs (rotation).
 * A key already present (same public key) is left as it is.
 */
export async function addSigningKey(
  db: Db,
  options: { now: Date; signsFrom?: Date; seed?: Uint8Array },
): Promise<{ kid: string; publicKey: string; signsFrom: Date; added: boolean }> {
  const seed = options.seed ?? new Uint8Array(randomBytes(32));
  const { privateKey, publicKey } = await pickupKeyPairFromSeed(seed);
  const signsFrom = options.signsFrom ?? options.now;
  const existing = await db.query<{ kid: string; signs_from: Date | string }>(
    'SELECT kid, signs_from FROM pickup_keys WHERE public_key = $1',
    [publicKey],
  );
  if (existing.rows[0])
    return {
      kid: existing.rows[0].kid,
      publicKey,
      signsFrom: new Date(existing.rows[0].signs_from),
      added: false,
    };
  const kid = `k-${options.now.toISOString().slice(0, 10).replaceAll('-', '')}-${sha256Hex(publicKey).slice(0, 8)}`;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey));
  const createdAt = options.now.toISOString();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO pickup_keys (kid, public_key, private_pkcs8, status, created_at, signs_from)
       VALUES ($1, $2, $3, 'active', $4, $5)`,
      [kid, publicKey, bytesToBase64(pkcs8), createdAt, signsFrom.toISOString()],
    );
    await publishPickupKeys(tx);
  });
  return { kid, publicKey, signsFrom, added: true };
}

/** Retires a key: tokens it signed stop verifying once terminals pull the change. */
export async function retireSigningKey(db: Db, kid: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `UPDATE pickup_keys SET status = 'retired' WHERE kid = $1 RETURNING kid`,
      [kid],
    );
    if (rows.length) await publishPickupKeys(tx);
    return rows.length > 0;
  });
}

/** Writes every pickup key into every store's feed (a few keys, a few stores). */
export async function publishPickupKeys(tx: Queryable): Promise<void> {
  const keys = await listPickupKeys(tx);
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM stores ORDER BY id');
  for (const { id } of rows) {
    await lockStore(tx, id);
    await writeEntities(
      tx,
      id,
      keys.map((k) => ({ entity: 'pickupKey', key: k.kid, data: k })),
    );
  }
}
