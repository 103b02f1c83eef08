import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { buildZReport } from '@shared/dayend/zReport';
import { useServices } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { loadZReportInput } from '../../db/repositories/dayClose';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { useNow } from '../sync/useNow';
import { CashPanel } from './CashPanel';
import { PickupsPanel } from './PickupsPanel';
import { ReportPanel } from './ReportPanel';
import { StockCountPanel } from './StockCountPanel';
import { useBusinessDay } from './useDayEnd';
import './dayend.css';

const TABS = ['cash', 'stock', 'pickups', 'report'] as const;
export type DayEndTab = (typeof TABS)[number];

export interface DayEndScreenProps {
  db?: LinliDb;
  /** Clock (tests pin it). */
  now?: () => number;
  initialTab?: DayEndTab;
}

/** 日结: shifts and cash, stock counts, pickups and the shelf audit, the Z report and closing the day. */
export function DayEndScreen(props: DayEndScreenProps) {
  const services = useServices();
  const db = props.db ?? services?.db;
  const { t } = useTranslation();
  return (
    <ScreenFrame title={t('screen.dayend.title')} intro={t('screen.dayend.intro')}>
      {db ? <DayEnd {...props} db={db} /> : null}
    </ScreenFrame>
  );
}

function DayEnd({ db, now: clock, initialTab = 'cash' }: DayEndScreenProps & { db: LinliDb }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<DayEndTab>(initialTab);
  const ticking = useNow(30_000);
  const now = clock ? clock() : ticking;
  const day = useBusinessDay(db, now);
  const [reportDate, setReportDate] = useState<string | null>(null);
  const minute = Math.floor(now / 60_000);
  const pickups = useLiveQuery(
    async () =>
      day && tab === 'pickups' ? buildZReport(await loadZReportInput(db, day.today, now)).pickups : null,
    [db, day?.today, tab, minute],
  );
  if (!day) return null;
  return (
    <div className="dayend">
      <p className="dayend-day">
        {day.afterClose
          ? t('dayend.day.afterClose', { date: day.today, next: day.businessDate })
          : t('dayend.day.current', { date: day.businessDate })}
      </p>
      <div className="dayend-tabs" role="tablist" aria-label={t('dayend.tabs.label')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`dayend-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="dayend-tabpanel"
            onClick={() => setTab(name)}
          >
            {t(`dayend.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="dayend-tabpanel" aria-labelledby={`dayend-tab-${tab}`}>
        {tab === 'cash' ? (
          <CashPanel db={db} ctx={day.ctx} />
        ) : tab === 'stock' ? (
          <StockCountPanel db={db} />
        ) : tab === 'pickups' ? (
          <PickupsPanel db={db} pickups={pickups ?? null} />
        ) : (
          <ReportPanel
            db={db}
            ctx={day.ctx}
            now={now}
            businessDate={reportDate ?? day.today}
            onDate={setReportDate}
          />
        )}
      </div>
    </div>
  );
}
