import { useEffect, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import type { LinliDb } from '../../db/database';
import { getMeta, metaKey } from '../../db/meta';
import { useServices } from '../../app/services';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { CameraPanel } from '../camera/CameraPanel';
import { ScanField, type ScanFieldHandle } from '../scanning/ScanField';
import { customerDisplay } from '../customer-display';
import { CustomerDisplayButton } from '../customer-display/CustomerDisplayButton';
import { CustomerNotes, noteSubjectOf } from '../customers/CustomerNotes';
import { CustomerPanel } from './CustomerPanel';
import { storePolicy } from './lookup';
import { OrderCard, useFormatTime } from './OrderCard';
import { OutcomeView } from './OutcomeView';
import { useCounterFlow } from './useCounterFlow';
import './counter.css';

export interface CounterScreenProps {
  /** The database; defaults to the app's services. */
  db?: LinliDb;
  /** Clock for token expiry and due-soon; tests pin it. */
  now?: () => number;
  /** Sync now (the "order not yet arrived" row); defaults to the app's sync engine. */
  syncNow?: () => Promise<unknown>;
  /** Show the camera panel (off in component tests: no media devices there). */
  camera?: boolean;
}

export function CounterScreen(props: CounterScreenProps) {
  const services = useServices();
  const db = props.db ?? services?.db;
  const { t } = useTranslation();
  if (!db) {
    return (
      <ScreenFrame title={t('screen.counter.title')} intro={t('screen.counter.intro')}>
        <p>{t('counter.ready')}</p>
      </ScreenFrame>
    );
  }
  return (
    <Counter
      {...props}
      db={db}
      syncNow={props.syncNow ?? (() => services?.sync.current()?.syncNow() ?? Promise.resolve())}
    />
  );
}

function Counter({
  db,
  now = Date.now,
  syncNow,
  camera = true,
}: CounterScreenProps & { db: LinliDb; syncNow: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const scanField = useRef<ScanFieldHandle>(null);
  const flow = useCounterFlow({ db, now, syncNow, scanField });
  const { state, outcome, readyOrder, member } = flow;
  // HQ's store record and policy, live: on a new terminal they arrive with the first pull.
  const store = useLiveQuery(async () => {
    const identity = await getMeta(db, 'terminal');
    if (!identity?.storeId) return null;
    const [policy, storeRow] = await Promise.all([
      storePolicy(db, identity.storeId),
      getMeta(db, metaKey.store(identity.storeId)),
    ]);
    return { policy, record: storeRow };
  }, [db]);
  const timeZone = store?.record?.timeZone;
  const storeName = store?.record?.name ?? null;
  const format = useFormatTime(timeZone);
  useEffect(() => customerDisplay.setStoreName(storeName), [storeName]);

  return (
    <ScreenFrame title={t('screen.counter.title')} intro={t('screen.counter.intro')}>
      <div className="counter">
        <ScanField
          ref={scanField}
          id="counter-scan-input"
          label={t('counter.scanLabel')}
          visibleLabel
          hint={`${t('counter.scanHint')} ${t('counter.shortcuts')}`}
          submitLabel={t('counter.search')}
          onScan={flow.scan}
          onTyped={flow.typed}
          onEmptyEnter={() => void flow.handOver()}
        />

        <div className="counter-body">
          <div className="counter-main">
            {state.view.kind === 'ready' && (
              <p role="status" className="counter-ready">
                {t('counter.ready')}
              </p>
            )}
            {state.view.kind === 'looking' && <p role="status">{t('counter.looking')}</p>}
            {state.view.kind === 'done' && (
              <p role="status" className="counter-message counter-message--ok">
                {state.view.message}
              </p>
            )}
            {outcome && (
              <OutcomeView
                db={db}
                outcome={outcome}
                format={format}
                member={member}
                syncing={state.syncing}
                onSync={() => void flow.sync()}
                onOverride={(order) => void flow.overrideExpired(order)}
                onPick={flow.pick}
                onBatchDone={flow.batchDone}
              />
            )}
            {state.refusal && (
              <p role="alert" className="counter-message counter-message--error">
                {state.refusal}
              </p>
            )}
            {readyOrder && (
              <OrderCard
                key={readyOrder.id}
                db={db}
                order={readyOrder}
                policy={store?.policy ?? null}
                timeZone={timeZone}
                now={now()}
                canHandOver={!!member}
                busy={state.busy}
                form={state.form}
                onFormChange={flow.setForm}
                onHandOver={() => void flow.handOver()}
                onCancel={flow.cancel}
              />
            )}
          </div>
          {readyOrder && (
            <aside className="counter-side">
              <CustomerNotes
                key={readyOrder.id}
                db={db}
                customer={noteSubjectOf(readyOrder)}
                surface="counter"
                now={now}
              />
              <CustomerPanel db={db} order={readyOrder} now={now()} format={format} />
            </aside>
          )}
        </div>
        {camera && <CameraPanel onScan={flow.scan} />}
        <CustomerDisplayButton />
      </div>
    </ScreenFrame>
  );
}
