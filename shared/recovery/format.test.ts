import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  parseRecoveryFile,
  RECOVERY_FORMAT,
  RECOVERY_VERSION,
  type RecoveryFile,
  recoveryChecksum,
  recoveryFileName,
  sameHq,
  serializeRecovery,
} from './format';

async function sealed(): Promise<RecoveryFile> {
  const content: Omit<RecoveryFile, 'checksum'> = {
    format: RECOVERY_FORMAT,
    version: RECOVERY_VERSION,
    terminal: { hqUrl: 'http://hq.test', storeId: 'S001', terminalId: 'T1' },
    exportedAt: '2026-11-24T16:37:00.000Z',
    exportedBy: 'C01',
    mutations: [
      {
        id: '0b0f3c8e-4c7a-4a53-9d3c-5d1f3f0a9b11',
        seq: 1,
        type: 'order.remind',
        payload: { orderId: 'O000001' },
        staffId: 'C01',
        createdAt: '2026-11-24T16:00:00.000Z',
        affects: ['order:O000001'],
      },
    ],
    exceptions: [],
  };
  return { ...content, checksum: await recoveryChecksum(content) };
}

describe('recovery file format', () => {
  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });

  it('canonical JSON is the same whatever the key order, at every level', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
      }),
    );
  });

  it('a sealed file reads back as it was; a changed byte of content does not', async () => {
    const file = await sealed();
    expect(await parseRecoveryFile(serializeRecovery(file))).toEqual({ ok: true, file });
    const altered = { ...file, exportedBy: 'M01' };
    const parsed = await parseRecoveryFile(JSON.stringify(altered));
    expect(parsed.ok ? 'accepted' : parsed.error.kind).toBe('checksum-mismatch');
  });

  it('names the file by store, terminal and export time; one HQ however its address is spelled', async () => {
    expect(recoveryFileName(await sealed())).toBe('linli-recovery-S001-T1-20261124T163700Z.json');
    expect(sameHq('http://hq.test/', 'http://HQ.test')).toBe(true);
    expect(sameHq('http://hq.test', 'http://other.test')).toBe(false);
  });
});
