import { afterEach, describe, expect, it } from 'vitest';
import { createCustomerDisplayPublisher } from '../customer-display';
import { useCartStore } from './cartStore';
import { followCartOnCustomerDisplay, showPaid } from './customerDisplayLink';

afterEach(() => useCartStore.getState().clear());

const milk = {
  sku: 'P-MILK',
  name: '纯牛奶',
  unit: '盒',
  weighed: false,
  qty: 2,
  listPriceFen: 350,
  unitPriceFen: 350,
  discountFen: 0,
};

describe('the customer display follows the till', () => {
  it('shows the cart as it changes, then paid with change; a voided cart goes back to idle', () => {
    const display = createCustomerDisplayPublisher(() => null);
    const stop = followCartOnCustomerDisplay(display);
    useCartStore.getState().addLine(milk);
    expect(display.current()).toMatchObject({
      kind: 'cart',
      lines: [{ name: '纯牛奶', qty: 2, unit: '盒', amountFen: 700 }],
      totalFen: 700,
    });
    useCartStore.getState().addLine({
      ...milk,
      sku: 'P-APPLE',
      name: '苹果',
      unit: 'kg',
      weighed: true,
      qty: 0.5,
      weightGrams: 500,
      listPriceFen: 1200,
      unitPriceFen: 1200,
    });
    expect(display.current()).toMatchObject({ kind: 'cart', totalFen: 1300 });
    // Nothing a customer should not see: no staff data in the state, only lines and total.
    expect(Object.keys(display.current()).sort()).toEqual(['kind', 'lines', 'storeName', 'totalFen']);
    useCartStore.getState().clear();
    expect(display.current()).toMatchObject({ kind: 'idle' });
    showPaid(
      {
        saleId: '00000000-0000-4000-8000-000000000001',
        receiptNo: 'T1-20261130-0001',
        lines: [{ sku: 'P-MILK', name: '纯牛奶', qty: 2, unitPriceFen: 350, amountFen: 700 }],
        totalFen: 700,
        tenders: [{ method: 'cash', amountFen: 700, tenderedFen: 1000, changeFen: 300 }],
      },
      300,
      display,
    );
    expect(display.current()).toMatchObject({ kind: 'paid', totalFen: 700, paidFen: 1000, changeFen: 300 });
    stop();
    useCartStore.getState().addLine(milk);
    expect(display.current()).toMatchObject({ kind: 'paid' });
  });
});
