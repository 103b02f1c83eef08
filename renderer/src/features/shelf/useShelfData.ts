import { useLiveQuery } from 'dexie-react-hooks';
import type { ShelfLayout, StorePolicy, TemperatureZone } from '@shared/contract';
import { DEFAULT_STORE_TIME_ZONE } from '@shared/time/storeTime';
import type { LinliDb } from '../../db/database';
import { getMeta, metaKey } from '../../db/meta';
import type { OrderRow, SlotOccupancyRow } from '../../db/types';

/**
 * What the shelf screens read, live: HQ's layout, every bag on the shelf, the
 * orders on it (bounded by the shelf's capacity: a few hundred at most), the
 * orders waiting to be put away, and HQ's store policy (grace hours).
 */
export interface ShelfData {
  layout: ShelfLayout | null;
  occupancy: SlotOccupancyRow[];
  /** Shelved orders by id. */
  shelved: Map<string, OrderRow>;
  /** Arrived, not yet on a shelf: oldest arrival first. */
  arrived: OrderRow[];
  policy: StorePolicy | null;
  timeZone: string | undefined;
}

export function useShelfData(db: LinliDb): ShelfData | undefined {
  return useLiveQuery(async () => {
    const identity = await getMeta(db, 'terminal');
    const storeId = identity?.storeId;
    const [layout, occupancy, shelved, arrived, policyRow, storeRow] = await Promise.all([
      storeId ? db.layout.get(storeId) : db.layout.toCollection().first(),
      db.slotOccupancy.toArray(),
      db.orders.where('status').equals('shelved').toArray(),
      db.orders.where('status').equals('arrived').toArray(),
      storeId ? getMeta(db, metaKey.storePolicy(storeId)) : undefined,
      storeId ? getMeta(db, metaKey.store(storeId)) : undefined,
    ]);
    const sameStore = (o: OrderRow) => !storeId || o.storeId === storeId;
    return {
      layout: layout ?? null,
      occupancy,
      shelved: new Map(shelved.filter(sameStore).map((o) => [o.id, o])),
      arrived: arrived
        .filter(sameStore)
        .sort((a, b) => (a.arrivedAt ?? a.updatedAt).localeCompare(b.arrivedAt ?? b.updatedAt)),
      policy: policyRow ?? null,
      timeZone: storeRow?.timeZone,
    };
  }, [db]);
}

/**
 * What the order card's compact map reads, live: only the shelf units that hold
 * `mine`, their bags and the orders in them. Never every shelved order — a
 * store's history can leave thousands `shelved`, and reading them all on each
 * scan would hold up the card (B1).
 */
export function useSlotMapData(
  db: LinliDb,
  mine: readonly string[],
): Pick<ShelfData, 'layout' | 'occupancy' | 'shelved' | 'policy'> | undefined {
  const key = mine.join('\u0000');
  return useLiveQuery(async () => {
    const identity = await getMeta(db, 'terminal');
    const storeId = identity?.storeId;
    const [layout, policyRow] = await Promise.all([
      storeId ? db.layout.get(storeId) : db.layout.toCollection().first(),
      storeId ? getMeta(db, metaKey.storePolicy(storeId)) : undefined,
    ]);
    const wanted = new Set(key.split('\u0000'));
    const unitSlots = (layout?.zones ?? [])
      .flatMap((z) => z.units)
      .filter((u) => u.slots.some((s) => wanted.has(s.id)))
      .flatMap((u) => u.slots.map((s) => s.id));
    const occupancy = unitSlots.length
      ? await db.slotOccupancy.where('slotId').anyOf(unitSlots).toArray()
      : [];
    const orders = await db.orders.bulkGet([...new Set(occupancy.map((o) => o.orderId))]);
    const shelved = new Map<string, OrderRow>();
    for (const o of orders) if (o && o.status === 'shelved') shelved.set(o.id, o);
    return { layout: layout ?? null, occupancy, shelved, policy: policyRow ?? null };
  }, [db, key]);
}

/** The zone of each slot id in a layout. */
export function slotZones(layout: ShelfLayout): Map<string, TemperatureZone> {
  const zones = new Map<string, TemperatureZone>();
  for (const z of layout.zones) for (const u of z.units) for (const s of u.slots) zones.set(s.id, z.zone);
  return zones;
}

/** A time in the store's time zone (never the machine's), short (11-24 18:30). */
export function formatTime(iso: string | number, timeZone: string | undefined, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, {
      timeZone: timeZone ?? DEFAULT_STORE_TIME_ZONE,
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}
