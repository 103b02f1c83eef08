/**
 * Pickup-token edges that mutation testing showed no test held, and the
 * re-provisioned HQ bug: new key material published under a kid already cached.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PickupKey } from '../contract/entities';
import { bytesToBase64Url } from './base64';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  PickupTokenVerifier,
  parsePickupToken,
  pickupKeyPairFromSeed,
  signPickupToken,
  type PickupTokenPayload,
} from './pickup-token';

const NOW = Date.UTC(2026, 10, 24, 4, 0, 0);
const nowS = NOW / 1000;
const SKEW = DEFAULT_CLOCK_SKEW_SECONDS;
const keyPair = (n: number) => pickupKeyPairFromSeed(new Uint8Array(32).fill(n));
type PrivateKey = Awaited<ReturnType<typeof keyPair>>['privateKey'];
const pickupKey = (kid: string, publicKey: string): PickupKey => ({
  kid,
  alg: 'Ed25519',
  publicKey,
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
});
const payload: PickupTokenPayload = {
  orderId: 'O-1',
  storeId: 'S001',
  iat: nowS - 60,
  exp: nowS + 3600,
  kid: 'k1',
};

/** Signs arbitrary payload bytes the way HQ signs (`prefix.payload` ASCII), to build edge tokens. */
async function signRaw(body: Uint8Array, privateKey: PrivateKey, prefix = 'LT1.'): Promise<string> {
  const part = bytesToBase64Url(body);
  const sig = await crypto.subtle.sign('Ed25519', privateKey, new TextEncoder().encode(`LT1.${part}`));
  return `${prefix}${part}.${bytesToBase64Url(new Uint8Array(sig))}`;
}

async function setup() {
  const k1 = await keyPair(1);
  const verifier = new PickupTokenVerifier([pickupKey('k1', k1.publicKey)]);
  return { k1, verifier };
}

describe('key rotation under an existing kid', () => {
  // A re-provisioned HQ publishes new material under the same kid: tokens it signs
  // must verify at once, not fail as invalid_signature until the app restarts.
  it('verifies with the new material after setKeys, and stops trusting the old', async () => {
    const { verifier, k1 } = await setup();
    const before = await signPickupToken(payload, k1.privateKey);
    expect((await verifier.verify(before, { now: NOW })).status).toBe('valid'); // caches k1's import
    const reprovisioned = await keyPair(7);
    verifier.setKeys([pickupKey('k1', reprovisioned.publicKey)]);
    const after = await signPickupToken(payload, reprovisioned.privateKey);
    expect((await verifier.verify(after, { now: NOW })).status).toBe('valid');
    expect((await verifier.verify(before, { now: NOW })).status).toBe('invalid_signature');
  });

  // Publishing the same keys again (every pull does) keeps working.
  it('keeps verifying when the same keys are set again', async () => {
    const { verifier, k1 } = await setup();
    const token = await signPickupToken(payload, k1.privateKey);
    expect((await verifier.verify(token, { now: NOW })).status).toBe('valid');
    verifier.setKeys([pickupKey('k1', k1.publicKey)]);
    expect((await verifier.verify(token, { now: NOW })).status).toBe('valid');
  });

  // A key whose material is not 32 bytes of Ed25519 cannot verify anything.
  it('treats a key of the wrong length as unknown', async () => {
    const { k1 } = await setup();
    const verifier = new PickupTokenVerifier([pickupKey('k1', bytesToBase64Url(new Uint8Array(31).fill(1)))]);
    expect((await verifier.verify(await signPickupToken(payload, k1.privateKey), { now: NOW })).status).toBe(
      'unknown_key',
    );
    const notBase64 = new PickupTokenVerifier([pickupKey('k1', '@@@@')]);
    expect((await notBase64.verify(await signPickupToken(payload, k1.privateKey), { now: NOW })).status).toBe(
      'unknown_key',
    );
  });
});

describe('token shape', () => {
  // The signature covers `LT1.`: the same payload and signature under another
  // version prefix must not pass as a version-1 token.
  it('refuses a genuine signature under another prefix', async () => {
    const { verifier, k1 } = await setup();
    const body = new TextEncoder().encode(JSON.stringify(payload));
    for (const prefix of ['LT2.', 'XX1.', 'lt1.']) {
      const token = await signRaw(body, k1.privateKey, prefix);
      expect(parsePickupToken(token)).toBeNull();
      expect((await verifier.verify(token, { now: NOW })).status).toBe('malformed');
    }
  });

  // A signature segment that is not base64url (a damaged QR) is malformed, and verify still resolves.
  it('reads a bad signature or payload encoding as malformed without throwing', async () => {
    const { verifier, k1 } = await setup();
    const [prefix, body, sig] = (await signPickupToken(payload, k1.privateKey)).split('.') as [
      string,
      string,
      string,
    ];
    for (const token of [
      `${prefix}.${body}.${sig.slice(0, -1)}@`,
      `${prefix}.${body}.${sig}A`, // length 4n+1 is no base64
      `${prefix}.${body}.${sig.slice(0, -4)}`, // 61 bytes: not a signature
      `${prefix}.${body}@.${sig}`,
      `${prefix}..${sig}`,
    ]) {
      await expect(verifier.verify(token, { now: NOW })).resolves.toEqual({ status: 'malformed' });
    }
  });

  // The payload is JSON in strict UTF-8: bytes a decoder would replace are a forgery attempt or damage.
  it('refuses a signed payload that is not valid UTF-8', async () => {
    const { verifier, k1 } = await setup();
    const json = new TextEncoder().encode(JSON.stringify({ ...payload, orderId: 'O-#' }));
    json[json.indexOf('#'.charCodeAt(0))] = 0xff;
    expect((await verifier.verify(await signRaw(json, k1.privateKey), { now: NOW })).status).toBe(
      'malformed',
    );
  });

  // 1024 characters is the longest token read; a longer one is refused before any decoding.
  // (Exactly 1024 cannot occur: with the 86-character signature the payload segment
  // would be 4n+1 characters long, which no base64 has.)
  it('reads a token of 1023 characters and refuses 1025', async () => {
    const { verifier, k1 } = await setup();
    const sized = async (length: number) => {
      const body = (pad: number) =>
        new TextEncoder().encode(JSON.stringify({ ...payload, pad: 'x'.repeat(pad) }));
      // `LT1.` + payload segment + `.` + 86-character signature.
      const pad = Array.from({ length: 800 }, (_, n) => n).find(
        (n) => 4 + bytesToBase64Url(body(n)).length + 1 + 86 === length,
      );
      if (pad === undefined) throw new Error(`no token of ${length} characters`);
      const token = await signRaw(body(pad), k1.privateKey);
      expect(token).toHaveLength(length);
      return token;
    };
    expect((await verifier.verify(await sized(1023), { now: NOW })).status).toBe('valid');
    const long = await sized(1025);
    expect(parsePickupToken(long)).toBeNull();
    expect((await verifier.verify(long, { now: NOW })).status).toBe('malformed');
  });

  it('refuses to sign an invalid payload, and to derive a key from a seed that is not 32 bytes', async () => {
    const { k1 } = await setup();
    await expect(signPickupToken({ ...payload, orderId: '' }, k1.privateKey)).rejects.toThrow();
    await expect(pickupKeyPairFromSeed(new Uint8Array(31))).rejects.toThrow('Ed25519 seed must be 32 bytes');
  });
});

describe('time window edges', () => {
  // The clock skew is tolerated to the second: a token is expired one second past it, not at it.
  it('is valid until exp + skew and expired one second after', async () => {
    const { verifier, k1 } = await setup();
    const edge = await signPickupToken({ ...payload, iat: nowS - 7200, exp: nowS - SKEW }, k1.privateKey);
    expect((await verifier.verify(edge, { now: NOW })).status).toBe('valid');
    // Milliseconds within the same second do not expire it either.
    expect((await verifier.verify(edge, { now: NOW + 999 })).status).toBe('valid');
    expect((await verifier.verify(edge, { now: NOW + 1000 })).status).toBe('expired');
  });

  it('is valid from iat - skew and not yet valid one second before', async () => {
    const { verifier, k1 } = await setup();
    const edge = await signPickupToken({ ...payload, iat: nowS + SKEW, exp: nowS + 9000 }, k1.privateKey);
    expect((await verifier.verify(edge, { now: NOW })).status).toBe('valid');
    expect((await verifier.verify(edge, { now: NOW - 1000 })).status).toBe('not_yet_valid');
    expect((await verifier.verify(edge, { now: NOW, clockSkewSeconds: 0 })).status).toBe('not_yet_valid');
  });

  // Without `now` the verifier uses the terminal's clock; without `storeId` it skips the store check.
  it('defaults to the current time and to no store check', async () => {
    const { verifier, k1 } = await setup();
    const t = Math.floor(Date.now() / 1000);
    const fresh = await signPickupToken({ ...payload, iat: t, exp: t + 60 }, k1.privateKey);
    expect(await verifier.verify(fresh)).toEqual({
      status: 'valid',
      payload: { ...payload, iat: t, exp: t + 60 },
    });
    const old = await signPickupToken({ ...payload, iat: t - 7200, exp: t - 3600 }, k1.privateKey);
    expect((await verifier.verify(old)).status).toBe('expired');
  });
});

describe('not a string', () => {
  // A broken caller's non-string is malformed, and verify still resolves.
  it('reads a non-string as malformed', async () => {
    const { verifier } = await setup();
    expect(parsePickupToken(42 as never)).toBeNull();
    await expect(verifier.verify(undefined as never, { now: NOW })).resolves.toEqual({ status: 'malformed' });
  });
});

describe('imported key cache', () => {
  // Importing a key is the slow part of a scan: once per key material, kept
  // across pulls that publish the same keys, dropped when HQ drops the key.
  it('imports each key once, keeps it while published, and forgets it when dropped', async () => {
    const { verifier, k1 } = await setup();
    const k2 = await keyPair(2);
    const token = await signPickupToken(payload, k1.privateKey);
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    try {
      expect((await verifier.verify(token, { now: NOW })).status).toBe('valid');
      expect((await verifier.verify(token, { now: NOW })).status).toBe('valid');
      expect(importKey).toHaveBeenCalledTimes(1);
      verifier.setKeys([pickupKey('k1', k1.publicKey), pickupKey('k2', k2.publicKey)]);
      expect((await verifier.verify(token, { now: NOW })).status).toBe('valid');
      expect(importKey).toHaveBeenCalledTimes(1);
      verifier.setKeys([pickupKey('k2', k2.publicKey)]);
      verifier.setKeys([pickupKey('k1', k1.publicKey)]);
      expect((await verifier.verify(token, { now: NOW })).status).toBe('valid');
      expect(importKey).toHaveBeenCalledTimes(2);
    } finally {
      importKey.mockRestore();
    }
  });
});
