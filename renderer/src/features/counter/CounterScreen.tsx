import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseCode, type ParsedCode } from '@shared/codes/parse';
import type { Store, StorePolicy } from '@shared/contract';
import type { LinliDb } from '../../db/database';
import { OrderActionError, StorageFullError } from '../../db/errors';
import { handOver } from '../../db/repositories/orders';
import type { OrderRow } from '../../db/types';
import { useServices } from '../../app/services';
import { useSessionStore } from '../../session/sessionStore';
import { useWedgeScanner } from '../scanning/useWedgeScanner';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { CameraPanel } from '../camera/CameraPanel';
import { recordCounterEvent } from './audit';
import { BatchPanel } from './BatchPanel';
import { CustomerPanel } from './CustomerPanel';
import { lookupScan, lookupTyped, storePolicy, terminalStore, type CounterOutcome } from './lookup';
import { OrderCard, useFormatTime, type HandOverRequest } from './OrderCard';
import { playSound } from './sounds';
import { usePrivileged } from '../staff/usePrivileged';
import './counter.css';

type View =
  | { kind: 'ready' }
  | { kind: 'looking' }
  | { kind: 'outcome'; outcome: CounterOutcome }
  | { kind: 'done'; message: string };

/** Outcomes that are a good read (success sound); the rest sound an error. */
const GOOD: ReadonlySet<CounterOutcome['kind']> = new Set(['order', 'batch', 'phoneMatches']);

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
  const member = useSessionStore((s) => s.member);
  const runPrivileged = usePrivileged();
  const [view, setView] = useState<View>({ kind: 'ready' });
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [proxyOpen, setProxyOpen] = useState(false);
  const [partialOpen, setPartialOpen] = useState(false);
  const [store, setStore] = useState<{ policy: StorePolicy | null; timeZone: string | undefined }>({
    policy: null,
    timeZone: undefined,
  });
  const inputRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  /** The last lookup, run again after Sync now. */
  const lastLookup = useRef<(() => Promise<CounterOutcome>) | null>(null);
  const scanSeq = useRef(0);
  const format = useFormatTime(store.timeZone);

  useEffect(() => {
    void (async () => {
      const storeId = await terminalStore(db);
      if (!storeId) return;
      const [policy, storeRow] = await Promise.all([
        storePolicy(db, storeId),
        db.meta.get(`entity:store:${storeId}`),
      ]);
      setStore({ policy, timeZone: (storeRow?.value as Store | undefined)?.timeZone });
    })().catch(() => undefined);
  }, [db]);

  const focusScan = () => inputRef.current?.focus();

  const show = useCallback(
    async (outcome: CounterOutcome, raw?: string) => {
      setRefusal(null);
      setProxyOpen(false);
      setPartialOpen(false);
      setView({ kind: 'outcome', outcome });
      playSound(GOOD.has(outcome.kind) ? 'success' : 'error');
      // Keyboard-first: the next scan or Enter goes to the scan field unless the clerk is elsewhere.
      if (!document.activeElement || document.activeElement === document.body) focusScan();
      if (outcome.kind === 'invalidToken' && member) {
        // Forged or altered tokens are on record, with what was scanned (bounded).
        await recordCounterEvent(
          db,
          'counter.invalidToken',
          { staffId: member.id },
          {
            subject: outcome.reason,
            detail: { reason: outcome.reason, text: (raw ?? outcome.text).slice(0, 200) },
          },
        ).catch(() => undefined);
      }
    },
    [db, member],
  );

  const resolve = useCallback(
    async (find: () => Promise<CounterOutcome>, raw?: string) => {
      const seq = ++scanSeq.current;
      lastLookup.current = find;
      const started = performance.now();
      const outcome = await find();
      // For B1 and the profiler: how much of scan → card is the local lookup.
      performance.measure('counter:lookup', { start: started, end: performance.now() });
      // A newer scan wins over a slower older lookup.
      if (seq !== scanSeq.current) return;
      await show(outcome, raw);
    },
    [show],
  );

  const onScan = useCallback(
    (scanned: ParsedCode) => {
      let parsed = scanned;
      // A scan whose burst was interrupted (a pause between keys longer than the
      // wedge's gap) leaves its head in the scan field and reports only its tail:
      // when the tail alone means nothing but head + tail does, it was one code.
      const head = inputRef.current?.value.trim() ?? '';
      if (scanned.kind === 'unrecognised' && head) {
        const joined = parseCode(head + scanned.text, { context: 'counter' });
        if (joined.kind !== 'unrecognised') parsed = joined;
      }
      setText('');
      void resolve(() => lookupScan(db, parsed, { now: now() }), parsed.text);
    },
    [db, now, resolve],
  );

  useWedgeScanner({ onScan, parse: { context: 'counter' } });

  const outcome = view.kind === 'outcome' ? view.outcome : null;
  const readyOrder = outcome?.kind === 'order' ? outcome.order : null;

  const doHandOver = useCallback(
    async (
      order: OrderRow,
      request: HandOverRequest,
      verifiedBy: CounterOutcomeVerified,
      approvedBy?: string,
    ) => {
      if (!member) return;
      setBusy(true);
      try {
        await handOver(
          db,
          order.id,
          {
            verifiedBy,
            ...(request.proxy ? { proxy: request.proxy } : {}),
            ...(request.missing ? { missing: request.missing, refundRequested: true } : {}),
          },
          { staffId: member.id, ...(approvedBy ? { approvedBy } : {}) },
        );
        playSound('success');
        setView({ kind: 'done', message: t('counter.outcome.handedOver', { orderNo: order.orderNo }) });
        setText('');
        focusScan();
      } catch (error) {
        playSound('error');
        if (error instanceof OrderActionError) {
          const kind = error.refusal.kind;
          setRefusal(
            kind === 'already-collected' || kind === 'order-cancelled' || kind === 'order-not-found'
              ? t(`counter.refusal.${kind}`)
              : t('counter.refusal.other', { message: kind }),
          );
        } else if (error instanceof StorageFullError) {
          setRefusal(t('counter.refusal.storageFull'));
        } else {
          setRefusal(t('counter.refusal.other', { message: String((error as Error)?.message ?? error) }));
        }
      } finally {
        setBusy(false);
      }
    },
    [db, member, t],
  );

  // A manager accepts an expired token; a clerk gets the manager override dialog first.
  const overrideExpired = useCallback(
    async (order: OrderRow) => {
      if (!member) return;
      try {
        const recorded = await runPrivileged('expiredPickupOverride', (actor) =>
          recordCounterEvent(db, 'counter.expiredOverride', actor, {
            subject: order.id,
            detail: { orderId: order.id, orderNo: order.orderNo },
            refs: [`order:${order.id}`],
            guard: 'expiredPickupOverride',
          }),
        );
        if (!recorded) return;
      } catch (error) {
        setRefusal(t('counter.refusal.other', { message: String((error as Error)?.message ?? error) }));
        return;
      }
      setView({ kind: 'outcome', outcome: { kind: 'order', order, verifiedBy: 'token' } });
    },
    [db, member, runPrivileged, t],
  );

  // Enter on an empty scan field, or F2 / Ctrl+Enter anywhere, presses Hand over; Esc goes back to ready.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && view.kind !== 'ready') {
        setView({ kind: 'ready' });
        focusScan();
        return;
      }
      const inScanField = event.target === inputRef.current;
      const trigger =
        event.key === 'F2' ||
        (event.key === 'Enter' && event.ctrlKey) ||
        (event.key === 'Enter' && inScanField && text.trim() === '');
      if (!trigger || !readyOrder) return;
      const button = rootRef.current?.querySelector<HTMLButtonElement>('[data-handover]');
      if (!button || button.disabled) return;
      event.preventDefault();
      button.click();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [readyOrder, text, view.kind]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const typed = text.trim();
    if (!typed) return;
    setText('');
    setView({ kind: 'looking' });
    void resolve(() => lookupTyped(db, typed, { now: now() }), typed);
  };

  const sync = async () => {
    setSyncing(true);
    try {
      await syncNow();
    } catch {
      // The sync badge shows why; the clerk can scan again.
    } finally {
      setSyncing(false);
    }
    if (lastLookup.current) void resolve(lastLookup.current);
  };

  return (
    <ScreenFrame title={t('screen.counter.title')} intro={t('screen.counter.intro')}>
      <div className="counter" ref={rootRef}>
        <form className="counter-scan" onSubmit={onSubmit} role="search">
          <label htmlFor="counter-scan-input" className="counter-scan-label">
            {t('counter.scanLabel')}
          </label>
          <div className="counter-scan-row">
            <input
              id="counter-scan-input"
              ref={inputRef}
              className="counter-scan-input"
              type="search"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              aria-describedby="counter-scan-hint"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <button type="submit" className="counter-secondary">
              {t('counter.search')}
            </button>
          </div>
          <p id="counter-scan-hint" className="counter-hint">
            {t('counter.scanHint')} {t('counter.shortcuts')}
          </p>
        </form>

        <div className="counter-body">
          <div className="counter-main">
            {view.kind === 'ready' && (
              <p role="status" className="counter-ready">
                {t('counter.ready')}
              </p>
            )}
            {view.kind === 'looking' && <p role="status">{t('counter.looking')}</p>}
            {view.kind === 'done' && (
              <p role="status" className="counter-message counter-message--ok">
                {view.message}
              </p>
            )}
            {outcome && (
              <OutcomeView
                db={db}
                outcome={outcome}
                format={format}
                member={member}
                syncing={syncing}
                onSync={() => void sync()}
                onOverride={(order) => void overrideExpired(order)}
                onPick={(order) => void resolve(async () => ({ kind: 'order', order, verifiedBy: 'manual' }))}
                onBatchDone={(count) => {
                  setView({ kind: 'done', message: t('counter.outcome.batchHandedOver', { count }) });
                  focusScan();
                }}
              />
            )}
            {refusal && (
              <p role="alert" className="counter-message counter-message--error">
                {refusal}
              </p>
            )}
            {readyOrder && outcome?.kind === 'order' && (
              <OrderCard
                key={readyOrder.id}
                db={db}
                order={readyOrder}
                policy={store.policy}
                timeZone={store.timeZone}
                now={now()}
                canHandOver={!!member}
                busy={busy}
                proxyOpen={proxyOpen}
                partialOpen={partialOpen}
                onToggleProxy={() => setProxyOpen((v) => !v)}
                onTogglePartial={() => setPartialOpen((v) => !v)}
                onHandOver={(request) => void doHandOver(readyOrder, request, outcome.verifiedBy)}
                onCancel={() => {
                  setView({ kind: 'ready' });
                  focusScan();
                }}
              />
            )}
          </div>
          {readyOrder && (
            <aside className="counter-side">
              <CustomerPanel db={db} order={readyOrder} now={now()} format={format} />
            </aside>
          )}
        </div>
        {camera && <CameraPanel onScan={onScan} />}
      </div>
    </ScreenFrame>
  );
}

type CounterOutcomeVerified = Extract<CounterOutcome, { kind: 'order' }>['verifiedBy'];

function OutcomeView({
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
      return error(t('counter.outcome.notFound', { text: outcome.text }));
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
