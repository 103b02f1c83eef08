import { afterEach, describe, expect, it } from 'vitest';
import { deleteTestDbs } from '../../testing/db';
import { makeOrder } from '../../testing/fixtures';
import type { OrderRow } from '../../db/types';
import { pickupTiming } from '@shared/orders/state';
import { lookupScan, lookupTyped } from './lookup';
import { parseCode } from '@shared/codes/parse';
import { weeklyProducts } from './suggestions';
import { KID, NOW, seededCounterDb, tokenFor } from '../../testing/counter';
import { pickupKeyPairFromSeed, signPickupToken } from '@shared/token';
import { applyPullPage } from '../../sync/apply';
import { TEST_STORE } from '../../testing/fixtures';

afterEach(async () => {
  await deleteTestDbs();
});

describe('lookupScan', () => {
  it('maps each token verification to its outcome', async () => {
    const db = await seededCounterDb();
    const at = (token: string) => lookupScan(db, parseCode(token), { now: NOW });
    expect((await at(await tokenFor('O000001'))).kind).toBe('order');
    expect((await at(await tokenFor('O000002'))).kind).toBe('collected');
    expect((await at(await tokenFor('O000003'))).kind).toBe('cancelled');
    expect((await at(await tokenFor('O000004'))).kind).toBe('pending');
    expect(await at(await tokenFor('O000077'))).toEqual({ kind: 'notArrived', orderId: 'O000077' });
    expect(await at(await tokenFor('O000001', { storeId: 'S002' }))).toMatchObject({
      kind: 'otherStore',
      storeId: 'S002',
      storeName: '邻里生鲜·和平路店',
    });
    const iat = Math.floor(NOW / 1000) - 10 * 86_400;
    expect(await at(await tokenFor('O000001', { iat, exp: iat + 60 }))).toMatchObject({ kind: 'expired' });
    expect(await at(await tokenFor('O000001', { iat: Math.floor(NOW / 1000) + 86_400 }))).toMatchObject({
      kind: 'notYetValid',
    });
    expect(await at(await tokenFor('O000001', { kid: 'nobody' }))).toMatchObject({
      kind: 'invalidToken',
      reason: 'unknown_key',
    });
  });

  // A re-provisioned HQ publishes new key material under the same kid: the next
  // genuine token must verify at once, not fail as invalid_signature until a restart.
  it('verifies a token signed with new key material published under the same kid', async () => {
    const db = await seededCounterDb();
    expect((await lookupScan(db, parseCode(await tokenFor('O000001')), { now: NOW })).kind).toBe('order');
    const renewed = await pickupKeyPairFromSeed(new Uint8Array(32).fill(9));
    const key = {
      kid: KID,
      alg: 'Ed25519' as const,
      publicKey: renewed.publicKey,
      status: 'active' as const,
    };
    await applyPullPage(
      db,
      [
        {
          entity: 'pickupKey',
          op: 'upsert',
          key: KID,
          data: { ...key, createdAt: '2026-11-24T00:00:00.000Z' },
          version: 99,
        },
      ],
      'c2',
    );
    const iat = Math.floor(NOW / 1000) - 60;
    const token = await signPickupToken(
      { orderId: 'O000001', storeId: TEST_STORE, iat, exp: iat + 3600, kid: KID },
      renewed.privateKey,
    );
    expect((await lookupScan(db, parseCode(token), { now: NOW })).kind).toBe('order');
    // A token still signed with the old key now fails.
    expect(await lookupScan(db, parseCode(await tokenFor('O000001')), { now: NOW })).toMatchObject({
      kind: 'invalidToken',
      reason: 'invalid_signature',
    });
  });

  it('a pickup code of another store’s hash is not found; unknown numbers neither', async () => {
    const db = await seededCounterDb();
    expect((await lookupTyped(db, '654321')).kind).toBe('notFound');
    expect((await lookupTyped(db, 'LL202611249999')).kind).toBe('notFound');
    expect((await lookupTyped(db, '9999')).kind).toBe('phoneMatches');
  });
});

describe('the order card’s pickup timing', () => {
  const order = { pickupWindow: { start: '2026-11-24T02:00:00.000Z', end: '2026-11-24T10:00:00.000Z' } };
  const at = (iso: string) =>
    pickupTiming(order, Date.parse(iso), { pickupGraceHours: 2, dueSoonMinutes: 60 });
  it('derives upcoming, open, due soon, late and overdue (after the grace hours) from the window and the policy', () => {
    expect(at('2026-11-24T01:00:00.000Z')).toBe('upcoming');
    expect(at('2026-11-24T05:00:00.000Z')).toBe('open');
    expect(at('2026-11-24T09:30:00.000Z')).toBe('dueSoon');
    // Issue #11: the counter called this overdue; the SPEC (and the shelf) call it late until the grace has passed.
    expect(at('2026-11-24T10:01:00.000Z')).toBe('late');
    expect(at('2026-11-24T12:01:00.000Z')).toBe('overdue');
    expect(
      pickupTiming(
        { ...order, extendedUntil: '2026-11-25T10:00:00.000Z' },
        Date.parse('2026-11-24T11:00:00.000Z'),
        null,
      ),
    ).toBe('open');
  });
});

describe('suggestions', () => {
  it('a product in orders of 3 of the last 6 weeks is "bought every week"; twice is not', () => {
    const week = 7 * 86_400_000;
    const orders: OrderRow[] = [0, 1, 2].map((w) => ({
      ...makeOrder(w + 1, { createdAt: new Date(NOW - w * week - 1000).toISOString() }),
      slotIds: [],
    }));
    expect(weeklyProducts(orders, NOW)).toEqual([
      { kind: 'weekly', sku: 'SKU-MILK', name: '纯牛奶 250ml', weeks: 3 },
    ]);
    expect(weeklyProducts(orders.slice(0, 2), NOW)).toEqual([]);
  });
});
