import { describe, expect, it } from 'vitest';
import type { PickupKey } from '../contract/entities';
import { bytesToBase64Url, base64UrlToBytes } from './base64';
import {
  PickupTokenVerifier,
  parsePickupToken,
  pickupKeyPairFromSeed,
  signPickupToken,
  type PickupTokenPayload,
} from './pickup-token';

const seed = (n: number) => new Uint8Array(32).fill(n);
const NOW = Date.UTC(2026, 10, 24, 4, 0, 0);
const nowS = NOW / 1000;

async function setup() {
  const k1 = await pickupKeyPairFromSeed(seed(1));
  const k2 = await pickupKeyPairFromSeed(seed(2));
  const key = (kid: string, publicKey: string): PickupKey => ({
    kid,
    alg: 'Ed25519',
    publicKey,
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  const verifier = new PickupTokenVerifier([key('k1', k1.publicKey), key('k2', k2.publicKey)]);
  const payload: PickupTokenPayload = {
    orderId: 'O-1',
    storeId: 'S001',
    iat: nowS - 60,
    exp: nowS + 3600,
    kid: 'k1',
  };
  const token = await signPickupToken(payload, k1.privateKey);
  return { k1, k2, verifier, payload, token };
}

describe('pickup tokens', () => {
  it('RFC 8032 test vector 1: seed → public key', async () => {
    const sk = Uint8Array.from(
      '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'
        .match(/../g)!
        .map((h) => parseInt(h, 16)),
    );
    const { publicKey } = await pickupKeyPairFromSeed(sk);
    const hex = [...base64UrlToBytes(publicKey)!].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
  });

  it('a freshly signed token is valid and round-trips its payload', async () => {
    const { verifier, token, payload } = await setup();
    expect(token.startsWith('LT1.')).toBe(true);
    const res = await verifier.verify(token, { storeId: 'S001', now: NOW });
    expect(res).toEqual({ status: 'valid', payload });
  });

  it('tampered payload → invalid_signature', async () => {
    const { verifier, token } = await setup();
    const [prefix, body, sig] = token.split('.') as [string, string, string];
    const json = JSON.parse(new TextDecoder().decode(base64UrlToBytes(body)!));
    json.orderId = 'O-2';
    const forged = `${prefix}.${bytesToBase64Url(new TextEncoder().encode(JSON.stringify(json)))}.${sig}`;
    expect((await verifier.verify(forged, { storeId: 'S001', now: NOW })).status).toBe('invalid_signature');
  });

  it('tampered signature → invalid_signature', async () => {
    const { verifier, token } = await setup();
    const [prefix, body, sig] = token.split('.') as [string, string, string];
    const bytes = base64UrlToBytes(sig)!;
    bytes[5] = (bytes[5] as number) ^ 0x01;
    const forged = `${prefix}.${body}.${bytesToBase64Url(bytes)}`;
    expect((await verifier.verify(forged, { storeId: 'S001', now: NOW })).status).toBe('invalid_signature');
  });

  it('signed by a different key claiming a known kid → invalid_signature', async () => {
    const { verifier, payload, k2 } = await setup();
    const forged = await signPickupToken(payload, k2.privateKey); // kid k1, key k2
    expect((await verifier.verify(forged, { storeId: 'S001', now: NOW })).status).toBe('invalid_signature');
  });

  it('key rotation: a token under k2 verifies by its kid', async () => {
    const { verifier, payload, k2 } = await setup();
    const token = await signPickupToken({ ...payload, kid: 'k2' }, k2.privateKey);
    expect((await verifier.verify(token, { storeId: 'S001', now: NOW })).status).toBe('valid');
  });

  it('unknown kid → unknown_key; a removed key stops verifying', async () => {
    const { verifier, payload, k1, token } = await setup();
    const t = await signPickupToken({ ...payload, kid: 'k9' }, k1.privateKey);
    expect((await verifier.verify(t, { now: NOW })).status).toBe('unknown_key');
    verifier.setKeys([]);
    expect((await verifier.verify(token, { now: NOW })).status).toBe('unknown_key');
  });

  it('expired beyond the clock skew → expired, within skew → valid', async () => {
    const { verifier, payload, k1 } = await setup();
    const t = await signPickupToken({ ...payload, iat: nowS - 7200, exp: nowS - 301 }, k1.privateKey);
    const res = await verifier.verify(t, { storeId: 'S001', now: NOW });
    expect(res.status).toBe('expired');
    expect(res.payload?.orderId).toBe('O-1');
    const t2 = await signPickupToken({ ...payload, iat: nowS - 7200, exp: nowS - 200 }, k1.privateKey);
    expect((await verifier.verify(t2, { storeId: 'S001', now: NOW })).status).toBe('valid');
    expect((await verifier.verify(t2, { storeId: 'S001', now: NOW, clockSkewSeconds: 0 })).status).toBe(
      'expired',
    );
  });

  it('issued in the future beyond skew → not_yet_valid', async () => {
    const { verifier, payload, k1 } = await setup();
    const t = await signPickupToken({ ...payload, iat: nowS + 600, exp: nowS + 9000 }, k1.privateKey);
    expect((await verifier.verify(t, { storeId: 'S001', now: NOW })).status).toBe('not_yet_valid');
  });

  it('another store → other_store, with the store id to show', async () => {
    const { verifier, token } = await setup();
    const res = await verifier.verify(token, { storeId: 'S002', now: NOW });
    expect(res.status).toBe('other_store');
    expect(res.payload?.storeId).toBe('S001');
  });

  it.each([
    '',
    'garbage',
    'LT1.',
    'LT1..',
    'LT2.eyJ9.AAAA',
    'LT1.@@@.###',
    'LT1.eyJvcmRlcklkIjoxfQ.' + 'A'.repeat(86),
    'LT1.' + bytesToBase64Url(new TextEncoder().encode('not json')) + '.' + 'A'.repeat(86),
    'LT1.a.b.c',
    'LT1.' + 'A'.repeat(2000) + '.x',
    '\u0000\u0001LT1',
  ])('garbage %j → malformed', async (text) => {
    const { verifier } = await setup();
    expect((await verifier.verify(text, { now: NOW })).status).toBe('malformed');
    expect(parsePickupToken(text)).toBeNull();
  });

  it('never throws on arbitrary strings', async () => {
    const { verifier, token } = await setup();
    for (let i = 0; i < token.length; i += 7) {
      const mutated = token.slice(0, i) + 'x' + token.slice(i + 1);
      const res = await verifier.verify(mutated, { now: NOW });
      expect(['valid', 'invalid_signature', 'malformed', 'unknown_key']).toContain(res.status);
    }
  });
});
