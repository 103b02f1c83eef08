import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorePolicy, TemperatureZone } from '@shared/contract';
import { pickupTiming } from '@shared/orders/state';
import { DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import type { LinliDb } from '../../db/database';
import type { OrderRow } from '../../db/types';
import { LiveSlotMap } from '../shelf/SlotMap';
import type { HandOverForm, ItemMark } from './useCounterFlow';

/** When a time is shown to the clerk: store-local (never the machine's zone), short. */
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
      timeZone: timeZone ?? DEFAULT_STORE_TIME_ZONE,
    }).format(d);
  };
}

/** Zones are told apart by colour AND symbol (never colour alone). */
export const ZONE_SYMBOL: Record<TemperatureZone, string> = { ambient: '◆', chilled: '❄', frozen: '✱' };

/** Items shown before "show all": a long order's list must not push the card's next scan out of reach. */
export const ITEMS_PREVIEW = 6;

/**
 * The order card, for a queue: at the top, large, the slots to fetch, the bag
 * count, the status and the handover action with its key; then the customer and
 * the pickup window; the slot map and the items below (long lists collapsed).
 * The form (proxy, partial) lives in `useCounterFlow`, so Enter and F2 hand
 * over with what the card shows.
 */
export function OrderCard({
  db,
  order,
  policy,
  timeZone,
  now,
  canHandOver,
  busy,
  form,
  onFormChange,
  onHandOver,
  onCancel,
}: {
  db: LinliDb;
  order: OrderRow;
  policy: StorePolicy | null;
  timeZone: string | undefined;
  now: number;
  canHandOver: boolean;
  busy: boolean;
  form: HandOverForm;
  onFormChange: (patch: Partial<HandOverForm>) => void;
  onHandOver: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatTime(timeZone);
  const titleId = useId();
  const itemsId = useId();
  const [allItems, setAllItems] = useState(false);
  const state = pickupTiming(order, now, policy);
  const slotOf = new Map(order.slotAssignments.map((a) => [a.bagLabel, a.slotId]));
  const showAll = allItems || form.partialOpen || order.items.length <= ITEMS_PREVIEW;
  const items = showAll ? order.items : order.items.slice(0, ITEMS_PREVIEW);

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
        <span className="counter-badge counter-bagcount">
          {t('counter.card.bagCount', { count: order.bags.length })}
        </span>
      </header>

      <div className="counter-card-top">
        <ul className="counter-bags" aria-label={t('counter.card.bags')}>
          {order.bags.map((bag) => {
            const slot = slotOf.get(bag.label);
            return (
              <li key={bag.label}>
                <span className={`counter-zone counter-zone--${bag.zone}`}>
                  <span aria-hidden="true">{ZONE_SYMBOL[bag.zone]}</span> {t(`counter.zone.${bag.zone}`)}
                </span>{' '}
                <span className="counter-bag-label">{bag.label}</span>
                {' → '}
                <strong className={slot ? 'counter-bag-slot' : 'counter-bag-slot counter-bag-slot--none'}>
                  {slot ?? t('counter.card.notShelved')}
                </strong>
              </li>
            );
          })}
        </ul>
        {canHandOver && (
          <div className="counter-actions">
            <button
              type="button"
              className="counter-handover"
              onClick={onHandOver}
              disabled={busy}
              aria-keyshortcuts="Enter F2"
            >
              {busy ? t('counter.card.handingOver') : t('counter.card.handOver')}
              <small>{t('counter.card.handOverHint')}</small>
            </button>
            <button type="button" className="counter-secondary" onClick={onCancel}>
              {t('counter.card.cancel')}
            </button>
          </div>
        )}
      </div>

      {canHandOver && (
        <>
          <div className="counter-options">
            <label className="counter-check">
              <input
                type="checkbox"
                checked={form.proxyOpen}
                onChange={() => onFormChange({ proxyOpen: !form.proxyOpen, problem: null })}
              />{' '}
              {t('counter.proxy.toggle')}
            </label>
            <label className="counter-check">
              <input
                type="checkbox"
                checked={form.partialOpen}
                onChange={() => onFormChange({ partialOpen: !form.partialOpen, problem: null })}
              />{' '}
              {t('counter.partial.toggle')}
            </label>
          </div>
          {form.proxyOpen && (
            <fieldset className="counter-fieldset">
              <legend>{t('counter.proxy.legend')}</legend>
              <label>
                {t('counter.proxy.name')}
                <input
                  className="counter-input"
                  value={form.proxyName}
                  maxLength={64}
                  onChange={(e) => onFormChange({ proxyName: e.target.value })}
                />
              </label>
              <label className="counter-check">
                <input
                  type="checkbox"
                  checked={form.idChecked}
                  onChange={(e) => onFormChange({ idChecked: e.target.checked })}
                />{' '}
                {t('counter.proxy.idChecked')}
              </label>
            </fieldset>
          )}
          {form.partialOpen && <p className="counter-hint">{t('counter.partial.legend')}</p>}
          {form.problem && (
            <p role="alert" className="counter-problem">
              {t(form.problem)}
            </p>
          )}
        </>
      )}

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

      {order.slotIds.length > 0 && <LiveSlotMap db={db} mine={order.slotIds} compact />}

      <div className="counter-items-head">
        <h3>{t('counter.card.items')}</h3>
        {!form.partialOpen && order.items.length > ITEMS_PREVIEW && (
          <button
            type="button"
            className="counter-secondary"
            aria-expanded={allItems}
            aria-controls={itemsId}
            onClick={() => setAllItems((v) => !v)}
          >
            {allItems
              ? t('counter.card.itemsLess')
              : t('counter.card.itemsAll', { count: order.items.length })}
          </button>
        )}
      </div>
      <ul id={itemsId} className="counter-items" aria-label={t('counter.card.items')}>
        {items.map((item) => (
          <li key={item.sku}>
            <span className={`counter-zone counter-zone--${item.zone}`}>
              <span aria-hidden="true">{ZONE_SYMBOL[item.zone]}</span> {t(`counter.zone.${item.zone}`)}
            </span>{' '}
            {item.name} {t('counter.card.qty', { qty: item.qty, unit: item.unit })}
            {form.partialOpen && (
              <select
                aria-label={`${item.name}`}
                className="counter-mark"
                value={form.marks[item.sku] ?? 'none'}
                onChange={(e) =>
                  onFormChange({
                    marks: { ...form.marks, [item.sku]: e.target.value as ItemMark },
                    problem: null,
                  })
                }
              >
                <option value="none">{t('counter.partial.none')}</option>
                <option value="missing">{t('counter.partial.missing')}</option>
                <option value="damaged">{t('counter.partial.damaged')}</option>
              </select>
            )}
          </li>
        ))}
      </ul>
    </article>
  );
}
