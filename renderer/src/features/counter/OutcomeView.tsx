import { useTranslation } from 'react-i18next';
import type { LinliDb } from '../../db/database';
import type { OrderRow } from '../../db/types';
import { NotFoundHere } from '../sync/NotFoundHere';
import { BatchPanel } from './BatchPanel';
import type { CounterOutcome } from './lookup';

/** What a lookup found when it is not an order to hand over: each refusal's message, a choice, a batch. */
export function OutcomeView({
  db,
  outcome,
  format,
  member,
  syncing,
  onSync,
  onOverride,
  onPick,
  onBatchDone,
}: {
  db: LinliDb;
  outcome: CounterOutcome;
  format: (iso: string | null | undefined) => string;
  member: { id: string; role: string } | null;
  syncing: boolean;
  onSync: () => void;
  onOverride: (order: OrderRow) => void;
  onPick: (order: OrderRow) => void;
  onBatchDone: (count: number) => void;
}) {
  const { t } = useTranslation();
  const error = (message: string, detail?: string) => (
    <div role="alert" className="counter-message counter-message--error">
      <strong>{message}</strong>
      {detail && <p>{detail}</p>}
    </div>
  );
  switch (outcome.kind) {
    case 'order':
      return null;
    case 'unrecognised':
      return error(t('counter.outcome.unrecognised', { text: outcome.text }));
    case 'wrongKind':
      return error(
        t('counter.outcome.wrongKind', { kind: t(`counter.kind.${outcome.codeKind}`), text: outcome.text }),
      );
    case 'invalidToken':
      return outcome.reason === 'unknown_key'
        ? error(t('counter.outcome.invalidToken'), t('counter.outcome.unknownKey'))
        : error(t('counter.outcome.invalidToken'), t('counter.outcome.invalidTokenDetail'));
    case 'expired': {
      const order = outcome.order;
      return (
        <div role="alert" className="counter-message counter-message--error">
          <strong>
            {t('counter.outcome.expired', {
              time: format(new Date(outcome.payload.exp * 1000).toISOString()),
            })}
          </strong>
          <p>{t('counter.outcome.expiredDetail')}</p>
          {order && (
            <>
              {member?.role !== 'manager' && <p>{t('counter.overrideNeedsManager')}</p>}
              <button type="button" className="counter-secondary" onClick={() => onOverride(order)}>
                {t('counter.override')}
              </button>
            </>
          )}
        </div>
      );
    }
    case 'notYetValid':
      return error(
        t('counter.outcome.notYetValid', {
          time: format(new Date(outcome.payload.iat * 1000).toISOString()),
        }),
      );
    case 'otherStore':
      return error(
        t('counter.outcome.otherStore', {
          store: outcome.storeName ? `${outcome.storeName}（${outcome.storeId}）` : outcome.storeId,
        }),
      );
    case 'collected':
      return error(
        t('counter.outcome.collected', {
          time: format(outcome.order.collection?.at),
          staff: outcome.staffName ?? '—',
        }),
        outcome.order.collection?.proxy
          ? t('counter.outcome.collectedProxy', { name: outcome.order.collection.proxy.name })
          : undefined,
      );
    case 'cancelled':
      return outcome.order.status === 'returned'
        ? error(t('counter.outcome.returned', { time: format(outcome.order.returnedAt) }))
        : error(
            t('counter.outcome.cancelled', {
              reason: outcome.order.cancelReason || t('counter.outcome.noReason'),
            }),
          );
    case 'pending':
      return error(t('counter.outcome.pending'));
    case 'notArrived':
      return (
        <div role="alert" className="counter-message counter-message--warn">
          <strong>{t('counter.outcome.notArrived')}</strong>
          <p>{t('counter.outcome.notArrivedDetail', { orderId: outcome.orderId })}</p>
          <button type="button" className="counter-secondary" onClick={onSync} disabled={syncing}>
            {syncing ? t('counter.syncing') : t('counter.syncNow')}
          </button>
        </div>
      );
    case 'notFound':
      return (
        <NotFoundHere text={outcome.text} message={t('counter.outcome.notFound', { text: outcome.text })} />
      );
    case 'batchNotFound':
      return error(t('counter.batch.none', { text: outcome.text }));
    case 'phoneMatches':
      if (outcome.orders.length === 0) return error(t('counter.outcome.phoneNone', { phone: outcome.phone }));
      return (
        <section
          className="counter-choices"
          aria-label={t('counter.outcome.phoneChoose', { phone: outcome.phone })}
        >
          <h2>{t('counter.outcome.phoneChoose', { phone: outcome.phone })}</h2>
          <ul>
            {outcome.orders.map((o) => (
              <li key={o.id}>
                <button type="button" className="counter-choice" onClick={() => onPick(o)}>
                  {o.customer.maskedName} · {o.orderNo} · {format(o.pickupWindow.end)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      );
    case 'batch':
      return (
        <BatchPanel
          db={db}
          batch={outcome.batch}
          leader={outcome.leader}
          orders={outcome.orders}
          member={member}
          onDone={onBatchDone}
        />
      );
  }
}
