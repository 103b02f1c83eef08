import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LinliDb } from '../../db/database';
import { acknowledgeException, retryException } from '../../db/repositories/exceptions';
import type { ExceptionRow } from '../../db/types';
import { useSessionStore } from '../../session/sessionStore';
import { useStoreTime } from '../../app/storeTime';
import { usePrivileged } from '../staff/usePrivileged';

/**
 * Mutations HQ refused (rejected or conflict), with the reason and what can be
 * done: acknowledge, or submit again as a new mutation. Both are a manager's:
 * a clerk gets the manager override dialog, and the repository's guard decides.
 */
export function ExceptionsInbox({ db }: { db: LinliDb }) {
  const { t } = useTranslation();
  const member = useSessionStore((s) => s.member);
  const runPrivileged = usePrivileged();
  const formatTime = useStoreTime(db);
  const [error, setError] = useState<string | null>(null);
  const open = useLiveQuery(
    () => db.exceptions.where('state').equals('open').reverse().sortBy('receivedAt'),
    [db],
    [] as ExceptionRow[],
  );
  const isManager = member?.role === 'manager';

  const act = async (row: ExceptionRow, action: 'acknowledge' | 'retry') => {
    if (!member) return;
    setError(null);
    try {
      await runPrivileged('resolveException', async (actor) => {
        if (action === 'acknowledge') await acknowledgeException(db, row.id, actor);
        else await retryException(db, row.id, actor);
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="card" aria-labelledby="exceptions-title">
      <h2 id="exceptions-title">
        {t('sync.exceptions.title')} {open.length > 0 && <span className="count">({open.length})</span>}
      </h2>
      {open.length === 0 ? (
        <p>{t('sync.exceptions.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('sync.exceptions.receivedAt')}</th>
              <th scope="col">{t('sync.exceptions.mutation')}</th>
              <th scope="col">{t('sync.exceptions.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('sync.exceptions.acknowledge')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {open.map((row) => (
              <tr key={row.id}>
                <td>{formatTime(row.receivedAt)}</td>
                <td>
                  <strong>
                    {t(`sync.exceptions.status.${row.status as 'rejected' | 'conflict'}`, row.status)}
                  </strong>{' '}
                  <code>{row.mutation.type}</code>
                  <div className="muted">{row.mutation.affects.join(', ')}</div>
                </td>
                <td>
                  {row.reason ?? ''} {row.code && <code className="muted">{row.code}</code>}
                </td>
                <td className="actions">
                  <button type="button" disabled={!member} onClick={() => void act(row, 'acknowledge')}>
                    {t('sync.exceptions.acknowledge')}
                  </button>
                  <button type="button" disabled={!member} onClick={() => void act(row, 'retry')}>
                    {t('sync.exceptions.retry')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open.length > 0 && !isManager && <p className="muted">{t('sync.exceptions.managerOnly')}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
