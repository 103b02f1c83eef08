import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useServices } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { useNow } from '../sync/useNow';
import { LabelsPanel } from './LabelsPanel';
import { MapPanel } from './MapPanel';
import { PutAwayPanel } from './PutAwayPanel';
import { UncollectedPanel } from './UncollectedPanel';
import { useShelfData } from './useShelfData';
import './shelf.css';

const TABS = ['putAway', 'map', 'uncollected', 'labels'] as const;
export type ShelfTab = (typeof TABS)[number];

export interface ShelfScreenProps {
  db?: LinliDb;
  /** Clock for due soon / overdue; tests pin it. */
  now?: () => number;
  initialTab?: ShelfTab;
}

/** The smart shelf: put-away, the slot map, uncollected orders, slot labels. */
export function ShelfScreen(props: ShelfScreenProps) {
  const services = useServices();
  const db = props.db ?? services?.db;
  const { t } = useTranslation();
  return (
    <ScreenFrame title={t('screen.shelf.title')} intro={t('screen.shelf.intro')}>
      {db ? <Shelf {...props} db={db} /> : null}
    </ScreenFrame>
  );
}

function Shelf({ db, now: clock, initialTab = 'putAway' }: ShelfScreenProps & { db: LinliDb }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<ShelfTab>(initialTab);
  const ticking = useNow(30_000);
  const now = clock ? clock() : ticking;
  const data = useShelfData(db);
  return (
    <div className="shelf">
      <div className="shelf-tabs" role="tablist" aria-label={t('shelf.tabs.label')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`shelf-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="shelf-tabpanel"
            onClick={() => setTab(name)}
          >
            {t(`shelf.tabs.${name}`)}
            {name === 'putAway' && data ? ` (${data.arrived.length})` : ''}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="shelf-tabpanel" aria-labelledby={`shelf-tab-${tab}`}>
        {!data ? null : !data.layout ? (
          <p>{t('shelf.map.noLayout')}</p>
        ) : tab === 'putAway' ? (
          <PutAwayPanel db={db} data={data} />
        ) : tab === 'map' ? (
          <MapPanel data={data} now={now} />
        ) : tab === 'uncollected' ? (
          <UncollectedPanel db={db} data={data} now={now} />
        ) : (
          <LabelsPanel layout={data.layout} />
        )}
      </div>
    </div>
  );
}
