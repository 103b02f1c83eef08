import type { PinHash } from '../contract/entities';

/**
 * PIN hash test vectors, computed with an independent PBKDF2 implementation
 * (Node's crypto.pbkdf2Sync, HMAC-SHA256, 32-byte output). The app's verifier
 * and HQ's generator (central/src/demo.ts) both use shared/staff/pin.ts; these
 * pin the algorithm and the record's parameters so neither side can drift.
 */
export const PIN_HASH_VECTORS: readonly { pin: string; record: PinHash }[] = [
  {
    pin: '1234',
    record: {
      algorithm: 'pbkdf2-sha256',
      iterations: 210_000,
      salt: 'AAECAwQFBgcICQoLDA0ODw==',
      hash: 'lC7thYbwSqjMSxRTfrArtgG2cXSbb5XAei0iYfg+dac=',
    },
  },
  {
    pin: '9999',
    record: {
      algorithm: 'pbkdf2-sha256',
      iterations: 210_000,
      salt: '8OHSw7Sllod4aVpLPC0eDw==',
      hash: 'ZiqyAO0L0tlGvhXXo0R0+p9fUqZeXvQsYWGtXhI7CuI=',
    },
  },
  {
    pin: '0000',
    record: {
      algorithm: 'pbkdf2-sha256',
      iterations: 1000,
      salt: 'bGlubGktdGVzdC1zYWx0IQ==',
      hash: '4AYHStzjiKD50ClhgSUbz6TtRbpcSSR4zGEyVEy+p+M=',
    },
  },
];
