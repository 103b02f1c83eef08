import { describe, expect, it } from 'vitest';
import { returnToStockMovements, stockUnits } from './stock';

describe('stock movements', () => {
  it('counts weighed goods in grams (the scale’s weight when known) and piece goods in whole pieces', () => {
    expect(stockUnits({ weighed: true }, 0.5)).toBe(500);
    expect(stockUnits({ weighed: true }, 0.5, 512)).toBe(512);
    expect(stockUnits({ weighed: false }, 2)).toBe(2);
    expect(stockUnits({ weighed: false }, 2.6)).toBe(3);
    expect(stockUnits(undefined, 1.2)).toBe(1);
  });

  it('a return puts every item the store stocks back into stock', () => {
    const order = {
      items: [
        { sku: 'SKU-MILK', qty: 2 },
        { sku: 'SKU-APPLE', qty: 1.25 },
        { sku: 'SKU-GONE', qty: 1 },
      ],
    } as Parameters<typeof returnToStockMovements>[0];
    const products = new Map([
      ['SKU-MILK', { weighed: false }],
      ['SKU-APPLE', { weighed: true }],
    ]);
    expect(returnToStockMovements(order, (sku) => products.get(sku))).toEqual([
      { sku: 'SKU-MILK', delta: 2 },
      { sku: 'SKU-APPLE', delta: 1250 },
    ]);
  });
});
