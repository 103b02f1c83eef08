import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../token/base64';
import { hashPin, PIN_HASH_ITERATIONS, verifyPin } from './pin';

describe('PIN hashes', () => {
  it('hashes with PBKDF2-SHA256, a 16-byte salt and a 32-byte hash', async () => {
    const h = await hashPin('1234', { iterations: 1000 });
    expect(h.algorithm).toBe('pbkdf2-sha256');
    expect(base64ToBytes(h.salt)).toHaveLength(16);
    expect(base64ToBytes(h.hash)).toHaveLength(32);
    expect(h.hash).not.toContain('1234');
    expect(PIN_HASH_ITERATIONS).toBeGreaterThanOrEqual(210_000);
  });

  it('matches a known PBKDF2 vector (RFC 7914 §11: passwd/salt, 1 iteration)', async () => {
    const h = await hashPin('passwd', { salt: new TextEncoder().encode('salt'), iterations: 1 });
    const hex = [...base64ToBytes(h.hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex).toBe('55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc');
  });

  it('verifies the right PIN only', async () => {
    const h = await hashPin('9999', { iterations: 1000 });
    expect(await verifyPin('9999', h)).toBe(true);
    expect(await verifyPin('9998', h)).toBe(false);
    expect(await verifyPin('', h)).toBe(false);
    expect(await verifyPin('9999', { ...h, salt: 'not base64!' })).toBe(false);
    expect(await verifyPin('9999', { ...h, iterations: 0 })).toBe(false);
  });
});
