import { createHash } from 'node:crypto';
import type { PickupKey } from '../../shared/contract';
import { bytesToBase64, base64ToBytes, pickupKeyPairFromSeed } from '../../shared/token';
import type { Queryable } from './db';

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
    `INSERT INTO pickup_keys (kid, public_key, private_pkcs8, status, created_at) VALUES ($1, $2, $3, 'active', $4)
     ON CONFLICT (kid) DO NOTHING`,
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

/** The newest active key signs new tokens. */
export async function activeSigningKey(db: Queryable): Promise<SigningKey | null> {
  const { rows } = await db.query<{
    kid: string;
    public_key: string;
    private_pkcs8: string;
    created_at: Date | string;
  }>(
    `SELECT kid, public_key, private_pkcs8, created_at FROM pickup_keys WHERE status = 'active'
     ORDER BY created_at DESC, kid DESC LIMIT 1`,
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
