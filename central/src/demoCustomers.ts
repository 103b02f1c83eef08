import { createHash } from 'node:crypto';
import type { CustomerNote, Product, StockLevel } from '../../shared/contract';
import type { OrderDraft } from './orders';
import type { EntityWrite } from './repo';

/**
 * The demo's regulars (issue #17): three customers of today's shelved pickup
 * orders with notes and wishes. One wish is for 无糖酸奶, out of stock in the
 * demo store until HQ receives it (`POST /v1/_admin/stores/S001/stock/receive`);
 * another's product came back this morning, so the manager's list of today's
 * arrivals is not empty from the start.
 */

export const DEMO_ARRIVING_PRODUCT = '无糖酸奶';

const HOUR = 3600_000;

/** A stable uuid for a demo note (the same seed gives the same ids). */
const noteId = (storeId: string, n: number) => {
  const hex = createHash('sha256').update(`linli-demo-note:${storeId}:${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export function demoCustomerNotes(
  storeId: string,
  drafts: readonly OrderDraft[],
  products: readonly Product[],
  stock: StockLevel[],
  now: Date,
): EntityWrite[] {
  const regulars = drafts
    .filter(
      (d) =>
        d.status === 'shelved' && d.fulfilment === 'store_pickup' && !d.batchId && d.customer.customerRef,
    )
    .slice(0, 3);
  const arriving = products.find((p) => p.name.includes(DEMO_ARRIVING_PRODUCT) && !p.weighed);
  const backToday = products.find(
    (p) => p.category === arriving?.category && p.sku !== arriving?.sku && !p.weighed,
  );
  if (regulars.length < 3 || !arriving || !backToday) return [];
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  // 无糖酸奶 is sold out; the other one went out and came back this morning
  for (const level of stock) {
    if (level.sku === arriving.sku) level.qty = 0;
    if (level.sku === backToday.sku) level.restockedAt = at(1);
  }
  const [a, b, c] = regulars as [OrderDraft, OrderDraft, OrderDraft];
  let n = 0;
  const note = (
    who: OrderDraft,
    extra: Partial<CustomerNote> & Pick<CustomerNote, 'text'>,
  ): CustomerNote => ({
    id: noteId(storeId, ++n),
    storeId,
    customerRef: who.customer.customerRef ?? '',
    customer: { maskedName: who.customer.maskedName, phoneLast4: who.customer.phoneLast4 },
    kind: 'note',
    status: 'open',
    createdAt: at(48),
    createdBy: storeId === 'S001' ? 'C01' : 'C11',
    ...extra,
  });
  const notes = [
    note(a, { text: '对乳糖不耐受，推荐时避开含乳糖的' }),
    note(a, { kind: 'wish', text: `想试试${arriving.name}`, sku: arriving.sku, createdAt: at(50) }),
    note(b, { text: '周三下午来，喜欢把袋子放在门口' }),
    note(b, { kind: 'wish', text: `${backToday.name}到了告诉我`, sku: backToday.sku, createdAt: at(30) }),
    note(c, { text: '腿脚不便，帮忙拿到门口' }),
    note(c, { kind: 'wish', text: '有新的乳品想尝尝', category: arriving.category, createdAt: at(20) }),
  ];
  return notes.map((data) => ({ entity: 'customerNote', key: data.id, data }));
}
