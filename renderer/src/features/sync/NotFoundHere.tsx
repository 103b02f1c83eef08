import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCode } from '@shared/codes/parse';
import type { Order } from '@shared/contract';
import { useServices } from '../../app/services';
import { SyncFailure, useHistoryArriving } from '../../sync';

type Asked =
  | { state: 'asking' }
  | { state: 'found'; orders: Order[] }
  | { state: 'none' }
  | { state: 'offline' }
  | { state: 'failed' };

/**
 * What the counter shows when a code or order number finds nothing on this
 * terminal. While the first sync's history is still arriving: how far it is
 * (the order may simply not be here yet). Otherwise HQ is asked (read-only,
 * this store only) and what it has is shown as from HQ; offline, it says the
 * order may be an older one. `message` is the counter's own "not found".
 */
export function NotFoundHere({ text, message }: { text: string; message: string }) {
  const { t } = useTranslation();
  const historyArriving = useHistoryArriving();
  const engine = useServices()?.sync.current() ?? null;
  const [answer, setAnswer] = useState<{ text: string; asked: Asked } | null>(null);
  const asked: Asked = answer?.text === text ? answer.asked : { state: 'asking' };

  useEffect(() => {
    if (historyArriving !== null || !engine) return;
    let live = true;
    engine.lookupAtHq(parseCode(text)).then(
      (orders) => {
        if (!live) return;
        setAnswer({
          text,
          asked: orders && orders.length > 0 ? { state: 'found', orders } : { state: 'none' },
        });
      },
      (error: unknown) => {
        if (!live) return;
        const offline = error instanceof SyncFailure && error.kind === 'network';
        setAnswer({ text, asked: { state: offline ? 'offline' : 'failed' } });
      },
    );
    return () => {
      live = false;
    };
  }, [engine, text, historyArriving]);

  if (historyArriving !== null)
    return (
      <div role="alert" className="counter-message counter-message--warn">
        <strong>{t('sync.stages.historyArriving', { percent: historyArriving })}</strong>
        <p>{message}</p>
      </div>
    );
  if (asked.state !== 'found')
    return (
      <div role="alert" className="counter-message counter-message--error">
        <strong>{message}</strong>
        {engine && <p>{t(`sync.hqLookup.${asked.state}`)}</p>}
      </div>
    );
  return (
    <section className="counter-message" aria-label={t('sync.hqLookup.fromHq')}>
      <strong>{message}</strong>
      <ul>
        {asked.orders.map((o) => (
          <li key={o.id} data-testid="hq-order">
            <span className="badge">{t('sync.hqLookup.fromHq')}</span> {o.orderNo} · {o.customer.maskedName} ·{' '}
            {t(`sync.hqLookup.status.${o.status}`)}
            {o.collection?.at &&
              ` · ${t('sync.hqLookup.collectedAt', { time: new Date(o.collection.at).toLocaleString() })}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
