import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { auditShelf } from '@shared/dayend/shelfAudit';
import type { ZPickups } from '@shared/dayend/zReport';
import type { LinliDb } from '../../db/database';
import {
  auditScan,
  currentShelfAudit,
  latestShelfAudit,
  resolveShelfException,
  startShelfAudit,
  submitShelfAudit,
} from '../../db/repositories/shelfAudit';
import type { ShelfAuditRow } from '../../db/types';
import { currentActor } from '../../session/sessionStore';
import { ScanField } from '../scanning/ScanField';
import { usePrivileged } from '../staff/usePrivileged';
import { Status } from './CashPanel';
import { describeError } from './errors';
import { useStaffNames } from './useDayEnd';

type Message = { tone: 'ok' | 'error'; text: string } | null;

const PICKUP_KEYS = ['dueToday', 'collected', 'outstanding', 'overdue', 'returned'] as const;

/** Today's pickups at a glance, and the shelf audit with its exceptions. */
export function PickupsPanel({ db, pickups }: { db: LinliDb; pickups: ZPickups | null }) {
  const { t } = useTranslation();
  const runPrivileged = usePrivileged();
  const names = useStaffNames(db);
  const current = useLiveQuery(() => currentShelfAudit(db), [db]);
  const latest = useLiveQuery(() => latestShelfAudit(db), [db]);
  const [slot, setSlot] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [resolution, setResolution] = useState<
    Record<string, { kind: 'found' | 'moved' | 'lost'; note: string }>
  >({});

  const attempt = async (run: () => Promise<string | null>) => {
    try {
      const ok = await run();
      if (ok) setMessage({ tone: 'ok', text: ok });
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(t, error) });
    }
  };
  const scan = (text: string) => {
    if (!current) return;
    void attempt(async () => {
      const r = await auditScan(db, current.id, slot, text);
      if (r.kind === 'slot') {
        setSlot(r.slotId);
        return t('dayend.pickups.currentSlot', { slot: r.slotId });
      }
      if (r.kind === 'bag') {
        if (r.expectedHere) return t('dayend.pickups.bagOk', { bag: r.bagLabel });
        setMessage({ tone: 'error', text: t('dayend.pickups.bagWrong', { bag: r.bagLabel }) });
        return null;
      }
      setMessage({ tone: 'error', text: t('dayend.errors.unrecognised', { text: r.text }) });
      return null;
    });
  };
  const occupied = (a: ShelfAuditRow) => new Set(a.expected.map((b) => b.slotId));
  const shown = current ?? latest;
  const live = current ? auditShelf(current.expected, current.scans, new Set(current.auditedSlots)) : null;

  return (
    <div className="dayend-pickups">
      <section aria-labelledby="dayend-pickups-title" className="dayend-card">
        <h2 id="dayend-pickups-title">{t('dayend.pickups.title')}</h2>
        <dl className="dayend-figures">
          {PICKUP_KEYS.map((k) => (
            <div key={k}>
              <dt>{t(`dayend.pickups.${k}`)}</dt>
              <dd>{pickups ? pickups[k] : '…'}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="dayend-audit-title" className="dayend-card dayend-wide">
        <h2 id="dayend-audit-title">{t('dayend.pickups.audit')}</h2>
        {current ? (
          <>
            <ScanField
              id="dayend-audit-scan"
              label={t('dayend.pickups.scan')}
              hint={t('dayend.pickups.auditHint')}
              onScan={(parsed) => scan(parsed.text)}
              onTyped={scan}
            />
            <p>{slot ? t('dayend.pickups.currentSlot', { slot }) : t('dayend.pickups.noSlot')}</p>
            <p role="status">
              {t('dayend.pickups.occupied', {
                done: current.auditedSlots.filter((s) => occupied(current).has(s)).length,
                total: occupied(current).size,
              })}
              {' · '}
              {t('dayend.pickups.confirmed', { count: live?.confirmed ?? 0 })}
            </p>
            <button
              type="button"
              className="primary"
              onClick={() =>
                void attempt(async () => {
                  const done = await submitShelfAudit(db, current.id, currentActor());
                  setSlot(null);
                  return t('dayend.pickups.confirmed', { count: done.result?.confirmed ?? 0 });
                })
              }
            >
              {t('dayend.pickups.submit')}
            </button>
          </>
        ) : (
          <>
            <p className="dayend-hint">{t('dayend.pickups.auditHint')}</p>
            <button
              type="button"
              onClick={() => void attempt(async () => (await startShelfAudit(db, currentActor()), null))}
            >
              {t('dayend.pickups.startAudit')}
            </button>
          </>
        )}
        {shown?.result ? (
          <>
            <h3>{t('dayend.pickups.exceptions')}</h3>
            {shown.result.exceptions.length === 0 ? <p>{t('dayend.pickups.noExceptions')}</p> : null}
            <ul className="dayend-list dayend-exceptions">
              {shown.result.exceptions.map((e) => {
                const done = shown.resolutions.find((r) => r.bagLabel === e.bagLabel);
                const r = resolution[e.bagLabel] ?? { kind: 'found' as const, note: '' };
                return (
                  <li key={e.bagLabel}>
                    <span>
                      {t('dayend.pickups.exceptionLine', {
                        kind: t(`dayend.pickups.kind.${e.kind}`),
                        bag: e.bagLabel,
                        slot: e.slotId,
                      })}
                    </span>
                    {done ? (
                      <span className="dayend-ok">
                        {t('dayend.pickups.resolved', {
                          resolution: t(`dayend.pickups.resolution.${done.resolution}`),
                          by: names.get(done.by) ?? done.by,
                        })}
                      </span>
                    ) : (
                      <span className="dayend-inline">
                        <select
                          aria-label={`${t('dayend.pickups.resolve')} ${e.bagLabel}`}
                          value={r.kind}
                          onChange={(ev) =>
                            setResolution({
                              ...resolution,
                              [e.bagLabel]: { ...r, kind: ev.target.value as typeof r.kind },
                            })
                          }
                        >
                          {(['found', 'moved', 'lost'] as const).map((k) => (
                            <option key={k} value={k}>
                              {t(`dayend.pickups.resolution.${k}`)}
                            </option>
                          ))}
                        </select>
                        <input
                          aria-label={`${t('dayend.pickups.resolutionNote')} ${e.bagLabel}`}
                          value={r.note}
                          onChange={(ev) =>
                            setResolution({ ...resolution, [e.bagLabel]: { ...r, note: ev.target.value } })
                          }
                        />
                        <button
                          type="button"
                          onClick={() =>
                            void attempt(async () => {
                              const ok = await runPrivileged('resolveShelfAudit', (actor) =>
                                resolveShelfException(
                                  db,
                                  shown.id,
                                  { bagLabel: e.bagLabel, resolution: r.kind, note: r.note },
                                  actor,
                                ),
                              );
                              return ok
                                ? t('dayend.pickups.resolved', {
                                    resolution: t(`dayend.pickups.resolution.${r.kind}`),
                                    by: '',
                                  })
                                : null;
                            })
                          }
                        >
                          {t('dayend.pickups.resolve')}
                        </button>
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </section>
      <Status message={message} />
    </div>
  );
}
