import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { changesPageSchema, pickupKeysResponseSchema, type Change } from '../../shared/contract';
import { verifyPin } from '../../shared/staff/pin';
import { createCentral, isProvisioned, type Central } from './central';
import { DEMO_TERMINALS } from './demo';
import { activeSigningKey, addSigningKey, createDemoKey, signingSeedFromText } from './keys';
import { addTerminal, provision, ProvisionError, provisionFileSchema, type ProvisionFile } from './provision';
import { buildLayout } from './demo';

/** Issue #15 item 1: a real HQ is provisioned, never demo-seeded; keys are random and shown once. */

const NOW = new Date('2026-11-24T04:00:00.000Z');

const storeFile = (id: string, terminals = ['T1', 'T2']): ProvisionFile =>
  provisionFileSchema.parse({
    stores: [
      {
        id,
        name: `门店 ${id}`,
        timeZone: 'Asia/Shanghai',
        layout: { zones: buildLayout(id).zones.slice(0, 1) },
        staff: [
          { id: 'M01', name: '店长', role: 'manager', pin: '482913' },
          { id: 'C01', name: '店员', role: 'clerk', pin: '7351' },
        ],
        terminals: terminals.map((t) => ({ id: t, name: `收银台 ${t}` })),
        stock: {},
      },
    ],
  });

let central: Central | null = null;
afterEach(async () => {
  await central?.close();
  central = null;
});

async function pull(c: Central, store: string, key: string): Promise<Change[]> {
  const res = await c.app.inject({
    url: `/v1/stores/${store}/changes?limit=5000`,
    headers: { authorization: `Bearer ${key}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return changesPageSchema.parse(res.json()).changes;
}

describe('createCentral', () => {
  it('seeds demo data only when asked: a plain HQ starts empty and unprovisioned', async () => {
    central = await createCentral({ memory: true });
    expect(await isProvisioned(central.db)).toBe(false);
    expect(central.seeded).toBeNull();
    const demoKey = await central.app.inject({
      url: '/v1/stores/S001/changes',
      headers: { authorization: `Bearer ${DEMO_TERMINALS[0].key}` },
    });
    expect(demoKey.statusCode).toBe(401);
    await central.close();
    central = await createCentral({
      memory: true,
      demo: { pinIterations: 1000, ordersS001: 3, ordersS002: 1 },
    });
    expect(central.seeded?.stores).toEqual(['S001', 'S002']);
    expect((await pull(central, 'S001', 'demo-key-T1')).length).toBeGreaterThan(0);
  }, 120_000);
});

describe('provisioning a real HQ', () => {
  it('reads the README’s example file', () => {
    const file = JSON.parse(readFileSync(new URL('../examples/store.example.json', import.meta.url), 'utf8'));
    const parsed = provisionFileSchema.safeParse(file);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.stores[0]?.terminals.map((t) => t.id)).toEqual(['T1', 'T2']);
  });

  it('creates the store from a file; terminal keys are random, work once given, and are stored only hashed', async () => {
    central = await createCentral({ memory: true });
    const { terminals, signingKid } = await provision(central.db, storeFile('S101'), {
      now: NOW,
      pinIterations: 1000,
    });
    expect(terminals.map((t) => [t.storeId, t.id])).toEqual([
      ['S101', 'T1'],
      ['S101', 'T2'],
    ]);
    const [t1, t2] = terminals;
    expect(t1!.key).toMatch(/^lt_[A-Za-z0-9_-]{43}$/);
    expect(t1!.key).not.toBe(t2!.key);
    const { rows } = await central.db.query<{ key_hash: string }>('SELECT key_hash FROM terminals');
    expect(rows.map((r) => r.key_hash)).not.toContain(t1!.key);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);

    const changes = await pull(central, 'S101', t1!.key);
    const entities = new Set(changes.map((c) => c.entity));
    for (const e of ['store', 'terminal', 'staff', 'storePolicy', 'shelfLayout', 'pickupKey'])
      expect(entities).toContain(e);
    const manager = changes.find((c) => c.entity === 'staff' && c.key === 'M01');
    const pin = (manager?.data as { pin: Parameters<typeof verifyPin>[1] }).pin;
    expect(JSON.stringify(manager)).not.toContain('482913');
    expect(await verifyPin('482913', pin)).toBe(true);
    expect(changes.find((c) => c.entity === 'pickupKey')?.key).toBe(signingKid);
    // no demo key works here
    const demo = await central.app.inject({
      url: '/v1/stores/S101/changes',
      headers: { authorization: 'Bearer demo-key-T1' },
    });
    expect(demo.statusCode).toBe(401);
  }, 60_000);

  it('makes a random signing key, never the demo one; or takes it from a PEM file or the environment', async () => {
    central = await createCentral({ memory: true });
    await provision(central.db, storeFile('S101'), { now: NOW, pinIterations: 1000 });
    const first = await activeSigningKey(central.db, NOW);
    const other = await createCentral({ memory: true });
    try {
      await provision(other.db, storeFile('S101'), { now: NOW, pinIterations: 1000 });
      expect((await activeSigningKey(other.db, NOW))?.publicKey.publicKey).not.toBe(
        first?.publicKey.publicKey,
      );
      const demo = await createDemoKey(other.db, 1, NOW);
      expect(first?.publicKey.publicKey).not.toBe(demo.publicKey.publicKey);
    } finally {
      await other.close();
    }
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromFile = await createCentral({ memory: true });
    try {
      const seed = signingSeedFromText(pem);
      const { signingKid } = await provision(fromFile.db, storeFile('S102'), {
        now: NOW,
        signingSeed: seed,
        pinIterations: 1000,
      });
      const again = await addSigningKey(fromFile.db, { now: NOW, seed });
      expect(again).toMatchObject({ kid: signingKid, added: false });
      expect(signingSeedFromText(Buffer.from(seed).toString('base64'))).toEqual(seed);
    } finally {
      await fromFile.close();
    }
    expect(() => signingSeedFromText('not a key')).toThrow();
  }, 60_000);

  it('rotates the signing key: the new one is published at once and signs only from its time', async () => {
    central = await createCentral({ memory: true });
    const t1 = (await provision(central.db, storeFile('S101'), { now: NOW, pinIterations: 1000 }))
      .terminals[0]!;
    const old = await activeSigningKey(central.db, NOW);
    const later = new Date(NOW.getTime() + 24 * 3600_000);
    const next = await addSigningKey(central.db, { now: NOW, signsFrom: later });
    const keys = pickupKeysResponseSchema.parse(
      (await central.app.inject({ url: '/v1/pickup-keys' })).json(),
    ).keys;
    expect(keys.map((k) => k.kid)).toEqual(expect.arrayContaining([old!.kid, next.kid]));
    expect(
      (await pull(central, 'S101', t1.key)).filter((c) => c.entity === 'pickupKey').map((c) => c.key),
    ).toContain(next.kid);
    expect((await activeSigningKey(central.db, NOW))?.kid).toBe(old!.kid);
    expect((await activeSigningKey(central.db, later))?.kid).toBe(next.kid);
  }, 60_000);

  it('keeps identities per store: two stores may both have a T1; a store is provisioned once', async () => {
    central = await createCentral({ memory: true });
    const a = await provision(central.db, storeFile('S101', ['T1']), { now: NOW, pinIterations: 1000 });
    const b = await provision(central.db, storeFile('S102', ['T1']), { now: NOW, pinIterations: 1000 });
    expect((await pull(central, 'S101', a.terminals[0]!.key)).length).toBeGreaterThan(0);
    const cross = await central.app.inject({
      url: '/v1/stores/S101/changes',
      headers: { authorization: `Bearer ${b.terminals[0]!.key}` },
    });
    expect(cross.statusCode).toBe(403);
    await expect(provision(central.db, storeFile('S101'), { now: NOW, pinIterations: 1000 })).rejects.toThrow(
      ProvisionError,
    );
    const added = await addTerminal(central.db, 'S101', { id: 'T9', name: '新收银台' });
    expect(
      (await pull(central, 'S101', added.key)).some((c) => c.entity === 'terminal' && c.key === 'T9'),
    ).toBe(true);
    await expect(addTerminal(central.db, 'S101', { id: 'T9', name: 'again' })).rejects.toThrow(
      ProvisionError,
    );
  }, 60_000);
});
