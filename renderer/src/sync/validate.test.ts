import { changesPageSchema } from '@shared/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeLayout, makeOrder, makeProduct, TEST_STORE } from '../testing/fixtures';
import { validateChangesPage } from './validate';

const validChanges = [
  { entity: 'order', op: 'upsert', key: 'O000001', data: makeOrder(1), version: 1 },
  { entity: 'product', op: 'upsert', key: makeProduct(1).sku, data: makeProduct(1), version: 2 },
  { entity: 'shelfLayout', op: 'upsert', key: TEST_STORE, data: makeLayout(), version: 3 },
  { entity: 'order', op: 'delete', key: 'O000002', data: null, version: 4 },
  { entity: 'pickupKey', op: 'delete', key: 'k1', data: null, version: 5 },
];

/** Small edits that may or may not break the contract. */
const corruption = fc.oneof(
  fc.constant((c: Record<string, unknown>) => ({ ...c, entity: 'spaceship' })),
  fc.constant((c: Record<string, unknown>) => ({ ...c, op: 'merge' })),
  fc.constant((c: Record<string, unknown>) => ({ ...c, version: 0 })),
  fc.constant((c: Record<string, unknown>) => ({ ...c, version: 1.5 })),
  fc.constant((c: Record<string, unknown>) => ({ ...c, key: '' })),
  fc.constant((c: Record<string, unknown>) => ({ ...c, data: c.op === 'delete' ? { id: 'x' } : null })),
  fc.constant((c: Record<string, unknown>) => ({ ...c, entity: c.entity === 'order' ? 'product' : 'order' })),
  fc.constant((c: Record<string, unknown>) => {
    const { version: _v, ...rest } = c;
    return rest;
  }),
  fc.tuple(fc.string(), fc.jsonValue()).map(([field, value]) => (c: Record<string, unknown>) => ({
    ...c,
    data: c.data && typeof c.data === 'object' ? { ...c.data, [field]: value } : c.data,
  })),
  fc.constant((c: Record<string, unknown>) => c),
);

const agree = async (body: unknown) => {
  const mine = await validateChangesPage(body, { yieldToUi: async () => undefined });
  const reference = changesPageSchema.safeParse(body);
  expect(mine.ok).toBe(reference.success);
  if (mine.ok && reference.success) expect(mine.value).toEqual(reference.data);
};

describe('validateChangesPage', () => {
  it('accepts a valid page exactly as changesPageSchema parses it', async () => {
    await agree({ changes: validChanges, cursor: 'c1', hasMore: false });
    await agree({ changes: validChanges, cursor: 'c1', hasMore: true, remaining: 70_000 });
  });

  it('checks the count of remaining changes as the contract does', async () => {
    for (const remaining of [-1, 1.5, '12', null]) {
      await agree({ changes: validChanges, cursor: 'c1', hasMore: true, remaining });
      expect((await validateChangesPage({ changes: [], cursor: 'c', hasMore: true, remaining })).ok).toBe(
        false,
      );
    }
  });

  it('accepts and rejects the same pages as changesPageSchema (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...validChanges), corruption), { maxLength: 6 }),
        fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
        fc.oneof(fc.boolean(), fc.constant('yes')),
        async (edits, cursor, hasMore) => {
          const changes = edits.map(([c, edit]) => edit(c as Record<string, unknown>));
          await agree({ changes, cursor, hasMore });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input and always returns a typed result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (body) => {
        const result = await validateChangesPage(body, { yieldToUi: async () => undefined });
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.message).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('yields to the UI between slices', async () => {
    let yields = 0;
    const changes = Array.from({ length: 1000 }, (_, i) => ({
      entity: 'product',
      op: 'upsert',
      key: makeProduct(i).sku,
      data: makeProduct(i),
      version: i + 1,
    }));
    const result = await validateChangesPage(
      { changes, cursor: 'c', hasMore: true },
      { sliceSize: 250, yieldToUi: async () => void yields++ },
    );
    expect(result.ok).toBe(true);
    expect(yields).toBe(3);
  });
});
