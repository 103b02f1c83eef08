import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerNote, Product } from '../contract';
import { arrivalSince, arrivedOn, movedStock, wishArrival, wishProducts } from './arrival';

const WISH_AT = '2026-11-28T02:00:00.000Z';
const product = (sku: string, extra: Partial<Product> = {}) =>
  ({ sku, category: '酸奶', active: true, ...extra }) as Pick<
    Product,
    'sku' | 'category' | 'active' | 'createdAt'
  >;
const wish = (extra: Partial<CustomerNote> = {}) =>
  ({ kind: 'wish', status: 'open', createdAt: WISH_AT, sku: 'YOG', ...extra }) as CustomerNote;

describe('今天刚到: has a wish arrived?', () => {
  it('stock 0 → >0 after the wish: arrived, at the restock', () => {
    const stock = { qty: 12, restockedAt: '2026-11-30T01:00:00.000Z' };
    expect(arrivalSince(WISH_AT, product('YOG'), stock)).toEqual({
      sku: 'YOG',
      at: '2026-11-30T01:00:00.000Z',
      source: 'restocked',
    });
  });

  it('restocked before the wish (in stock all along): not news', () => {
    expect(
      arrivalSince(WISH_AT, product('YOG'), { qty: 12, restockedAt: '2026-11-27T01:00:00.000Z' }),
    ).toBeNull();
    expect(arrivalSince(WISH_AT, product('YOG'), { qty: 12 })).toBeNull();
    // exactly at the wish is not after it
    expect(arrivalSince(WISH_AT, product('YOG'), { qty: 12, restockedAt: WISH_AT })).toBeNull();
  });

  it('restocked after the wish but sold out again: not arrived', () => {
    expect(
      arrivalSince(WISH_AT, product('YOG'), { qty: 0, restockedAt: '2026-11-30T01:00:00.000Z' }),
    ).toBeNull();
    expect(arrivalSince(WISH_AT, product('YOG'), undefined)).toBeNull();
  });

  it('a product created after the wish (a category wish) has arrived when in stock', () => {
    const newYoghurt = product('YOG-NEW', { createdAt: '2026-11-29T08:00:00.000Z' });
    const byCategory = () => [product('YOG-OLD'), newYoghurt];
    const stock = (sku: string) => (sku === 'YOG-NEW' ? { qty: 5 } : { qty: 40 });
    const categoryWish = wish({ sku: undefined, category: '酸奶' });
    expect(wishArrival(categoryWish, { bySku: () => undefined, byCategory }, stock)).toEqual({
      sku: 'YOG-NEW',
      at: '2026-11-29T08:00:00.000Z',
      source: 'newProduct',
    });
    // created before the wish: nothing new
    const older = product('YOG-NEW', { createdAt: '2026-11-01T08:00:00.000Z' });
    expect(
      wishArrival(categoryWish, { bySku: () => undefined, byCategory: () => [older] }, stock),
    ).toBeNull();
  });

  it('a new batch received after the wish counts even when stock never ran out', () => {
    expect(
      arrivalSince(WISH_AT, product('YOG'), { qty: 30, receivedAt: '2026-11-30T03:00:00.000Z' }),
    ).toMatchObject({ source: 'received' });
  });

  it('only open wishes arrive; notes and resolved wishes never do', () => {
    const catalogue = { bySku: () => product('YOG'), byCategory: () => [] };
    const stock = () => ({ qty: 3, restockedAt: '2026-11-30T01:00:00.000Z' });
    expect(wishArrival(wish(), catalogue, stock)).not.toBeNull();
    expect(wishArrival(wish({ status: 'done' }), catalogue, stock)).toBeNull();
    expect(wishArrival(wish({ status: 'declined' }), catalogue, stock)).toBeNull();
    expect(wishArrival(wish({ kind: 'note' }), catalogue, stock)).toBeNull();
    // an inactive product is not offered
    expect(
      wishArrival(wish(), { bySku: () => product('YOG', { active: false }), byCategory: () => [] }, stock),
    ).toBeNull();
  });

  it('several events after the wish: it arrived at the latest of them', () => {
    const created = product('YOG', { createdAt: '2026-11-28T05:00:00.000Z' });
    const [earlier, later] = ['2026-11-29T03:00:00.000Z', '2026-11-30T03:00:00.000Z'];
    expect(arrivalSince(WISH_AT, created, { qty: 6, restockedAt: later, receivedAt: earlier })).toEqual({
      sku: 'YOG',
      at: later,
      source: 'restocked',
    });
    expect(arrivalSince(WISH_AT, created, { qty: 6, restockedAt: earlier, receivedAt: later })).toEqual({
      sku: 'YOG',
      at: later,
      source: 'received',
    });
  });

  it('a category wish arrives with the product of the category that came in last', () => {
    const early = product('YOG-A');
    const late = product('YOG-B');
    const stock = (sku: string) =>
      sku === 'YOG-A'
        ? { qty: 4, restockedAt: '2026-11-29T01:00:00.000Z' }
        : { qty: 4, receivedAt: '2026-11-30T01:00:00.000Z' };
    const categoryWish = wish({ sku: undefined, category: '酸奶' });
    expect(
      wishArrival(categoryWish, { bySku: () => undefined, byCategory: () => [early, late] }, stock),
    ).toEqual({ sku: 'YOG-B', at: '2026-11-30T01:00:00.000Z', source: 'received' });
  });

  it('arrived today is the store’s business day, not UTC’s', () => {
    // 2026-11-30 17:00 UTC is 2026-12-01 01:00 in Shanghai
    expect(arrivedOn({ at: '2026-11-30T17:00:00.000Z' }, '2026-12-01', 'Asia/Shanghai')).toBe(true);
    expect(arrivedOn({ at: '2026-11-30T17:00:00.000Z' }, '2026-11-30', 'Asia/Shanghai')).toBe(false);
  });

  it('property: arrived ⇔ in stock and some event strictly after the wish', () => {
    const iso = fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) })
      .map((t) => new Date(t).toISOString());
    fc.assert(
      fc.property(
        iso,
        fc.integer({ min: -5, max: 5 }),
        fc.option(iso, { nil: undefined }),
        fc.option(iso, { nil: undefined }),
        fc.option(iso, { nil: undefined }),
        (since, qty, restockedAt, receivedAt, createdAt) => {
          const got = arrivalSince(since, product('P', { createdAt }), { qty, restockedAt, receivedAt });
          const after = [restockedAt, receivedAt, createdAt].filter(
            (t): t is string => t !== undefined && Date.parse(t) > Date.parse(since),
          );
          expect(got !== null).toBe(qty > 0 && after.length > 0);
          if (got) expect(Date.parse(got.at)).toBe(Math.max(...after.map(Date.parse)));
        },
      ),
    );
  });
});

describe('the products a wish names', () => {
  const yog = product('YOG');
  const gone = product('YOG-OLD', { active: false });
  const products = {
    bySku: (sku: string) => [yog, gone].find((p) => p.sku === sku),
    byCategory: (category: string) => (category === '酸奶' ? [yog, gone] : []),
  };
  it('its product, or none when the catalogue no longer has it', () => {
    expect(wishProducts({ sku: 'YOG' }, products)).toEqual([yog]);
    expect(wishProducts({ sku: 'NOPE' }, products)).toEqual([]);
  });

  it('of a category: only the products still offered', () => {
    expect(wishProducts({ category: '酸奶' }, products)).toEqual([yog]);
  });
});

describe('movedStock: HQ keeps restockedAt true', () => {
  const at = '2026-11-30T05:00:00.000Z';
  it('sets restockedAt only when stock goes from none to some', () => {
    expect(movedStock({ qty: 0, updatedAt: 'x' }, 5, at)).toEqual({ qty: 5, updatedAt: at, restockedAt: at });
    expect(movedStock({ qty: -2, updatedAt: 'x' }, 3, at)).toMatchObject({ qty: 1, restockedAt: at });
    expect(movedStock({ qty: 4, updatedAt: 'x', restockedAt: 'old' }, 5, at)).toMatchObject({
      qty: 9,
      restockedAt: 'old',
    });
    expect(movedStock({ qty: 4, updatedAt: 'x' }, -4, at)).not.toHaveProperty('restockedAt');
    expect(movedStock({ qty: 0, updatedAt: 'x' }, 0, at)).not.toHaveProperty('restockedAt');
  });

  it('a delivery sets receivedAt', () => {
    expect(movedStock({ qty: 4, updatedAt: 'x' }, 6, at, { received: true })).toMatchObject({
      qty: 10,
      receivedAt: at,
    });
  });
});
