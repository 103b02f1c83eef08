import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PermissionDeniedError } from '@shared/staff/roles';
import { extendedDeadline, FALLBACK_POLICY, overdueOrders, pickupDeadline } from '@shared/orders/state';
import type { LinliDb } from '../../db/database';
import { OrderActionError } from '../../db/errors';
import { returnToStock } from '../../db/repositories/returns';
import { extendPickup, remindCustomer } from '../../db/repositories/shelf';
import type { OrderRow } from '../../db/types';
import { currentActor } from '../../session/sessionStore';
import { usePrivileged } from '../staff/usePrivileged';
import { formatTime, type ShelfData } from './useShelfData';

const EXTEND_HOURS = 24;

/** Orders past their pickup window plus HQ's grace hours: remind, extend, or return to stock (manager). */
export function UncollectedPanel({ db, data, now }: { db: LinliDb; data: ShelfData; now: number }) {
  const { t, i18n } = useTranslation();
  const runPrivileged = usePrivileged();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const policy = data.policy ?? FALLBACK_POLICY;
  const time = (iso: string | number) => formatTime(iso, data.timeZone, i18n.language);
  const overdue = overdueOrders(data.shelved.values(), now, policy);

  const act = async (order: OrderRow, kind: 'remind' | 'extend' | 'return') => {
    try {
      if (kind === 'remind') {
        await remindCustomer(db, order.id, currentActor());
        setMessage({ ok: true, text: t('shelf.uncollected.remindedDone', { orderNo: order.orderNo }) });
      } else if (kind === 'extend') {
        const until = extendedDeadline(order, now, EXTEND_HOURS);
        await extendPickup(db, order.id, until, currentActor());
        setMessage({
          ok: true,
          text: t('shelf.uncollected.extendedDone', { orderNo: order.orderNo, until: time(until) }),
        });
      } else {
        const done = await runPrivileged('returnToStock', (actor) =>
          returnToStock(db, order.id, t('shelf.uncollected.reason'), actor),
        );
        setMessage(
          done
            ? { ok: true, text: t('shelf.uncollected.returnedDone', { orderNo: order.orderNo }) }
            : { ok: false, text: t('shelf.uncollected.approvalCancelled') },
        );
      }
    } catch (error) {
      const reason =
        error instanceof OrderActionError
          ? error.refusal.kind
          : error instanceof PermissionDeniedError
            ? error.reason
            : String(error);
      setMessage({ ok: false, text: t('shelf.uncollected.refused', { reason }) });
    }
  };

  return (
    <section className="shelf-panel" aria-label={t('shelf.uncollected.region')}>
      <div role="status" aria-live="polite">
        {message?.ok && <p className="shelf-message shelf-message--ok">{message.text}</p>}
      </div>
      <div role="alert">
        {message && !message.ok && <p className="shelf-message shelf-message--error">{message.text}</p>}
      </div>
      {overdue.length === 0 ? (
        <p>{t('shelf.uncollected.none')}</p>
      ) : (
        <ul className="shelf-list" aria-label={t('shelf.uncollected.region')}>
          {overdue.map((o) => (
            <li key={o.id}>
              <article aria-label={o.orderNo} className="shelf-panel">
                <h3>
                  {o.orderNo} · {o.customer.maskedName} · {o.customer.phoneLast4}
                </h3>
                <p>
                  {o.slotIds.join('、')} ·{' '}
                  {t('shelf.uncollected.overdueSince', {
                    hours: Math.max(0, Math.floor((now - pickupDeadline(o)) / 3_600_000)),
                  })}{' '}
                  ·{' '}
                  {t('shelf.uncollected.deadline', {
                    deadline: time(pickupDeadline(o)),
                    grace: policy.pickupGraceHours,
                  })}
                  {o.lastRemindedAt
                    ? ` · ${t('shelf.uncollected.reminded', { at: time(o.lastRemindedAt) })}`
                    : ''}
                </p>
                <div className="shelf-tabs">
                  <button type="button" onClick={() => void act(o, 'remind')}>
                    {t('shelf.uncollected.remind')}
                  </button>
                  <button type="button" onClick={() => void act(o, 'extend')}>
                    {t('shelf.uncollected.extend')}
                  </button>
                  <button type="button" onClick={() => void act(o, 'return')}>
                    {t('shelf.uncollected.returnToStock')}
                  </button>
                </div>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
