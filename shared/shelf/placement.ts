/**
 * The placement check: whether bags may go into slots. One rule for the
 * put-away screen, the orders repository, the reference central and the fake
 * HQ: a bag only goes to a slot of its own temperature zone, and a slot never
 * holds more bags than its capacity.
 */
import type { TemperatureZone } from '../contract/common';

/** What the check needs of a slot. */
export interface SlotCapacity {
  zone: TemperatureZone;
  capacityBags: number;
}

export interface PlacementBag {
  label: string;
  zone: TemperatureZone;
}

export interface BagPlacement {
  bagLabel: string;
  slotId: string;
}

export type PlacementRefusal =
  | { reason: 'unknownBag'; bagLabel: string }
  | { reason: 'unknownSlot'; slotId: string }
  | {
      reason: 'wrongZone';
      bagLabel: string;
      slotId: string;
      bagZone: TemperatureZone;
      slotZone: TemperatureZone;
    }
  /** `used`: bags in the slot before these; `adding`: the bags that did not fit. */
  | { reason: 'full'; slotId: string; capacity: number; used: number; adding: number };

/** Why `adding` bags of `bagZone` cannot go into `slot` holding `used` bags (null: they can). */
export function slotRefusal(
  slotId: string,
  slot: SlotCapacity | undefined,
  bag: PlacementBag,
  used: number,
  adding = 1,
): PlacementRefusal | null {
  if (!slot) return { reason: 'unknownSlot', slotId };
  if (slot.zone !== bag.zone)
    return { reason: 'wrongZone', bagLabel: bag.label, slotId, bagZone: bag.zone, slotZone: slot.zone };
  if (used + adding > slot.capacityBags)
    return { reason: 'full', slotId, capacity: slot.capacityBags, used, adding };
  return null;
}

/**
 * Checks a whole put-away: every placement names a bag of the order and a
 * known slot of the bag's zone (in placement order), then every slot has room
 * for all the bags placed in it on top of `usedBy(slotId)` — the bags already
 * there that these placements do not move. The first refusal, or null.
 */
export function putAwayRefusal(
  bags: readonly PlacementBag[],
  placements: readonly BagPlacement[],
  slotOf: (slotId: string) => SlotCapacity | undefined,
  usedBy: (slotId: string) => number,
): PlacementRefusal | null {
  const bySlot = new Map<string, PlacementBag[]>();
  for (const { bagLabel, slotId } of placements) {
    const bag = bags.find((b) => b.label === bagLabel);
    if (!bag) return { reason: 'unknownBag', bagLabel };
    const zoneOnly = slotRefusal(slotId, slotOf(slotId), bag, 0, 0);
    if (zoneOnly) return zoneOnly;
    bySlot.set(slotId, [...(bySlot.get(slotId) ?? []), bag]);
  }
  for (const [slotId, inSlot] of bySlot) {
    const refusal = slotRefusal(slotId, slotOf(slotId), inSlot[0]!, usedBy(slotId), inSlot.length);
    if (refusal) return refusal;
  }
  return null;
}
