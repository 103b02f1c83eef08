import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedCode } from '@shared/codes/parse';
import { SLOT_ID_RE } from '@shared/codes/formats';
import { pickupDeadline } from '@shared/shelf/uncollected';
import type { OrderRow } from '../../db/types';
import { ScanField } from '../scanning/ScanField';
import { SlotMap } from './SlotMap';
import { formatTime, type ShelfData } from './useShelfData';

interface Match {
  slotId: string;
  order: OrderRow | null;
}

/** Search: an order number (or part), a phone's last 4 digits, or a slot id. */
export function searchShelf(data: ShelfData, query: string): Match[] {
  const q = query.trim().toUpperCase();
  if (!q) return [];
  const slotQuery = q.replace(/^SL-/, '');
  if (SLOT_ID_RE.test(slotQuery)) {
    const loads = data.occupancy.filter((o) => o.slotId === slotQuery);
    if (loads.length === 0) return [{ slotId: slotQuery, order: null }];
    return loads.map((l) => ({ slotId: slotQuery, order: data.shelved.get(l.orderId) ?? null }));
  }
  const isPhone = /^\d{4}$/.test(q);
  const out: Match[] = [];
  for (const order of data.shelved.values()) {
    const hit = isPhone ? order.customer.phoneLast4 === q : order.orderNo.includes(q);
    if (hit) for (const slotId of order.slotIds) out.push({ slotId, order });
  }
  return out;
}

export function MapPanel({ data, now }: { data: ShelfData; now: number }) {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState<string | null>(null);
  const [query, setQuery] = useState<string | null>(null);
  const layout = data.layout;
  if (!layout) return <p>{t('shelf.map.noLayout')}</p>;

  const matches = query ? searchShelf(data, query) : [];
  const highlighted = [...new Set([...matches.map((m) => m.slotId), ...(selected ? [selected] : [])])];
  const search = (text: string) => {
    setQuery(text);
    const found = searchShelf(data, text);
    setSelected(found.length === 1 ? found[0]!.slotId : null);
  };
  const onScan = (parsed: ParsedCode) => {
    if (parsed.kind === 'slotLabel') return search(parsed.slotId);
    if (parsed.kind === 'orderNumber' || parsed.kind === 'bagLabel') return search(parsed.orderNumber);
    search(parsed.text);
  };

  const slotInfo = selected ? searchShelf(data, selected) : [];
  const capacity = layout.zones
    .flatMap((z) => z.units.flatMap((u) => u.slots))
    .find((s) => s.id === selected)?.capacityBags;

  return (
    <section className="shelf-columns" aria-label={t('shelf.map.region')}>
      <div className="shelf-panel">
        <ScanField onScan={onScan} onText={search} label={t('shelf.map.search')} />
        <SlotMap
          layout={layout}
          occupancy={data.occupancy}
          orders={data.shelved}
          policy={data.policy}
          now={now}
          highlighted={highlighted}
          selected={selected}
          onSelectSlot={setSelected}
        />
      </div>
      <div className="shelf-panel">
        {query && (
          <div role="status">
            {matches.length === 0
              ? t('shelf.map.noMatch', { query })
              : t('shelf.map.matches', { count: matches.length })}
          </div>
        )}
        {query && matches.length > 1 && (
          <ul className="shelf-list">
            {matches.map((m) => (
              <li key={`${m.slotId}-${m.order?.id ?? ''}`}>
                <button type="button" onClick={() => setSelected(m.slotId)}>
                  {m.slotId} {m.order?.orderNo ?? ''}
                </button>
              </li>
            ))}
          </ul>
        )}
        {selected && (
          <section aria-label={t('shelf.map.slotDetail', { id: selected })}>
            <h2>{t('shelf.map.slotDetail', { id: selected })}</h2>
            {slotInfo.every((m) => !m.order) ? (
              <p>{t('shelf.map.empty', { id: selected, capacity: capacity ?? 0 })}</p>
            ) : (
              <ul className="shelf-list">
                {slotInfo
                  .filter((m) => m.order)
                  .map(({ order }) => (
                    <li key={order!.id}>
                      {t('shelf.map.orderIn', {
                        orderNo: order!.orderNo,
                        name: order!.customer.maskedName,
                        phone: order!.customer.phoneLast4,
                        bags: order!.slotAssignments
                          .filter((a) => a.slotId === selected)
                          .map((a) => a.bagLabel)
                          .join('、'),
                        deadline: formatTime(pickupDeadline(order!), data.timeZone, i18n.language),
                      })}
                    </li>
                  ))}
              </ul>
            )}
          </section>
        )}
      </div>
    </section>
  );
}
