import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MissingItem, ProxyPickup, StorePolicy } from '@shared/contract';
import { pickupTiming } from '@shared/orders/state';
import type { LinliDb } from '../../db/database';
import type { OrderRow, SlotRow } from '../../db/types';

export interface HandOverRequest {
  proxy?: ProxyPickup;
  missing?: MissingItem[];
}

/** When a time is shown to the clerk: store-local, short. */
export function useFormatTime(timeZone: string | undefined) {
  const { i18n } = useTranslation();
  return (iso: string | null | undefined) => {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return new Intl.DateTimeFormat(i18n.language, {
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      ...(timeZone ? { timeZone } : {}),
    }).format(d);
  };
}

/** The shelf units an order's bags sit in, drawn as small grids with its slots highlighted. */
export function SlotMap({ db, slotIds }: { db: LinliDb; slotIds: readonly string[] }) {
  const { t } = useTranslation();
  const [units, setUnits] = useState<{ unitId: string; slots: SlotRow[] }[]>([]);
  const key = slotIds.join(',');
  useEffect(() => {
    let live = true;
    void (async () => {
      const own = (await db.slots.bulkGet([...slotIds])).filter((s): s is SlotRow => !!s);
      const unitIds = [...new Set(own.map((s) => s.unitId))];
      const all = unitIds.length ? await db.slots.where('unitId').anyOf(unitIds).toArray() : [];
      if (live)
        setUnits(unitIds.map((unitId) => ({ unitId, slots: all.filter((s) => s.unitId === unitId) })));
    })().catch(() => undefined);
    return () => {
      live = false;
    };
    // key stands for slotIds' content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, key]);
  const here = new Set(slotIds);
  return (
    <div className="counter-slotmaps">
      {units.map(({ unitId, slots }) => {
        const rows = Math.max(1, ...slots.map((s) => s.row));
        const columns = Math.max(1, ...slots.map((s) => s.column));
        return (
          <figure key={unitId} className="counter-slotmap">
            <figcaption>{t('counter.card.slotMap', { unit: unitId })}</figcaption>
            <div
              role="list"
              aria-label={t('counter.card.slotMap', { unit: unitId })}
              className="counter-slotgrid"
              style={{
                gridTemplateColumns: `repeat(${columns}, minmax(2.5rem, 1fr))`,
                gridTemplateRows: `repeat(${rows}, auto)`,
              }}
            >
              {slots.map((s) => (
                <span
                  role="listitem"
                  key={s.id}
                  className={here.has(s.id) ? 'counter-slot counter-slot--here' : 'counter-slot'}
                  style={{ gridRow: s.row, gridColumn: s.column }}
                  aria-label={t(here.has(s.id) ? 'counter.card.slotCellHere' : 'counter.card.slotCell', {
                    slot: s.id,
                  })}
                >
                  {s.id.slice(unitId.length + 1)}
                </span>
              ))}
            </div>
          </figure>
        );
      })}
    </div>
  );
}

type ItemMark = 'none' | 'missing' | 'damaged';

export function OrderCard({
  db,
  order,
  policy,
  timeZone,
  now,
  canHandOver,
  busy,
  onHandOver,
  onCancel,
  proxyOpen,
  partialOpen,
  onToggleProxy,
  onTogglePartial,
}: {
  db: LinliDb;
  order: OrderRow;
  policy: StorePolicy | null;
  timeZone: string | undefined;
  now: number;
  canHandOver: boolean;
  busy: boolean;
  onHandOver: (request: HandOverRequest) => void;
  onCancel: () => void;
  proxyOpen: boolean;
  partialOpen: boolean;
  onToggleProxy: () => void;
  onTogglePartial: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatTime(timeZone);
  const titleId = useId();
  const [proxyName, setProxyName] = useState('');
  const [idChecked, setIdChecked] = useState(false);
  const [marks, setMarks] = useState<Record<string, ItemMark>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const state = pickupTiming(order, now, policy);
  const slotOf = new Map(order.slotAssignments.map((a) => [a.bagLabel, a.slotId]));

  const submit = () => {
    const request: HandOverRequest = {};
    if (proxyOpen) {
      if (!proxyName.trim() || !idChecked) return setProblem(t('counter.proxy.required'));
      request.proxy = { name: proxyName.trim().slice(0, 64), idChecked: true };
    }
    if (partialOpen) {
      const missing = order.items
        .filter((i) => (marks[i.sku] ?? 'none') !== 'none')
        .map((i): MissingItem => ({ sku: i.sku, qty: i.qty, reason: marks[i.sku] as 'missing' | 'damaged' }));
      if (missing.length === 0) return setProblem(t('counter.partial.required'));
      request.missing = missing;
    }
    setProblem(null);
    onHandOver(request);
  };

  return (
    <article className="counter-card" aria-labelledby={titleId} data-order-id={order.id}>
      <header className="counter-card-head">
        <h2 id={titleId}>{t('counter.card.title', { orderNo: order.orderNo })}</h2>
        <span className={`counter-badge counter-badge--${order.status}`}>
          {t(`counter.card.status.${order.status}`)}
        </span>
        <span
          className={order.paid ? 'counter-badge counter-badge--ok' : 'counter-badge counter-badge--danger'}
        >
          {t(order.paid ? 'counter.card.paid' : 'counter.card.unpaid')}
        </span>
      </header>
      <dl className="counter-facts">
        <div>
          <dt>{t('counter.card.customer')}</dt>
          <dd>
            <strong className="counter-customer">{order.customer.maskedName}</strong>{' '}
            {t('counter.card.phone', { phone: order.customer.phoneLast4 })}
          </dd>
        </div>
        <div>
          <dt>{t('counter.card.window')}</dt>
          <dd>
            {format(order.pickupWindow.start)} – {format(order.extendedUntil ?? order.pickupWindow.end)}{' '}
            {state === 'dueSoon' && (
              <span className="counter-badge counter-badge--warn">{t('counter.card.dueSoon')}</span>
            )}
            {state === 'late' && (
              <span className="counter-badge counter-badge--warn">{t('counter.card.late')}</span>
            )}
            {state === 'overdue' && (
              <span className="counter-badge counter-badge--danger">{t('counter.card.overdue')}</span>
            )}
          </dd>
        </div>
        {order.note && (
          <div>
            <dt>{t('counter.card.note')}</dt>
            <dd className="counter-note">{order.note}</dd>
          </div>
        )}
      </dl>
      <h3>{t('counter.card.items')}</h3>
      <ul className="counter-items" aria-label={t('counter.card.items')}>
        {order.items.map((item) => (
          <li key={item.sku}>
            <span className={`counter-zone counter-zone--${item.zone}`}>
              {t(`counter.zone.${item.zone}`)}
            </span>{' '}
            {item.name} {t('counter.card.qty', { qty: item.qty, unit: item.unit })}
            {partialOpen && (
              <select
                aria-label={`${item.name}`}
                className="counter-mark"
                value={marks[item.sku] ?? 'none'}
                onChange={(e) => setMarks({ ...marks, [item.sku]: e.target.value as ItemMark })}
              >
                <option value="none">{t('counter.partial.none')}</option>
                <option value="missing">{t('counter.partial.missing')}</option>
                <option value="damaged">{t('counter.partial.damaged')}</option>
              </select>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('counter.card.bags')}</h3>
      <ul className="counter-bags" aria-label={t('counter.card.bags')}>
        {order.bags.map((bag) => (
          <li key={bag.label}>
            <span className={`counter-zone counter-zone--${bag.zone}`}>{t(`counter.zone.${bag.zone}`)}</span>{' '}
            {t('counter.card.bagIn', {
              bag: bag.label,
              slot: slotOf.get(bag.label) ?? t('counter.card.notShelved'),
            })}
          </li>
        ))}
      </ul>
      {order.slotIds.length > 0 && <SlotMap db={db} slotIds={order.slotIds} />}
      {canHandOver && (
        <>
          <div className="counter-options">
            <label className="counter-check">
              <input type="checkbox" checked={proxyOpen} onChange={onToggleProxy} />{' '}
              {t('counter.proxy.toggle')}
            </label>
            <label className="counter-check">
              <input type="checkbox" checked={partialOpen} onChange={onTogglePartial} />{' '}
              {t('counter.partial.toggle')}
            </label>
          </div>
          {proxyOpen && (
            <fieldset className="counter-fieldset">
              <legend>{t('counter.proxy.legend')}</legend>
              <label>
                {t('counter.proxy.name')}
                <input
                  className="counter-input"
                  value={proxyName}
                  maxLength={64}
                  onChange={(e) => setProxyName(e.target.value)}
                />
              </label>
              <label className="counter-check">
                <input type="checkbox" checked={idChecked} onChange={(e) => setIdChecked(e.target.checked)} />{' '}
                {t('counter.proxy.idChecked')}
              </label>
            </fieldset>
          )}
          {partialOpen && <p className="counter-hint">{t('counter.partial.legend')}</p>}
          {problem && (
            <p role="alert" className="counter-problem">
              {problem}
            </p>
          )}
          <div className="counter-actions">
            <button
              type="button"
              className="counter-handover"
              onClick={submit}
              disabled={busy}
              aria-keyshortcuts="Enter F2"
              data-handover
            >
              {busy ? t('counter.card.handingOver') : t('counter.card.handOver')}
              <small>{t('counter.card.handOverHint')}</small>
            </button>
            <button type="button" className="counter-secondary" onClick={onCancel}>
              {t('counter.card.cancel')}
            </button>
          </div>
        </>
      )}
    </article>
  );
}
