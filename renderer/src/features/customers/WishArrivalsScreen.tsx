import { useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import {
  arrivalMessage,
  catalogueView,
  todaysWishArrivals,
  wishArrivalsCsv,
  wishProducts,
  type ArrivalsForCustomer,
} from '@shared/customers';
import { businessDateOf, compactDate } from '@shared/time/storeTime';
import { useServices } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { openWishes, recordNotesRead } from '../../db/repositories/customers';
import type { ProductRow } from '../../db/types';
import { useSessionStore } from '../../session/sessionStore';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { useFormatTime } from '../counter/OrderCard';
import { storeContext } from './useCustomerNotes';
import { downloadText } from '../../ui/download';
import './customers.css';

/** Today's arrivals that match open wishes, live from the database. */
export function useWishArrivals(db: LinliDb, now: () => number) {
  return useLiveQuery(async () => {
    const [wishes, context] = await Promise.all([openWishes(db), storeContext(db)]);
    const all = await db.products.toArray();
    const bySku = new Map(all.map((p) => [p.sku, p]));
    const byCategory = new Map<string, ProductRow[]>();
    for (const p of all) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
    const wanted = wishes.flatMap((w) =>
      wishProducts(w, { bySku: (s) => bySku.get(s), byCategory: (c) => byCategory.get(c) ?? [] }),
    );
    const stock = (await db.stock.bulkGet([...new Set(wanted.map((p) => p.sku))])).filter(
      (s) => s !== undefined,
    );
    const today = businessDateOf(now(), context.timeZone);
    return {
      list: todaysWishArrivals(wishes, catalogueView(all, stock), today, context.timeZone),
      today,
      ...context,
    };
  }, [db]);
}

/**
 * 今日到货·顾客心愿 — for the manager: today's arrivals that customers wished
 * for, by customer, with a ready message to copy into the community group and
 * a CSV export. Nothing is sent automatically.
 */
export function WishArrivalsScreen({ db: given, now = Date.now }: { db?: LinliDb; now?: () => number }) {
  const services = useServices();
  const db = given ?? services?.db;
  const { t } = useTranslation();
  return (
    <ScreenFrame title={t('screen.wishes.title')} intro={t('customers.list.intro')}>
      {db && <WishArrivals db={db} now={now} />}
    </ScreenFrame>
  );
}

function WishArrivals({ db, now }: { db: LinliDb; now: () => number }) {
  const { t } = useTranslation();
  const data = useWishArrivals(db, now);
  const format = useFormatTime(data?.timeZone);
  const member = useSessionStore((s) => s.member);
  const [copied, setCopied] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const store = data?.storeName ?? '';

  // The list shows customers' wishes: who looked is audited, once per customer.
  const audited = useRef(new Set<string>());
  useEffect(() => {
    if (!member || !data) return;
    for (const c of data.list) {
      if (audited.current.has(c.customerRef)) continue;
      audited.current.add(c.customerRef);
      void recordNotesRead(
        db,
        c.customerRef,
        c.wishes.map((w) => w.note),
        'managerList',
        { staffId: member.id },
      );
    }
  }, [db, data, member]);

  if (!data) return <p role="status">{t('app.screenLoading')}</p>;
  const copy = async (c: ArrivalsForCustomer) => {
    try {
      await navigator.clipboard.writeText(arrivalMessage(c, store));
      setCopied(c.customerRef);
      setProblem(null);
    } catch {
      setProblem(t('customers.list.copyFailed'));
    }
  };
  const exportCsv = () => {
    const h = (k: 'customer' | 'phone' | 'wish' | 'product' | 'at' | 'message') =>
      t(`customers.list.csvHeader.${k}`);
    const csv = wishArrivalsCsv(
      data.list,
      [h('customer'), h('phone'), h('wish'), h('product'), h('at'), h('message')],
      store,
      (iso) => format(iso),
    );
    downloadText(`wish-arrivals-${compactDate(data.today)}.csv`, csv, 'text/csv;charset=utf-8');
  };
  return (
    <div className="wish-arrivals">
      <div className="wish-arrivals-actions">
        <button type="button" onClick={exportCsv} disabled={data.list.length === 0}>
          {t('customers.list.export')}
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
      {data.list.length === 0 && <p>{t('customers.list.empty')}</p>}
      {data.list.length > 0 && (
        <ul className="wish-arrivals" aria-label={t('customers.list.title')}>
          {data.list.map((c) => {
            const headingId = `wish-${c.customerRef}`;
            return (
              <li key={c.customerRef} className="wish-arrival" aria-labelledby={headingId}>
                <h3 id={headingId}>
                  {c.maskedName ?? '—'}{' '}
                  {c.phoneLast4 ? t('customers.list.phone', { phone: c.phoneLast4 }) : ''}
                </h3>
                <ul>
                  {c.wishes.map((w) => (
                    <li key={w.note.id}>
                      {w.note.text} → <strong>{w.productName}</strong> · {format(w.arrival.at)}
                    </li>
                  ))}
                </ul>
                <p className="wish-arrival-message" aria-label={t('customers.list.message')}>
                  {arrivalMessage(c, store)}
                </p>
                <button type="button" onClick={() => void copy(c)}>
                  {copied === c.customerRef ? t('customers.list.copied') : t('customers.list.copy')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
