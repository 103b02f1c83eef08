import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedCode } from '@shared/codes/parse';
import type { TemperatureZone } from '@shared/contract';
import {
  checkPlacement,
  proposeSlot,
  type ProposalResult,
  type ProposedPlacement,
} from '@shared/shelf/proposal';
import { PlatformContext } from '../../app/PlatformContext';
import type { LinliDb } from '../../db/database';
import { OrderActionError } from '../../db/errors';
import { putAway } from '../../db/repositories/orders';
import type { OrderRow } from '../../db/types';
import { currentActor } from '../../session/sessionStore';
import { playSound } from '../counter/sounds';
import { ScanField } from '../scanning/ScanField';
import { SlotMap } from './SlotMap';
import type { ShelfData } from './useShelfData';

type Tone = 'ok' | 'error' | 'info';

interface Session {
  order: OrderRow;
  placed: ProposedPlacement[];
  /** The bag in the clerk's hand, waiting for its slot. */
  bag: string | null;
}

const LIGHT_MS = 2 * 60_000;

/**
 * Put-away: scan a bag → the proposed slot (shown, lit) → scan the slot label
 * to confirm, or pick another valid slot. When every bag of the order has its
 * slot, one `putAway` writes them together.
 */
export function PutAwayPanel({ db, data }: { db: LinliDb; data: ShelfData }) {
  const { t } = useTranslation();
  const platform = useContext(PlatformContext);
  const [session, setSession] = useState<Session | null>(null);
  const [message, setMessage] = useState<{ tone: Tone; text: string } | null>(null);
  const busy = useRef(false);
  const zoneName = (zone: TemperatureZone): string => t(`shelf.zone.${zone}`);

  const layout = data.layout;
  /** The shelf without this order's own rows (a re-put-away replaces them). */
  const occupancy = data.occupancy.filter((o) => o.orderId !== session?.order.id);
  const currentBag = session?.bag ? session.order.bags.find((b) => b.label === session.bag) : undefined;

  // The whole rest of the order is planned together; the bag in hand takes its slot from that plan.
  const proposal: ProposalResult | null =
    layout && session && currentBag
      ? proposeSlot({
          layout,
          occupancy,
          bags: session.order.bags.filter((b) => !session.placed.some((p) => p.bagLabel === b.label)),
          placed: session.placed,
        })
      : null;

  const proposedSlot =
    proposal?.kind === 'proposed'
      ? proposal.proposals[0]!.placements.find((p) => p.bagLabel === currentBag?.label)?.slotId
      : undefined;
  const alternatives = ((): string[] => {
    if (!layout || !currentBag || !session) return [];
    const ids: string[] = [];
    for (const zone of layout.zones)
      if (zone.zone === currentBag.zone)
        for (const unit of zone.units)
          for (const slot of unit.slots)
            if (
              slot.id !== proposedSlot &&
              checkPlacement(layout, occupancy, session.placed, currentBag, slot.id).ok
            )
              ids.push(slot.id);
    return ids.slice(0, 6);
  })();

  // Light the proposed slot while the bag waits for it.
  useEffect(() => {
    if (!platform) return;
    if (proposedSlot) {
      void platform.showLights({ slotIds: [proposedSlot], color: 'blue', durationMs: LIGHT_MS, blink: true });
    }
  }, [platform, proposedSlot]);

  const say = (tone: Tone, text: string) => {
    setMessage({ tone, text });
    if (tone !== 'info') playSound(tone === 'ok' ? 'success' : 'error');
  };

  const startBag = async (orderNo: string, bagLabel: string | null) => {
    const order = await db.orders.where('orderNo').equals(orderNo).first();
    if (!order) return say('error', t('shelf.putAway.unknownBag', { bag: bagLabel ?? orderNo }));
    if (session && session.order.id !== order.id && session.placed.length > 0) {
      return say(
        'error',
        t('shelf.putAway.otherBag', { bag: bagLabel ?? orderNo, orderNo: session.order.orderNo }),
      );
    }
    if (order.status !== 'arrived') {
      return say(
        'error',
        t('shelf.putAway.notArrived', { orderNo: order.orderNo, status: t(`shelf.status.${order.status}`) }),
      );
    }
    const placed = session?.order.id === order.id ? session.placed : [];
    const label = bagLabel ?? order.bags.find((b) => !placed.some((p) => p.bagLabel === b.label))?.label;
    const bag = order.bags.find((b) => b.label === label);
    if (!bag) return say('error', t('shelf.putAway.unknownBag', { bag: bagLabel ?? orderNo }));
    const already = placed.find((p) => p.bagLabel === bag.label);
    if (already)
      return say('error', t('shelf.putAway.bagAlreadyPlaced', { bag: bag.label, slot: already.slotId }));
    setSession({ order, placed, bag: bag.label });
    say('info', t('shelf.putAway.current', { orderNo: order.orderNo }));
  };

  const placeIn = async (slotId: string) => {
    if (!layout) return;
    if (!session || !currentBag) return say('error', t('shelf.putAway.scanBagFirst'));
    const check = checkPlacement(layout, occupancy, session.placed, currentBag, slotId);
    if (!check.ok) {
      if (check.reason === 'wrongZone')
        return say(
          'error',
          t('shelf.putAway.wrongZone', {
            bag: currentBag.label,
            bagZone: zoneName(check.bagZone),
            slot: slotId,
            slotZone: zoneName(check.slotZone),
          }),
        );
      if (check.reason === 'full')
        return say(
          'error',
          t('shelf.putAway.full', { slot: slotId, used: check.used, capacity: check.capacity }),
        );
      return say('error', t('shelf.putAway.unknownSlot', { slot: slotId }));
    }
    const placed = [...session.placed, { bagLabel: currentBag.label, slotId }];
    const next = session.order.bags.find((b) => !placed.some((p) => p.bagLabel === b.label));
    if (next) {
      setSession({ ...session, placed, bag: null });
      void platform?.clearLights();
      return say('ok', t('shelf.putAway.scanNextBag', { bag: next.label }));
    }
    if (busy.current) return;
    busy.current = true;
    try {
      await putAway(db, session.order.id, placed, currentActor());
      setSession(null);
      void platform?.showLights({
        slotIds: [...new Set(placed.map((p) => p.slotId))],
        color: 'green',
        durationMs: 5_000,
      });
      say(
        'ok',
        t('shelf.putAway.done', {
          orderNo: session.order.orderNo,
          slots: [...new Set(placed.map((p) => p.slotId))].join('、'),
        }),
      );
    } catch (error) {
      const reason = error instanceof OrderActionError ? error.refusal.kind : String(error);
      say('error', t('shelf.putAway.failed', { reason }));
    } finally {
      busy.current = false;
    }
  };

  const onScan = (parsed: ParsedCode) => {
    if (parsed.kind === 'bagLabel') return void startBag(parsed.orderNumber, parsed.text);
    if (parsed.kind === 'orderNumber') return void startBag(parsed.orderNumber, null);
    if (parsed.kind === 'slotLabel') return void placeIn(parsed.slotId);
    say('error', t('shelf.putAway.unrecognised', { text: parsed.text }));
  };

  const abandon = () => {
    setSession(null);
    setMessage(null);
    void platform?.clearLights();
  };

  return (
    <section className="shelf-columns" aria-label={t('shelf.putAway.region')}>
      <div className="shelf-panel">
        <ScanField onScan={onScan} label={t('shelf.scanField')} />
        <p>{t('shelf.scanHint')}</p>
        <div aria-live="polite" role="status">
          {message && message.tone !== 'error' && (
            <p className={`shelf-message shelf-message--${message.tone}`}>{message.text}</p>
          )}
        </div>
        <div role="alert">
          {message?.tone === 'error' && <p className="shelf-message shelf-message--error">{message.text}</p>}
        </div>
        {session && (
          <article aria-label={t('shelf.putAway.current', { orderNo: session.order.orderNo })}>
            <h2>{t('shelf.putAway.current', { orderNo: session.order.orderNo })}</h2>
            <ul className="shelf-list" aria-label={t('shelf.putAway.bagList')}>
              {session.order.bags.map((b) => {
                const placed = session.placed.find((p) => p.bagLabel === b.label);
                return (
                  <li key={b.label}>
                    {placed
                      ? t('shelf.putAway.placed', { bag: b.label, slot: placed.slotId })
                      : t('shelf.putAway.pending', { bag: b.label })}{' '}
                    · {zoneName(b.zone)}
                  </li>
                );
              })}
            </ul>
            {currentBag && proposedSlot && (
              <p className="shelf-proposal" aria-label={t('shelf.putAway.proposed')}>
                {t('shelf.putAway.proposal', { slot: proposedSlot })}
              </p>
            )}
            {currentBag && proposal?.kind === 'noRoom' && (
              <p className="shelf-message shelf-message--error">
                {proposal.reason === 'scattered'
                  ? t('shelf.putAway.scattered', { zone: zoneName(proposal.zone) })
                  : t('shelf.putAway.noRoom', {
                      zone: zoneName(proposal.zone),
                      need: proposal.bagsNeeded,
                      free: proposal.freeBags,
                    })}
              </p>
            )}
            {currentBag && alternatives.length > 0 && (
              <div>
                <h3>{t('shelf.putAway.otherSlots')}</h3>
                <ul className="shelf-list">
                  {alternatives.map((id) => (
                    <li key={id}>
                      <button type="button" onClick={() => void placeIn(id)}>
                        {t('shelf.putAway.choose', { slot: id })}
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <button type="button" onClick={abandon}>
              {t('shelf.putAway.cancel')}
            </button>
          </article>
        )}
        <h2>{t('shelf.putAway.waitingCount', { count: data.arrived.length })}</h2>
        {data.arrived.length === 0 ? (
          <p>{t('shelf.putAway.noneWaiting')}</p>
        ) : (
          <ul className="shelf-list" aria-label={t('shelf.putAway.waiting')}>
            {data.arrived.map((o) => (
              <li key={o.id}>
                <button type="button" onClick={() => void startBag(o.orderNo, null)}>
                  {o.orderNo}
                </button>
                <span>
                  {t('shelf.putAway.bags', { count: o.bags.length })} ·{' '}
                  {[...new Set(o.bags.map((b) => zoneName(b.zone)))].join('/')} · {o.customer.maskedName}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="shelf-panel">
        {layout && (
          <SlotMap
            layout={layout}
            occupancy={data.occupancy}
            orders={data.shelved}
            policy={data.policy}
            zones={currentBag ? [currentBag.zone] : undefined}
            highlighted={proposedSlot ? [proposedSlot] : []}
            compact
            onSelectSlot={currentBag ? (id) => void placeIn(id) : undefined}
          />
        )}
      </div>
    </section>
  );
}
