import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../token/base64';
import { hashPin, verifyPin } from './pin';
import { PIN_HASH_VECTORS } from './pin-vectors';

describe('PIN hash vectors shared by the app and HQ', () => {
  it.each(PIN_HASH_VECTORS)(
    'verifies $pin against its record, and no neighbouring PIN',
    async ({ pin, record }) => {
      expect(await verifyPin(pin, record)).toBe(true);
      const wrong = String((Number(pin) + 1) % 10_000).padStart(4, '0');
      expect(await verifyPin(wrong, record)).toBe(false);
      expect(await verifyPin(pin, { ...record, iterations: record.iterations - 1 })).toBe(false);
    },
  );

  it.each(PIN_HASH_VECTORS)(
    'hashPin reproduces the $pin record from its salt and iterations',
    async ({ pin, record }) => {
      const salt = new Uint8Array(base64ToBytes(record.salt));
      expect(await hashPin(pin, { salt, iterations: record.iterations })).toEqual(record);
    },
  );
});
