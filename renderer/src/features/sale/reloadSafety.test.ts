import { afterEach, describe, expect, it } from 'vitest';
import { anySaleOpen, holdWorkBeforeReload } from '../../app/holdBeforeReload';
import { deleteTestDbs, openTestDb } from '../../testing/db';
import { useCartStore } from './cartStore';
import { keepBasketAcrossReload } from './reloadSafety';

afterEach(async () => {
  useCartStore.getState().clear();
  await deleteTestDbs();
});

describe('a basket in progress across a reload (Settings → new HQ) and an update', () => {
  it('is parked as a held sale before the reload, and counts as a sale open until then', async () => {
    const db = await openTestDb();
    keepBasketAcrossReload(db);
    expect(anySaleOpen()).toBe(false);
    useCartStore.getState().addLine({
      sku: 'P-MILK',
      name: '纯牛奶',
      unit: '盒',
      weighed: false,
      qty: 2,
      listPriceFen: 350,
      unitPriceFen: 350,
      discountFen: 0,
    });
    expect(anySaleOpen()).toBe(true);
    await holdWorkBeforeReload();
    const held = await db.heldCarts.toArray();
    expect(held).toHaveLength(1);
    expect(held[0]?.cart.lines.map((l) => [l.sku, l.qty])).toEqual([['P-MILK', 2]]);
    expect(useCartStore.getState().lines).toEqual([]);
    expect(anySaleOpen()).toBe(false);
    // Nothing in the basket: nothing is parked.
    await holdWorkBeforeReload();
    expect(await db.heldCarts.count()).toBe(1);
  });
});
