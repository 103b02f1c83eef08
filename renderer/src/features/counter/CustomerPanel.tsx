import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinliDb } from '../../db/database';
import type { OrderRow } from '../../db/types';
import { openTillWith } from '../sale/handoff';
import { customerOrders, suggestFor, type Suggestion } from './suggestions';

/** The customer's recent orders on this terminal and a few explainable suggestions. */
export function CustomerPanel({
  db,
  order,
  now,
  format,
}: {
  db: LinliDb;
  order: OrderRow;
  now: number;
  format: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const [recent, setRecent] = useState<OrderRow[] | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  useEffect(() => {
    let live = true;
    // After the card has painted: the panel is secondary and must not delay it.
    const wait = new Promise((r) => setTimeout(r, 150));
    void (async () => {
      await wait;
      if (!live) return;
      const orders = await customerOrders(db, order);
      if (!live) return;
      setRecent(orders.filter((o) => o.id !== order.id).slice(0, 5));
      const next = await suggestFor(db, orders, now);
      if (live) setSuggestions(next);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
    // Recomputed per order, not per clock tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, order.id]);
  // The till opens with this customer attached and the sale linked to this pickup (add-on attach rate).
  const addToSale = (sku?: string) =>
    openTillWith({
      customer: {
        orderId: order.id,
        orderNo: order.orderNo,
        phoneLast4: order.customer.phoneLast4,
        name: order.customer.maskedName,
        ...(order.customer.customerRef ? { ref: order.customer.customerRef } : {}),
      },
      ...(sku ? { sku } : {}),
    });
  return (
    <section className="counter-customer-panel" aria-labelledby="counter-customer-title">
      <h2 id="counter-customer-title">{t('counter.customer.title')}</h2>
      <button type="button" onClick={() => addToSale()}>
        {t('counter.customer.addOnSale')}
      </button>
      {recent && recent.length === 0 && <p>{t('counter.customer.none')}</p>}
      {recent && recent.length > 0 && (
        <ul>
          {recent.map((o) => (
            <li key={o.id}>
              {format(o.createdAt)} · {o.items.map((i) => i.name).join('、')}
            </li>
          ))}
        </ul>
      )}
      {suggestions.length > 0 && (
        <>
          <h3>{t('counter.customer.suggestions')}</h3>
          <ul aria-label={t('counter.customer.suggestions')}>
            {suggestions.map((s) => (
              <li key={`${s.kind}:${s.sku}`}>
                {s.kind === 'weekly'
                  ? t('counter.customer.weekly', { name: s.name, weeks: s.weeks })
                  : t('counter.customer.newInCategory', { name: s.name, category: s.category })}{' '}
                <button type="button" onClick={() => addToSale(s.sku)}>
                  {t('counter.customer.addToSale', { name: s.name })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
