import type { PinHash } from '../contract/entities';
import { base64ToBytes, bytesToBase64 } from '../token/base64';

/**
 * Staff PINs are stored only as PBKDF2-SHA256 hashes (HQ hashes, the app
 * verifies offline with the same code through WebCrypto). 210,000 iterations
 * follows OWASP's 2023 guidance for PBKDF2-HMAC-SHA256: slow enough that a
 * stolen database does not give up 4-digit PINs cheaply, with lockout after 5
 * wrong tries as the real defence.
 */
export const PIN_HASH_ITERATIONS = 210_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

async function derive(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

export async function hashPin(
  pin: string,
  options: { salt?: Uint8Array<ArrayBuffer>; iterations?: number } = {},
): Promise<PinHash> {
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iterations = options.iterations ?? PIN_HASH_ITERATIONS;
  const hash = await derive(pin, salt, iterations);
  return { algorithm: 'pbkdf2-sha256', iterations, salt: bytesToBase64(salt), hash: bytesToBase64(hash) };
}

/** Constant-time comparison of the derived hash; false for malformed records. */
export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  if (stored.algorithm !== 'pbkdf2-sha256' || !(stored.iterations > 0)) return false;
  let salt: Uint8Array<ArrayBuffer>;
  let expected: Uint8Array;
  try {
    salt = base64ToBytes(stored.salt);
    expected = base64ToBytes(stored.hash);
  } catch {
    return false;
  }
  const actual = await derive(pin, salt, stored.iterations);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= (actual[i] as number) ^ (expected[i] as number);
  return diff === 0;
}
