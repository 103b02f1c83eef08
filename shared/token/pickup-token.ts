import { z } from 'zod';
import type { PickupKey } from '../contract/entities';
import { PICKUP_TOKEN_PREFIX } from '../codes/formats';
import { base64UrlToBytes, bytesToBase64Url } from './base64';

/**
 * Pickup tokens: the QR the mall shows the customer.
 *
 *   LT1.<base64url(JSON payload)>.<base64url(Ed25519 signature over the payload segment)>
 *
 * The signature covers the ASCII bytes of `LT1.<payload segment>` so the version
 * prefix cannot be swapped. HQ signs; the app verifies offline with the public
 * keys it cached from /v1/pickup-keys, choosing the key by `kid` (rotation).
 * Times are seconds since the Unix epoch.
 */

export const pickupTokenPayloadSchema = z.object({
  orderId: z.string().min(1).max(64),
  storeId: z.string().min(1).max(16),
  iat: z.number().int().min(0),
  exp: z.number().int().min(0),
  kid: z.string().min(1).max(64),
});
export type PickupTokenPayload = z.infer<typeof pickupTokenPayloadSchema>;

export type TokenFailure =
  'invalid_signature' | 'malformed' | 'unknown_key' | 'expired' | 'not_yet_valid' | 'other_store';

export type TokenVerification =
  | { status: 'valid'; payload: PickupTokenPayload }
  /** Signature good but refused: the payload is trustworthy and shown to the clerk. */
  | { status: 'expired' | 'not_yet_valid' | 'other_store'; payload: PickupTokenPayload }
  | { status: 'invalid_signature' | 'malformed' | 'unknown_key'; payload?: undefined };

/** Seconds of clock difference tolerated between HQ and the terminal. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

const ED25519 = { name: 'Ed25519' } as const;
const MAX_TOKEN_LENGTH = 1024;

/**
 * Verifies tokens against a set of public keys, caching the imported keys by
 * their material. Construct again (or call `setKeys`) when HQ publishes new keys.
 */
export class PickupTokenVerifier {
  private keys = new Map<string, PickupKey>();
  /**
   * Keyed by the public key itself, not its kid: a re-provisioned HQ publishes
   * new material under a kid the terminal already knows, and a cache by kid
   * would keep verifying with the old key.
   */
  private imported = new Map<string, Promise<CryptoKey | null>>();

  constructor(keys: readonly PickupKey[] = []) {
    this.setKeys(keys);
  }

  setKeys(keys: readonly PickupKey[]): void {
    this.keys = new Map(keys.map((k) => [k.kid, k]));
    const material = new Set(keys.map((k) => k.publicKey));
    for (const publicKey of [...this.imported.keys()])
      if (!material.has(publicKey)) this.imported.delete(publicKey);
  }

  private cryptoKey(kid: string): Promise<CryptoKey | null> | null {
    const key = this.keys.get(kid);
    if (!key) return null;
    let cached = this.imported.get(key.publicKey);
    if (!cached) {
      const raw = base64UrlToBytes(key.publicKey);
      cached =
        raw && raw.length === 32
          ? crypto.subtle.importKey('raw', raw, ED25519, false, ['verify']).catch(() => null)
          : Promise.resolve(null);
      this.imported.set(key.publicKey, cached);
    }
    return cached;
  }

  /**
   * Never throws. `now` is in milliseconds (Date.now()); `storeId` is this
   * terminal's store (omit to skip the store check).
   */
  async verify(
    token: string,
    options: { storeId?: string; now?: number; clockSkewSeconds?: number } = {},
  ): Promise<TokenVerification> {
    const parsed = parsePickupToken(token);
    if (!parsed) return { status: 'malformed' };
    const { payload, signed, signature } = parsed;
    const keyPromise = this.cryptoKey(payload.kid);
    if (!keyPromise) return { status: 'unknown_key' };
    const key = await keyPromise;
    if (!key) return { status: 'unknown_key' };
    let ok: boolean;
    try {
      ok = await crypto.subtle.verify(ED25519, key, signature, signed);
    } catch {
      ok = false;
    }
    if (!ok) return { status: 'invalid_signature' };
    const now = Math.floor((options.now ?? Date.now()) / 1000);
    const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    if (payload.iat > now + skew) return { status: 'not_yet_valid', payload };
    if (payload.exp + skew < now) return { status: 'expired', payload };
    if (options.storeId !== undefined && payload.storeId !== options.storeId)
      return { status: 'other_store', payload };
    return { status: 'valid', payload };
  }
}

/** Splits and decodes a token without checking the signature; null when malformed. */
export function parsePickupToken(token: string): {
  payload: PickupTokenPayload;
  signed: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
} | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  if (!token.startsWith(PICKUP_TOKEN_PREFIX)) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [, payloadPart, sigPart] = parts as [string, string, string];
  const payloadBytes = base64UrlToBytes(payloadPart);
  const signature = base64UrlToBytes(sigPart);
  if (!payloadBytes || !signature || signature.length !== 64 || payloadPart.length === 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    return null;
  }
  const payload = pickupTokenPayloadSchema.safeParse(json);
  if (!payload.success) return null;
  const signed = new TextEncoder().encode(`${PICKUP_TOKEN_PREFIX}${payloadPart}`);
  return { payload: payload.data, signed, signature };
}

/** HQ side: signs a payload with an Ed25519 private key (WebCrypto CryptoKey). */
export async function signPickupToken(payload: PickupTokenPayload, privateKey: CryptoKey): Promise<string> {
  const body = pickupTokenPayloadSchema.parse(payload);
  const payloadPart = bytesToBase64Url(
    new TextEncoder().encode(
      JSON.stringify({
        orderId: body.orderId,
        storeId: body.storeId,
        iat: body.iat,
        exp: body.exp,
        kid: body.kid,
      }),
    ),
  );
  const signed = new TextEncoder().encode(`${PICKUP_TOKEN_PREFIX}${payloadPart}`);
  const sig = new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, signed));
  return `${PICKUP_TOKEN_PREFIX}${payloadPart}.${bytesToBase64Url(sig)}`;
}

const PKCS8_ED25519_PREFIX = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/**
 * Imports an Ed25519 key pair from a 32-byte private seed (RFC 8032), so a demo
 * or test key can be derived deterministically. Returns the public key as a
 * contract `PickupKey` body (base64url raw).
 */
export async function pickupKeyPairFromSeed(
  seed: Uint8Array,
): Promise<{ privateKey: CryptoKey; publicKey: string }> {
  if (seed.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  pkcs8.set(PKCS8_ED25519_PREFIX, 0);
  pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ED25519, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  if (typeof jwk.x !== 'string') throw new Error('Ed25519 export failed');
  return { privateKey, publicKey: jwk.x };
}
