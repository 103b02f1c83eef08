import { useTranslation } from 'react-i18next';
import type { ShelfLayout, ShelfUnit, StorePolicy, TemperatureZone } from '@shared/contract';
import { shelfTiming } from '@shared/shelf/uncollected';
import type { LinliDb } from '../../db/database';
import type { OrderRow } from '../../db/types';
import { useLightsStore } from '../lights/lightsStore';
import { useNow } from '../sync/useNow';
import { useShelfData, useSlotMapData } from './useShelfData';
import './shelf.css';

/**
 * The shelf as grids: one per shelf unit, grouped by zone, each slot coloured
 * AND marked with a symbol and a word (never colour alone): free ○, occupied ●,
 * due soon ◷, overdue ⚠, highlighted ★ (the current pickup / proposal, or lit
 * on the shelf lights). The one slot map: the counter's order card shows it
 * compact through `LiveSlotMap` with `mine`.
 */
export type SlotState = 'free' | 'occupied' | 'dueSoon' | 'overdue' | 'highlighted';

export const SLOT_SYMBOL: Record<SlotState, string> = {
  free: '○',
  occupied: '●',
  dueSoon: '◷',
  overdue: '⚠',
  highlighted: '★',
};

export interface SlotLoadView {
  slotId: string;
  orderId: string;
  bagLabels: readonly string[];
}

export interface SlotMapProps {
  layout: ShelfLayout;
  occupancy: readonly SlotLoadView[];
  /** Orders on the shelf by id (their deadlines colour due soon / overdue). */
  orders?: ReadonlyMap<string, Pick<OrderRow, 'pickupWindow' | 'extendedUntil'>>;
  policy?: Pick<StorePolicy, 'pickupGraceHours' | 'dueSoonMinutes'> | null;
  now?: number;
  /** Only these zones / units (default: all). */
  zones?: readonly TemperatureZone[];
  unitIds?: readonly string[];
  /** Slots to highlight (besides those lit on the shelf lights). */
  highlighted?: readonly string[];
  /** The slot whose detail is open. */
  selected?: string | null;
  /** Small cells, no legend or fullness: for the order card. */
  compact?: boolean;
  /**
   * The order card's slots: highlighted, only the units that hold them are drawn,
   * and each cell is named by whether it is this order's (what the clerk asks there).
   */
  mine?: readonly string[];
  onSelectSlot?: (slotId: string) => void;
}

export function slotState(
  slotId: string,
  loads: readonly SlotLoadView[],
  props: Pick<SlotMapProps, 'orders' | 'policy' | 'now' | 'highlighted' | 'mine'>,
  lit: ReadonlySet<string>,
): SlotState {
  if (props.highlighted?.includes(slotId) || props.mine?.includes(slotId) || lit.has(slotId))
    return 'highlighted';
  if (loads.length === 0) return 'free';
  const now = props.now ?? Date.now();
  let state: SlotState = 'occupied';
  for (const load of loads) {
    const order = props.orders?.get(load.orderId);
    if (!order) continue;
    const timing = shelfTiming(order, now, props.policy ?? null);
    if (timing === 'overdue') return 'overdue';
    if (timing === 'dueSoon' || timing === 'late') state = 'dueSoon';
  }
  return state;
}

export function SlotMap(props: SlotMapProps) {
  const { t } = useTranslation();
  const litSlots = useLightsStore((s) => s.slots);
  const lit = new Set(litSlots.map((s) => s.slotId));
  const bySlot = new Map<string, SlotLoadView[]>();
  for (const load of props.occupancy) bySlot.set(load.slotId, [...(bySlot.get(load.slotId) ?? []), load]);
  const zones = props.layout.zones.filter((z) => !props.zones || props.zones.includes(z.zone));
  return (
    <div className={props.compact ? 'slot-map compact' : 'slot-map'}>
      {!props.compact && (
        <ul className="slot-legend" aria-label={t('shelf.map.legend')}>
          {(Object.keys(SLOT_SYMBOL) as SlotState[]).map((state) => (
            <li key={state} className={`slot slot-${state}`}>
              <span aria-hidden="true">{SLOT_SYMBOL[state]}</span> {t(`shelf.state.${state}`)}
            </li>
          ))}
        </ul>
      )}
      {zones.map((zone) => {
        const units = zone.units.filter(
          (u) =>
            (!props.unitIds || props.unitIds.includes(u.id)) &&
            (!props.mine || u.slots.some((s) => props.mine?.includes(s.id))),
        );
        if (units.length === 0) return null;
        const capacity = units.reduce((n, u) => n + u.slots.reduce((m, s) => m + s.capacityBags, 0), 0);
        const used = units.reduce(
          (n, u) =>
            n +
            u.slots.reduce(
              (m, s) => m + (bySlot.get(s.id) ?? []).reduce((k, l) => k + l.bagLabels.length, 0),
              0,
            ),
          0,
        );
        const percent = capacity ? Math.round((used / capacity) * 100) : 0;
        const zoneName = t(`shelf.zone.${zone.zone}`);
        return (
          <section key={zone.zone} className={`slot-zone zone-${zone.zone}`} aria-label={zoneName}>
            {!props.compact && (
              <h3>
                {zoneName}
                <span className="zone-fullness">
                  <meter
                    min={0}
                    max={capacity || 1}
                    value={used}
                    high={capacity * 0.8}
                    aria-label={t('shelf.map.fullness', { zone: zoneName, used, capacity, percent })}
                  />{' '}
                  {t('shelf.map.fullness', { zone: zoneName, used, capacity, percent })}
                </span>
              </h3>
            )}
            <div className="slot-units">
              {units.map((unit) => (
                <UnitGrid key={unit.id} unit={unit} bySlot={bySlot} lit={lit} {...props} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}

function UnitGrid({
  unit,
  bySlot,
  lit,
  ...props
}: SlotMapProps & { unit: ShelfUnit; bySlot: Map<string, SlotLoadView[]>; lit: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const label = t('shelf.map.unit', { name: unit.name, id: unit.id });
  return (
    <figure className="slot-unit">
      <figcaption>{label}</figcaption>
      <ul
        className="slot-grid"
        aria-label={label}
        style={{ gridTemplateColumns: `repeat(${unit.columns}, minmax(0, 1fr))` }}
      >
        {unit.slots.map((slot) => {
          const loads = bySlot.get(slot.id) ?? [];
          const state = slotState(slot.id, loads, props, lit);
          const bags = loads.reduce((n, l) => n + l.bagLabels.length, 0);
          const stateName = t(`shelf.state.${state}`);
          // The name holds the visible text (id, fill) so speech and sight agree (WCAG 2.5.3).
          const name = props.mine
            ? t(props.mine.includes(slot.id) ? 'shelf.map.slotMine' : 'shelf.map.slotOther', { id: slot.id })
            : props.compact
              ? t('shelf.map.slotState', { id: slot.id, state: stateName })
              : t('shelf.map.slotStateFill', {
                  id: slot.id,
                  fill: `${bags}/${slot.capacityBags}`,
                  state: stateName,
                });
          const body = (
            <>
              <span className="slot-symbol" aria-hidden="true">
                {SLOT_SYMBOL[state]}
              </span>
              <span className="slot-id">{props.compact ? slot.id.split('-')[1] : slot.id}</span>
              {!props.compact && (
                <>
                  {' '}
                  <span className="slot-fill">{`${bags}/${slot.capacityBags}`}</span>
                </>
              )}
            </>
          );
          return (
            <li
              key={slot.id}
              className={`slot slot-${state}${props.selected === slot.id ? ' slot-selected' : ''}`}
              style={{ gridRow: slot.row, gridColumn: slot.column }}
              aria-label={props.onSelectSlot ? undefined : name}
            >
              {props.onSelectSlot ? (
                <button
                  type="button"
                  aria-label={name}
                  aria-pressed={props.selected === slot.id}
                  onClick={() => props.onSelectSlot?.(slot.id)}
                >
                  {body}
                </button>
              ) : (
                body
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** The slot map fed from the database (the order card: it does not read the shelf itself). */
type LiveProps = Omit<SlotMapProps, 'layout' | 'occupancy' | 'orders' | 'policy' | 'now'> & { db: LinliDb };

/** The shelf's map, live. With `mine` (the order card) it reads only the units holding those slots. */
export function LiveSlotMap(props: LiveProps) {
  return props.mine ? <CardSlotMap {...props} mine={props.mine} /> : <WholeSlotMap {...props} />;
}

function WholeSlotMap({ db, ...props }: LiveProps) {
  const data = useShelfData(db);
  return <LiveMap data={data} {...props} />;
}

function CardSlotMap({ db, ...props }: LiveProps & { mine: readonly string[] }) {
  const data = useSlotMapData(db, props.mine);
  return <LiveMap data={data} {...props} />;
}

function LiveMap({ data, ...props }: Omit<LiveProps, 'db'> & { data: ReturnType<typeof useSlotMapData> }) {
  const now = useNow(30_000);
  if (!data?.layout) return null;
  return (
    <SlotMap
      {...props}
      layout={data.layout}
      occupancy={data.occupancy}
      orders={data.shelved}
      policy={data.policy}
      now={now}
    />
  );
}
