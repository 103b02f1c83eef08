import { type FormEvent, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { parseCountedQty } from '@shared/dayend/stockVariance';
import { formatFen } from '@shared/money';
import type { LinliDb } from '../../db/database';
import {
  countScan,
  openStockCounts,
  productCategories,
  setCounted,
  startStockCount,
  stockCountView,
  submitStockCount,
} from '../../db/repositories/stockCount';
import { currentActor } from '../../session/sessionStore';
import { ScanField } from '../scanning/ScanField';
import { usePrivileged } from '../staff/usePrivileged';
import { Status } from './CashPanel';
import { describeError } from './errors';
import { Toggle } from './Toggle';

type Message = { tone: 'ok' | 'error'; text: string } | null;

/**
 * Stock count sessions: start full or by category, scan to count (each scan
 * is stored at once: the session resumes after a restart), correct a
 * quantity, see the variance, and submit count + adjustments (manager).
 */
export function StockCountPanel({ db }: { db: LinliDb }) {
  const { t } = useTranslation();
  const runPrivileged = usePrivileged();
  const open = useLiveQuery(() => openStockCounts(db), [db]);
  const categories = useLiveQuery(() => productCategories(db), [db]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [scope, setScope] = useState<'full' | 'category'>('category');
  const [category, setCategory] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const activeId = chosen && open?.some((c) => c.id === chosen) ? chosen : (open?.[0]?.id ?? null);
  const view = useLiveQuery(() => (activeId ? stockCountView(db, activeId) : null), [db, activeId]);
  const [reason, setReason] = useState('');
  const [edits, setEdits] = useState<Record<string, string>>({});

  const attempt = async (run: () => Promise<string | null>) => {
    try {
      const ok = await run();
      if (ok) setMessage({ tone: 'ok', text: ok });
    } catch (error) {
      setMessage({ tone: 'error', text: describeError(t, error) });
    }
  };
  const start = (e: FormEvent) => {
    e.preventDefault();
    void attempt(async () => {
      const row = await startStockCount(
        db,
        scope === 'full' ? { scope } : { scope, category: category || (categories?.[0] ?? '') },
        currentActor(),
      );
      setChosen(row.id);
      return null;
    });
  };
  const scan = (text: string) => {
    if (!activeId) return;
    void attempt(async () => {
      const { line, product } = await countScan(db, activeId, text);
      return t('dayend.stock.added', { name: product.name, qty: line.countedQty });
    });
  };
  const saveQty = (sku: string) => {
    if (!activeId) return;
    const parsed = parseCountedQty(edits[sku] ?? '');
    if (!parsed.ok) return setMessage({ tone: 'error', text: t('dayend.errors.invalid-qty') });
    void attempt(async () => {
      await setCounted(db, activeId, sku, parsed.qty);
      setEdits(({ [sku]: _done, ...rest }) => rest);
      return null;
    });
  };
  const submit = () => {
    if (!activeId) return;
    void attempt(async () => {
      const done = await runPrivileged('stockAdjust', (actor) =>
        submitStockCount(db, activeId, { defaultReason: reason || t('dayend.stock.defaultReason') }, actor),
      );
      if (!done) return null;
      setReason('');
      return t('dayend.stock.submitted', { adjusted: done.adjusted });
    });
  };

  return (
    <div className="dayend-stock">
      <div className="dayend-columns">
        <section aria-labelledby="dayend-stock-start" className="dayend-card">
          <h2 id="dayend-stock-start">{t('dayend.stock.start')}</h2>
          <form onSubmit={start} className="dayend-form">
            <Toggle
              label={t('dayend.stock.start')}
              name="count-scope"
              options={['category', 'full'] as const}
              value={scope}
              onChange={setScope}
              text={(s) => t(`dayend.stock.${s}`)}
            />
            {scope === 'category' ? (
              <label>
                {t('dayend.stock.chooseCategory')}
                <select
                  value={category || categories?.[0] || ''}
                  onChange={(e) => setCategory(e.target.value)}
                >
                  {(categories ?? []).map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <button type="submit">{t('dayend.stock.start')}</button>
          </form>
          <h3>{t('dayend.stock.open')}</h3>
          {open?.length ? (
            <ul className="dayend-list">
              {open.map((c) => (
                <li key={c.id}>
                  <button type="button" aria-pressed={c.id === activeId} onClick={() => setChosen(c.id)}>
                    {c.scope === 'full'
                      ? t('dayend.stock.scope.full')
                      : t('dayend.stock.scope.category', { category: c.category ?? '' })}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('dayend.stock.none')}</p>
          )}
        </section>
        {view ? (
          <section aria-labelledby="dayend-stock-lines" className="dayend-card dayend-wide">
            <h2 id="dayend-stock-lines">
              {view.count.scope === 'full'
                ? t('dayend.stock.scope.full')
                : t('dayend.stock.scope.category', { category: view.count.category ?? '' })}
            </h2>
            <ScanField
              id="dayend-stock-scan"
              label={t('dayend.stock.scan')}
              hint={t('dayend.stock.scanHint')}
              onScan={(parsed) => scan(parsed.text)}
              onTyped={scan}
            />
            <p role="status">
              {t('dayend.stock.summary', {
                lines: view.lines.length,
                differing: view.variance.differing,
                over: view.variance.unitsOver,
                short: view.variance.unitsShort,
                value: formatFen(view.variance.valueFen),
              })}
            </p>
            {view.lines.length ? (
              <table className="dayend-table">
                <caption className="visually-hidden">{t('dayend.stock.lines')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('dayend.stock.sku')}</th>
                    <th scope="col">{t('dayend.stock.counted')}</th>
                    <th scope="col">{t('dayend.stock.expected')}</th>
                    <th scope="col">{t('dayend.stock.delta')}</th>
                    <th scope="col">{t('dayend.stock.value')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.lines.map((l, i) => {
                    const v = view.variance.lines.find((x) => x.sku === l.sku);
                    return (
                      <tr key={l.sku} className={v?.deltaQty ? 'dayend-differs' : undefined}>
                        <th scope="row">{l.name}</th>
                        <td>
                          <input
                            className="dayend-qty"
                            inputMode="numeric"
                            aria-label={t('dayend.stock.setQty', { name: l.name })}
                            value={edits[l.sku] ?? String(l.countedQty)}
                            onChange={(e) => setEdits({ ...edits, [l.sku]: e.target.value })}
                            onBlur={() => (edits[l.sku] !== undefined ? saveQty(l.sku) : undefined)}
                            onKeyDown={(e) => (e.key === 'Enter' ? saveQty(l.sku) : undefined)}
                            tabIndex={i === 0 ? 0 : undefined}
                          />
                        </td>
                        <td>{l.expectedQty}</td>
                        <td>{v?.deltaQty ?? 0}</td>
                        <td>{formatFen(v?.deltaFen ?? 0)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : (
              <p>{t('dayend.stock.noneCounted')}</p>
            )}
            <div className="dayend-form dayend-inline">
              <label>
                {t('dayend.stock.reason')}
                <input
                  value={reason}
                  placeholder={t('dayend.stock.defaultReason')}
                  onChange={(e) => setReason(e.target.value)}
                />
              </label>
              <button type="button" className="primary" onClick={submit} disabled={!view.lines.length}>
                {t('dayend.stock.submit')}
              </button>
            </div>
          </section>
        ) : null}
      </div>
      <Status message={message} />
    </div>
  );
}
