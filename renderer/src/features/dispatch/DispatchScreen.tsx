import { useContext, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedCode } from '@shared/codes/parse';
import {
  bagRefusal,
  dispatchBoard,
  outForDelivery,
  riderByCode,
  riderRun,
  runProgress,
  slotsFreedBy,
  windowLabel,
  type BagRefusal,
  type BoardWindow,
  type DispatchRefusal,
  type OutForDelivery,
  type WindowTiming,
} from '@shared/dispatch';
import { businessDateOf, formatStoreTime } from '@shared/time/storeTime';
import { PlatformContext } from '../../app/PlatformContext';
import { useServices } from '../../app/services';
import type { LinliDb } from '../../db/database';
import { DispatchError, dispatchRun } from '../../db/repositories/dispatch';
import type { OrderRow } from '../../db/types';
import { currentActor } from '../../session/sessionStore';
import { ScreenFrame } from '../../ui/ScreenFrame';
import { playSound } from '../counter/sounds';
import { ScanField } from '../scanning/ScanField';
import { useNow } from '../sync/useNow';
import { useDispatchData, type DispatchData } from './useDispatchData';
import './dispatch.css';

type Tone = 'ok' | 'error' | 'info';
/** The side column: orders waiting for a rider, or those out with riders now. */
type SideTab = 'board' | 'out';
const SIDE_TABS: readonly SideTab[] = ['board', 'out'];

export interface DispatchScreenProps {
  db?: LinliDb;
  /** The store clock for late / next / later; tests pin it. */
  now?: () => number;
}

/** 定时送达: the dispatch board (orders by delivery window) and the rider handover. */
export function DispatchScreen(props: DispatchScreenProps) {
  const services = useServices();
  const db = props.db ?? services?.db;
  const { t } = useTranslation();
  return (
    <ScreenFrame title={t('screen.dispatch.title')} intro={t('screen.dispatch.intro')}>
      {db ? <Dispatch db={db} now={props.now} /> : null}
    </ScreenFrame>
  );
}

const LIGHT_MS = 2 * 60_000;

function Dispatch({ db, now: clock }: { db: LinliDb; now?: () => number }) {
  const { t, i18n } = useTranslation();
  const platform = useContext(PlatformContext);
  const data = useDispatchData(db);
  const ticking = useNow(30_000);
  const now = clock ? clock() : ticking;
  const [riderId, setRiderId] = useState<string | null>(null);
  const [scanned, setScanned] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: Tone; text: string } | null>(null);
  const [side, setSide] = useState<SideTab>('board');
  const busy = useRef(false);

  const timeZone = data?.timeZone ?? 'Asia/Shanghai';
  const label = (w: { start: string; end: string }) => windowLabel(w, timeZone, i18n.language);
  const rider = data?.riders.find((r) => r.id === riderId);
  const run = data && riderId ? riderRun(data.orders, riderId) : null;
  const progress = run ? runProgress(run.orders, scanned) : null;
  const board = data ? dispatchBoard(data.orders, now) : [];
  const runTiming: WindowTiming | undefined = run ? board.find((w) => w.key === run.key)?.timing : undefined;
  const out = outForDelivery(data?.out ?? [], now);
  const failed = data?.orders.filter((o) => o.delivery?.outcome === 'failed') ?? [];
  const riderName = (id: string | null | undefined) =>
    id ? (data?.riders.find((r) => r.id === id)?.name ?? id) : null;
  const runSlots = run ? slotsFreedBy(run.orders).join(',') : '';

  // The run's slots light while its rider is at the counter.
  useEffect(() => {
    if (!platform || !runSlots) return;
    void platform.showLights({ slotIds: runSlots.split(','), color: 'blue', durationMs: LIGHT_MS });
  }, [platform, runSlots]);

  const say = (tone: Tone, text: string) => {
    setMessage({ tone, text });
    if (tone !== 'info') playSound(tone === 'ok' ? 'success' : 'error');
  };

  const bagText = (r: BagRefusal): string => {
    const who = rider?.name ?? '';
    switch (r.reason) {
      case 'alreadyScanned':
      case 'unknownBag':
        return t(`dispatch.refused.${r.reason}`, { bag: r.bagLabel });
      case 'closed':
        return t('dispatch.refused.closed', {
          orderNo: r.orderNo,
          status: t(`dispatch.status.${r.refusal.reason}`),
        });
      case 'otherRider': {
        const owner = riderName(r.riderId);
        return t('dispatch.refused.otherRider', {
          orderNo: r.orderNo,
          rider: who,
          owner: owner ? t('dispatch.ownerRider', { name: owner }) : t('dispatch.ownerNone'),
        });
      }
      case 'otherWindow':
        return t('dispatch.refused.otherWindow', {
          orderNo: r.orderNo,
          window: label(r.window),
          rider: who,
          runWindow: run ? label(run.window) : '',
        });
      default:
        return t(`dispatch.refused.${r.reason}`, { orderNo: r.orderNo });
    }
  };

  const refusalText = (r: DispatchRefusal): string => {
    switch (r.reason) {
      case 'bag':
        return bagText(r.refusal);
      case 'unknownRider':
        return t('dispatch.refused.notRider', { text: r.riderId });
      case 'incomplete':
        return t('dispatch.refused.partial', { orderNo: r.orderId, missing: r.missing.join('、') });
      default:
        return t('dispatch.refused.failed', { reason: r.reason });
    }
  };

  const reset = () => {
    setRiderId(null);
    setScanned([]);
    void platform?.clearLights();
  };

  const scanRider = (text: string) => {
    const found = data ? riderByCode(data.riders, text) : null;
    if (!found) return say('error', t('dispatch.refused.notRider', { text }));
    if (riderId && found.id !== riderId && scanned.length > 0)
      return say('error', t('dispatch.refused.otherRiderInProgress', { name: rider?.name ?? riderId }));
    setRiderId(found.id);
    setScanned([]);
    const next = data ? riderRun(data.orders, found.id) : null;
    if (!next) return say('info', t('dispatch.handOver.noRun', { name: found.name }));
    say('ok', t('dispatch.handOver.riderFound', { name: found.name, count: next.orders.length }));
  };

  const scanBag = async (orderNo: string, bagLabel: string) => {
    if (!run) return say('error', t('dispatch.refused.riderFirst'));
    const order = await db.orders.where('orderNo').equals(orderNo).first();
    const refusal = bagRefusal(run, scanned, bagLabel, order);
    if (refusal) return say('error', bagText(refusal));
    setScanned((s) => [...s, bagLabel.toUpperCase()]);
    say('ok', t('dispatch.handOver.scanned', { bag: bagLabel.toUpperCase(), orderNo }));
  };

  const onScan = (parsed: ParsedCode) => {
    if (parsed.kind === 'bagLabel') return void scanBag(parsed.orderNumber, parsed.text);
    scanRider(parsed.text);
  };

  const handOver = async () => {
    if (!run || !progress || !rider) return say('error', t('dispatch.handOver.noRider'));
    const half = progress.partial[0];
    if (half)
      return say(
        'error',
        t('dispatch.refused.partial', { orderNo: half.order.orderNo, missing: half.missing.join('、') }),
      );
    if (!progress.canHandOver) return say('error', t('dispatch.refused.nothingScanned'));
    if (busy.current) return;
    busy.current = true;
    const leaving = progress.complete;
    const labels = new Set(leaving.flatMap((o) => o.bags.map((b) => b.label.toUpperCase())));
    try {
      await dispatchRun(
        db,
        {
          riderId: rider.id,
          orderIds: leaving.map((o) => o.id),
          bags: scanned.filter((b) => labels.has(b)),
        },
        currentActor(),
      );
      const slots = slotsFreedBy(leaving);
      const orders = leaving.map((o) => o.orderNo).join('、');
      const text = slots.length
        ? t('dispatch.handOver.done', {
            name: rider.name,
            count: leaving.length,
            orders,
            slots: slots.join('、'),
          })
        : t('dispatch.handOver.doneNoSlots', { name: rider.name, count: leaving.length, orders });
      const behind = progress.untouched.length
        ? ` ${t('dispatch.handOver.leftBehind', { count: progress.untouched.length })}`
        : '';
      reset();
      say('ok', text + behind);
    } catch (error) {
      say(
        'error',
        error instanceof DispatchError
          ? refusalText(error.refusal)
          : t('dispatch.refused.failed', { reason: String(error) }),
      );
    } finally {
      busy.current = false;
    }
  };

  const cancel = () => {
    if (!riderId) return;
    reset();
    say('info', t('dispatch.handOver.cancelled'));
  };

  // F2 hands over and Esc cancels, wherever the focus is on this screen.
  const keys = useRef({ handOver, cancel });
  useEffect(() => {
    keys.current = { handOver, cancel };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      if (event.key === 'F2') {
        event.preventDefault();
        void keys.current.handOver();
      } else if (event.key === 'Escape') keys.current.cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const total = run?.orders.reduce((n, o) => n + o.bags.length, 0) ?? 0;
  return (
    <div className="dispatch">
      <section className="dispatch-panel dispatch-handover" aria-label={t('dispatch.handOver.region')}>
        <ScanField
          onScan={onScan}
          onEmptyEnter={() => void handOver()}
          label={t('dispatch.scanField')}
          hint={t('dispatch.scanHint')}
          id="dispatch-scan"
        />
        <div aria-live="polite" role="status">
          {message && message.tone !== 'error' && (
            <p className={`dispatch-message dispatch-message--${message.tone}`}>{message.text}</p>
          )}
        </div>
        <div role="alert">
          {message?.tone === 'error' && (
            <p className="dispatch-message dispatch-message--error">{message.text}</p>
          )}
        </div>
        {!rider ? (
          <p className="dispatch-hint">{t('dispatch.handOver.noRider')}</p>
        ) : (
          <article aria-label={t('dispatch.handOver.rider', { name: rider.name, id: rider.id })}>
            <h2>{t('dispatch.handOver.rider', { name: rider.name, id: rider.id })}</h2>
            {run && progress && (
              <>
                <p className={`dispatch-run dispatch-run--${runTiming ?? 'later'}`}>
                  {t('dispatch.handOver.run', {
                    window: label(run.window),
                    timing: t(`dispatch.board.timing.${runTiming ?? 'later'}`),
                    count: run.orders.length,
                  })}{' '}
                  · {t('dispatch.handOver.progress', { scanned: scanned.length, total })}
                </p>
                <RunBags orders={run.orders} scanned={scanned} />
                <div className="dispatch-actions">
                  <button
                    type="button"
                    className="dispatch-confirm"
                    disabled={!progress.canHandOver}
                    onClick={() => void handOver()}
                  >
                    {t('dispatch.handOver.confirm')}
                  </button>
                  <button type="button" onClick={cancel}>
                    {t('dispatch.handOver.cancel')}
                  </button>
                </div>
              </>
            )}
          </article>
        )}
      </section>
      <div className="dispatch-side">
        <SideTabs
          side={side}
          onSide={setSide}
          waiting={board.reduce((n, w) => n + w.orders.length, 0)}
          out={out}
        />
        <div role="tabpanel" id="dispatch-tabpanel" aria-labelledby={`dispatch-tab-${side}`}>
          {side === 'board' ? (
            <Board
              board={board}
              data={data}
              now={now}
              label={label}
              runIds={new Set(run?.orders.map((o) => o.id))}
              failed={failed}
              riderName={riderName}
            />
          ) : (
            <OutList out={out} now={now} timeZone={timeZone} label={label} riderName={riderName} />
          )}
        </div>
      </div>
    </div>
  );
}

function RunBags({ orders, scanned }: { orders: OrderRow[]; scanned: string[] }) {
  const { t } = useTranslation();
  const seen = new Set(scanned);
  return (
    <ul className="dispatch-run-orders">
      {orders.map((o) => (
        <li key={o.id}>
          <strong>{o.orderNo}</strong>
          <ul className="dispatch-bags" aria-label={t('dispatch.handOver.bagList', { orderNo: o.orderNo })}>
            {o.bags.map((b) => {
              const slot = o.slotAssignments.find((a) => a.bagLabel === b.label)?.slotId;
              const done = seen.has(b.label.toUpperCase());
              return (
                <li key={b.label} className={done ? 'dispatch-bag dispatch-bag--done' : 'dispatch-bag'}>
                  {done
                    ? `✓ ${t('dispatch.handOver.bagScanned', { bag: b.label })}`
                    : `○ ${t('dispatch.handOver.bagWaiting', {
                        bag: b.label,
                        slot: slot ?? t('dispatch.board.notOnShelf'),
                      })}`}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Board({
  board,
  data,
  now,
  label,
  runIds,
  failed,
  riderName,
}: {
  board: BoardWindow<OrderRow>[];
  data: DispatchData | undefined;
  now: number;
  label: (w: { start: string; end: string }) => string;
  runIds: Set<string>;
  failed: OrderRow[];
  riderName: (id: string | null | undefined) => string | null;
}) {
  const { t } = useTranslation();
  const lateBy = (minutes: number) =>
    minutes < 60
      ? t('dispatch.board.lateBy', { minutes })
      : t('dispatch.board.lateByHours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  return (
    // focusable: the board scrolls inside its column, and a keyboard must be able to scroll it
    <section
      className="dispatch-panel dispatch-scroll dispatch-board"
      aria-label={t('dispatch.board.region')}
      tabIndex={0}
    >
      {data && board.length === 0 && <p>{t('dispatch.board.empty')}</p>}
      {board.map((w) => {
        const title = t('dispatch.board.window', { window: label(w.window), count: w.orders.length });
        return (
          <section key={w.key} className={`dispatch-window dispatch-window--${w.timing}`} aria-label={title}>
            <h2>
              <span className={`dispatch-timing dispatch-timing--${w.timing}`}>
                {t(`dispatch.board.timing.${w.timing}`)}
              </span>{' '}
              {title}
              {w.timing === 'late' && (
                <span className="dispatch-late">
                  {' '}
                  · {lateBy(Math.max(0, Math.floor((now - Date.parse(w.window.start)) / 60_000)))}
                </span>
              )}
            </h2>
            <ul className="dispatch-orders">
              {w.orders.map((o) => {
                const slots = [...new Set(o.slotAssignments.map((a) => a.slotId))];
                return (
                  <li key={o.id} className={runIds.has(o.id) ? 'dispatch-order--in-run' : undefined}>
                    <span className="dispatch-orderno">{o.orderNo}</span>
                    <span>{riderName(o.delivery?.riderId) ?? t('dispatch.board.unassigned')}</span>
                    <span>{t('dispatch.board.bags', { count: o.bags.length })}</span>
                    <span className="dispatch-slots">
                      {o.status === 'shelved' && slots.length
                        ? slots.join(' ')
                        : t('dispatch.board.notOnShelf')}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      {failed.length > 0 && (
        <p className="dispatch-failed">
          {t('dispatch.board.failed', {
            count: failed.length,
            orders: failed.map((o) => o.orderNo).join('、'),
          })}
        </p>
      )}
    </section>
  );
}

function SideTabs({
  side,
  onSide,
  waiting,
  out,
}: {
  side: SideTab;
  onSide: (tab: SideTab) => void;
  waiting: number;
  out: OutForDelivery<OrderRow>;
}) {
  const { t } = useTranslation();
  // Arrow keys move between the tabs, as a tab list does.
  const onKeyDown = (event: ReactKeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = SIDE_TABS[(SIDE_TABS.indexOf(side) + step + SIDE_TABS.length) % SIDE_TABS.length]!;
    onSide(next);
    document.getElementById(`dispatch-tab-${next}`)?.focus();
  };
  return (
    <div className="dispatch-tabs" role="tablist" aria-label={t('dispatch.tabs.label')} onKeyDown={onKeyDown}>
      {SIDE_TABS.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          id={`dispatch-tab-${name}`}
          aria-selected={side === name}
          aria-controls="dispatch-tabpanel"
          onClick={() => onSide(name)}
        >
          {name === 'board'
            ? t('dispatch.tabs.board', { count: waiting })
            : out.late > 0
              ? t('dispatch.tabs.outLate', { count: out.count, late: out.late })
              : t('dispatch.tabs.out', { count: out.count })}
        </button>
      ))}
    </div>
  );
}

/** 配送中: what riders have out now, by rider then window — for "where is my order?". */
function OutList({
  out,
  now,
  timeZone,
  label,
  riderName,
}: {
  out: OutForDelivery<OrderRow>;
  now: number;
  timeZone: string;
  label: (w: { start: string; end: string }) => string;
  riderName: (id: string | null | undefined) => string | null;
}) {
  const { t, i18n } = useTranslation();
  const today = businessDateOf(now, timeZone);
  // Times of today read as 14:05; an older one carries its date.
  const when = (instant: string) =>
    formatStoreTime(
      instant,
      timeZone,
      i18n.language,
      businessDateOf(instant, timeZone) === today ? 'time' : 'dateTime',
    );
  const windowText = (w: { start: string; end: string }) =>
    businessDateOf(w.start, timeZone) === today
      ? label(w)
      : `${formatStoreTime(w.start, timeZone, i18n.language, 'date')} ${label(w)}`;
  return (
    // focusable: the list scrolls inside its column, and a keyboard must be able to scroll it
    <section
      className="dispatch-panel dispatch-scroll dispatch-out"
      aria-label={t('dispatch.out.region')}
      tabIndex={0}
    >
      <p className="dispatch-out-count">
        {out.count === 0
          ? t('dispatch.out.empty')
          : out.late > 0
            ? t('dispatch.out.countLate', { count: out.count, late: out.late })
            : t('dispatch.out.count', { count: out.count })}
      </p>
      {out.riders.map((r) => {
        const name = riderName(r.riderId) ?? t('dispatch.board.unassigned');
        const title = t('dispatch.out.rider', { name, count: r.orders.length });
        return (
          <section key={r.riderId ?? ''} className="dispatch-out-rider" aria-label={title}>
            <h2>
              {title}
              {r.late > 0 && (
                <span className="dispatch-late"> · {t('dispatch.out.riderLate', { count: r.late })}</span>
              )}
            </h2>
            <table className="dispatch-out-table">
              <thead>
                <tr>
                  <th scope="col">{t('dispatch.out.orderNo')}</th>
                  <th scope="col">{t('dispatch.out.customer')}</th>
                  <th scope="col">{t('dispatch.out.left')}</th>
                  <th scope="col">{t('dispatch.out.window')}</th>
                </tr>
              </thead>
              <tbody>
                {r.orders.map(({ order, late }) => (
                  <tr key={order.id} className={late ? 'dispatch-out--late' : undefined}>
                    <td className="dispatch-orderno">{order.orderNo}</td>
                    <td>
                      {order.customer.maskedName}{' '}
                      {t('dispatch.out.phone', { phone: order.customer.phoneLast4 })}
                    </td>
                    <td>{order.delivery?.dispatchedAt ? when(order.delivery.dispatchedAt) : ''}</td>
                    <td>
                      {windowText(order.pickupWindow)}
                      {late && <strong className="dispatch-out-late">{t('dispatch.out.late')}</strong>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </section>
  );
}
