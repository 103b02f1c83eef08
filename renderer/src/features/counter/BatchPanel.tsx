import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinliDb } from '../../db/database';
import type { BatchRow, LeaderRow, OrderRow } from '../../db/types';
import { handOverBatch, isReady, type BatchHandOverResult } from './actions';
import { playSound } from './sounds';

/**
 * A group leader's batch: every order of the batch at this store, with counts;
 * the ready ones are preselected and handed over in one confirmed step (or
 * some of them — the rest stay listed).
 */
export function BatchPanel({
  db,
  batch,
  leader,
  orders,
  member,
  onDone,
}: {
  db: LinliDb;
  batch: BatchRow;
  leader: LeaderRow | null;
  orders: OrderRow[];
  member: { id: string } | null;
  onDone: (count: number) => void;
}) {
  const { t } = useTranslation();
  const ready = orders.filter(isReady);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(ready.map((o) => o.id)));
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BatchHandOverResult | null>(null);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const confirm = async () => {
    if (!member) return;
    setBusy(true);
    try {
      const outcome = await handOverBatch(db, ready, selected, { staffId: member.id });
      setResult(outcome);
      playSound(outcome.handedOver.length > 0 ? 'success' : 'error');
      if (outcome.rest.length === 0 && ready.length === orders.length) onDone(outcome.handedOver.length);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const notHandedOver = result
    ? [...result.rest.map((r) => r.order), ...orders.filter((o) => !isReady(o))]
    : [];

  return (
    <section className="counter-batch" aria-labelledby="counter-batch-title">
      <h2 id="counter-batch-title">{t('counter.batch.title', { code: batch.code })}</h2>
      <p>
        {batch.title}
        {leader && <> · {t('counter.batch.leader', { name: leader.name, community: leader.community })}</>}
      </p>
      <p className="counter-batch-counts">
        {t('counter.batch.counts', { ready: ready.length, total: orders.length })}
      </p>
      {result ? (
        <div role="status" className="counter-message counter-message--ok">
          <strong>{t('counter.outcome.batchHandedOver', { count: result.handedOver.length })}</strong>
          {notHandedOver.length > 0 && (
            <p>{t('counter.batch.rest', { list: notHandedOver.map((o) => o.orderNo).join('、') })}</p>
          )}
        </div>
      ) : (
        <>
          <ul className="counter-batch-list">
            {orders.map((o) => (
              <li key={o.id}>
                <label className="counter-check">
                  <input
                    type="checkbox"
                    disabled={!isReady(o)}
                    checked={selected.has(o.id)}
                    onChange={() => toggle(o.id)}
                  />{' '}
                  {o.orderNo} · {o.customer.maskedName} · {o.items.length} ·{' '}
                  {t(`counter.card.status.${o.status}`)}
                  {!isReady(o) && <> ({t('counter.batch.notReady')})</>}
                </label>
              </li>
            ))}
          </ul>
          {confirming ? (
            <div role="alertdialog" aria-labelledby="counter-batch-confirm" className="counter-confirm">
              <p id="counter-batch-confirm">{t('counter.batch.confirm', { count: selected.size })}</p>
              <button
                type="button"
                className="counter-handover"
                disabled={busy}
                onClick={() => void confirm()}
                autoFocus
              >
                {t('counter.batch.confirmYes')}
              </button>
              <button type="button" className="counter-secondary" onClick={() => setConfirming(false)}>
                {t('counter.card.cancel')}
              </button>
            </div>
          ) : (
            <button
              type="button"
              className="counter-handover"
              disabled={selected.size === 0 || !member}
              onClick={() => setConfirming(true)}
            >
              {t('counter.batch.handOverAll', { count: selected.size })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
