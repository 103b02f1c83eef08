import type React from 'react';
import { lazy, Suspense, useCallback, useContext, useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { type CloseStatus, closeStatus } from '@shared/dayend/dayClose';
import { zReportLines } from '@shared/dayend/reportLines';
import { type TotalsSection, compareStoreTotals, emptyTotals } from '@shared/dayend/totals';
import { buildZReport } from '@shared/dayend/zReport';
import { formatFen } from '@shared/money';
import { formatStoreTime } from '@shared/time/storeTime';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import {
  closeDay,
  closeDayRefusal,
  loadZReportInput,
  markDayFinal,
  reopenDay,
} from '../../db/repositories/dayClose';
import type { DayEndContext } from '../../db/repositories/dayendContext';
import { usePrivileged } from '../staff/usePrivileged';
import { Status } from './CashPanel';
import { describeError } from './errors';
import { fetchHqDayTotals } from './hqTotals';
import { downloadText } from '../../ui/download';
import { csvOf, lineValue, pageHtml, type ReportHeader, summaryHtml } from './reportExport';
import { useStaffNames } from './useDayEnd';

/** The chart is extra: where its code cannot load (offline web build, no canvas), the numbers stay. */
const HourlyChart = lazy(() =>
  import('./HourlyChart').catch(() => ({ default: () => null as unknown as React.ReactElement })),
);

type Message = { tone: 'ok' | 'error'; text: string } | null;
type HqCheck =
  | { state: 'idle' | 'checking' }
  | { state: 'done'; sections: TotalsSection[] }
  | { state: 'error'; reason: string };

/** How often a closed, not yet final day asks HQ again. */
const RECHECK_MS = 5_000;

/**
 * The Z report of a business day, its print/PDF/CSV, and closing the day:
 * provisional while anything is unsynced, final once synced and HQ's own
 * totals match this terminal's line by line (mismatches are listed).
 */
export function ReportPanel({
  db,
  ctx,
  now,
  businessDate,
  onDate,
}: {
  db: LinliDb;
  ctx: DayEndContext;
  now: number;
  businessDate: string;
  onDate: (date: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const platform = useContext(PlatformContext);
  const runPrivileged = usePrivileged();
  const names = useStaffNames(db);
  const minute = Math.floor(now / 60_000);
  const report = useLiveQuery(
    async () => buildZReport(await loadZReportInput(db, businessDate, now)),
    [db, businessDate, minute],
  );
  const close = useLiveQuery(() => db.dayCloses.get(businessDate), [db, businessDate]);
  const unsynced = useLiveQuery(() => db.outbox.count(), [db]) ?? 0;
  const refusal = useLiveQuery(
    () => closeDayRefusal(db, businessDate, false, now),
    [db, businessDate, minute, unsynced],
  );
  const [hq, setHq] = useState<HqCheck>({ state: 'idle' });
  const [message, setMessage] = useState<Message>(null);
  const [note, setNote] = useState('');
  const [reopenReason, setReopenReason] = useState('');
  const closed = close?.state === 'closed';

  const checkHq = useCallback(async () => {
    if (!platform || !report) return;
    setHq((h) => (h.state === 'done' ? h : { state: 'checking' }));
    try {
      const settings = await platform.getSettings();
      const response = await fetchHqDayTotals(settings, businessDate);
      // this terminal's line against HQ's, and HQ's store line against every terminal's
      const local = new Map(report.terminals.map((r) => [r.terminalId, r.totals]));
      if (!local.has(ctx.terminal.terminalId)) local.set(ctx.terminal.terminalId, emptyTotals());
      setHq({ state: 'done', sections: compareStoreTotals(local, response) });
    } catch (error) {
      setHq({ state: 'error', reason: error instanceof Error ? error.message : String(error) });
    }
  }, [platform, report, businessDate, ctx.terminal.terminalId]);

  // A closed day that is not final keeps asking HQ once everything has uploaded.
  const final = !!close?.finalAt;
  useEffect(() => {
    if (!closed || final || unsynced > 0) return;
    const first = setTimeout(() => void checkHq(), 0);
    const timer = setInterval(() => void checkHq(), RECHECK_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [closed, final, unsynced, checkHq]);

  const mismatches =
    hq.state === 'done'
      ? hq.sections.flatMap((s) =>
          s.lines.filter((l) => !l.match).map((l) => ({ ...l, terminalId: s.terminalId })),
        )
      : [];
  const status: CloseStatus | 'open' = !closed
    ? 'open'
    : final
      ? 'final'
      : closeStatus({ unsynced, hqChecked: hq.state === 'done', mismatches: mismatches.length });
  useEffect(() => {
    if (closed && !final && status === 'final') void markDayFinal(db, businessDate, new Date().toISOString());
  }, [closed, final, status, db, businessDate]);

  const attempt = async (run: () => Promise<string | null>) => {
    try {
      const ok = await run();
      if (ok) setMessage({ tone: 'ok', text: ok });
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(t, error) });
    }
  };
  const time = (iso: string) => formatStoreTime(iso, ctx.timeZone, i18n.language);
  const provisionalText = status === 'final' ? null : t('dayend.report.provisionalMark');
  const header = (): ReportHeader => ({
    title: t('dayend.report.title', { date: businessDate }),
    store: t('dayend.report.store', { store: ctx.terminal.storeId, terminal: ctx.terminal.terminalId }),
    printedAt: t('dayend.report.printedAt', { time: time(new Date().toISOString()) }),
    provisional: provisionalText,
  });

  const doClose = (provisional: boolean) =>
    void attempt(async () => {
      const row = await runPrivileged('closeDay', (actor) =>
        closeDay(db, { businessDate, provisional, ...(note.trim() ? { note } : {}) }, actor),
      );
      if (!row) return null;
      setNote('');
      setHq({ state: 'idle' });
      return t('dayend.report.closed', {
        time: time(row.closedAt),
        name: names.get(row.closedBy) ?? row.closedBy,
      });
    });
  const doReopen = () =>
    void attempt(async () => {
      const row = await runPrivileged('reopenDay', (actor) =>
        reopenDay(db, { businessDate, reason: reopenReason }, actor),
      );
      if (!row) return null;
      setReopenReason('');
      setHq({ state: 'idle' });
      return t('dayend.report.reopened');
    });

  // Electron saves the PDF in the export folder (printToPDF); a browser opens its print dialog.
  const savePdf = async () => {
    if (!report || !platform) return;
    const result = await platform.savePdf({
      html: pageHtml(report, header(), t, i18n.language),
      name: `日结-${ctx.terminal.storeId}-${ctx.terminal.terminalId}-${businessDate}`,
    });
    if (!result.ok)
      setMessage({ tone: 'error', text: t('dayend.report.pdfFailed', { reason: result.error }) });
    else if (result.path)
      setMessage({ tone: 'ok', text: t('dayend.report.pdfSaved', { path: result.path }) });
  };

  const lines = report ? zReportLines(report) : [];
  return (
    <div className="dayend-report">
      <div className="dayend-report-head">
        <label>
          {t('dayend.report.date')}
          <input
            type="date"
            value={businessDate}
            onChange={(e) => e.target.value && onDate(e.target.value)}
          />
        </label>
        <p role="status" className={`dayend-close-status dayend-${status}`} data-status={status}>
          {t(`dayend.report.status.${status}`, { count: unsynced })}
        </p>
        {closed ? (
          <button type="button" onClick={() => void checkHq()}>
            {t('dayend.report.checkHq')}
          </button>
        ) : null}
      </div>
      {hq.state === 'error' && closed && !final ? (
        <p className="dayend-hint">{t('dayend.report.hqUnreachable', { reason: hq.reason })}</p>
      ) : null}
      {mismatches.length ? (
        <table className="dayend-table dayend-mismatch" aria-label={t('dayend.report.status.mismatch')}>
          <thead>
            <tr>
              <th scope="col">{t('dayend.report.compare.scope')}</th>
              <th scope="col">{t('dayend.report.compare.line')}</th>
              <th scope="col">{t('dayend.report.compare.local')}</th>
              <th scope="col">{t('dayend.report.compare.hq')}</th>
            </tr>
          </thead>
          <tbody>
            {mismatches.map((l) => {
              const [head, tail] = l.key.split('.');
              const label = tail
                ? `${t(`dayend.report.line.${head}` as 'dayend.report.line.salesFen')} · ${t(`dayend.report.line.tender${tail.charAt(0).toUpperCase()}${tail.slice(1)}` as 'dayend.report.line.salesFen')}`
                : t(`dayend.report.line.${head}` as 'dayend.report.line.salesFen');
              const money = l.key.endsWith('Fen') || !!tail;
              return (
                <tr key={`${l.terminalId ?? '*'}:${l.key}`}>
                  <td>
                    {l.terminalId
                      ? t('dayend.report.compare.terminal', { terminal: l.terminalId })
                      : t('dayend.report.compare.store')}
                  </td>
                  <th scope="row">{label}</th>
                  <td>{money ? formatFen(l.local) : l.local}</td>
                  <td>{money ? formatFen(l.hq) : l.hq}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <div className="dayend-columns">
        {/* scrolls on small screens: focusable so the keyboard can scroll it */}
        <section aria-labelledby="dayend-z-title" className="dayend-card dayend-z" tabIndex={0}>
          <h2 id="dayend-z-title">{t('dayend.report.title', { date: businessDate })}</h2>
          {provisionalText && closed ? <p className="dayend-provisional">{provisionalText}</p> : null}
          {report ? (
            <table className="dayend-table" data-testid="z-report">
              <tbody>
                {lines.flatMap((line, i) => {
                  const out = [];
                  if (i === 0 || lines[i - 1]!.section !== line.section) {
                    out.push(
                      <tr key={`s-${line.section}`} className="dayend-section">
                        <th colSpan={2} scope="colgroup">
                          {t(`dayend.report.section.${line.section}`)}
                        </th>
                      </tr>,
                    );
                  }
                  out.push(
                    <tr key={line.key} data-line={line.key}>
                      <th scope="row">
                        {t(`dayend.report.line.${line.key}` as 'dayend.report.line.salesFen')}
                      </th>
                      <td>{lineValue(line, i18n.language)}</td>
                    </tr>,
                  );
                  return out;
                })}
              </tbody>
            </table>
          ) : (
            <p role="status">…</p>
          )}
        </section>
        <section aria-labelledby="dayend-close-title" className="dayend-card">
          <h2 id="dayend-close-title">{closed ? t('dayend.report.reopen') : t('dayend.report.close')}</h2>
          <div className="dayend-actions">
            <button
              type="button"
              disabled={!report}
              onClick={() =>
                report &&
                void platform?.printHtml({
                  html: summaryHtml(report, header(), t, i18n.language),
                  widthMm: 80,
                  silent: platform.kind === 'electron',
                })
              }
            >
              {t('dayend.report.print')}
            </button>
            <button type="button" disabled={!report} onClick={() => void savePdf()}>
              {t('dayend.report.pdf')}
            </button>
            <button
              type="button"
              disabled={!report}
              onClick={() =>
                report &&
                downloadText(
                  `日结-${ctx.terminal.storeId}-${ctx.terminal.terminalId}-${businessDate}.csv`,
                  csvOf(report, header(), t),
                  'text/csv;charset=utf-8',
                )
              }
            >
              {t('dayend.report.csv')}
            </button>
          </div>
          {closed ? (
            <>
              <p>
                {t('dayend.report.closed', {
                  time: time(close.closedAt),
                  name: names.get(close.closedBy) ?? close.closedBy,
                })}
              </p>
              <label>
                {t('dayend.report.reopenReason')}
                <input
                  value={reopenReason}
                  maxLength={500}
                  onChange={(e) => setReopenReason(e.target.value)}
                />
              </label>
              <button type="button" onClick={doReopen}>
                {t('dayend.report.reopen')}
              </button>
            </>
          ) : (
            <>
              {refusal ? (
                <p role="alert" className="dayend-refusal">
                  {t(`dayend.report.refused.${refusal.reason}`, {
                    count: 'count' in refusal ? refusal.count : 0,
                    time: 'closedAt' in refusal ? time(refusal.closedAt) : '',
                  })}
                </p>
              ) : null}
              <label>
                {t('dayend.report.note')}
                <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
              </label>
              {refusal?.reason === 'unsynced' ? (
                <button type="button" className="primary" onClick={() => doClose(true)}>
                  {t('dayend.report.closeProvisional')}
                </button>
              ) : (
                <button type="button" className="primary" onClick={() => doClose(false)}>
                  {t('dayend.report.close')}
                </button>
              )}
            </>
          )}
          <Status message={message} />
        </section>
      </div>
      {report ? (
        <section aria-labelledby="dayend-hourly-title" className="dayend-card">
          <h2 id="dayend-hourly-title">{t('dayend.report.hourly')}</h2>
          <Suspense fallback={<p>{t('dayend.report.chartLoading')}</p>}>
            <HourlyChart
              hours={report.hourly}
              salesLabel={t('dayend.report.chartSales')}
              pickupsLabel={t('dayend.report.chartPickups')}
            />
          </Suspense>
        </section>
      ) : null}
    </div>
  );
}
