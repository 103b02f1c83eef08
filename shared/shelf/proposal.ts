import type { TemperatureZone } from '../contract/common';
import type { ShelfLayout, ShelfUnit } from '../contract/entities';
import { slotRefusal } from './placement';

/**
 * Slot proposal for put-away: where an arrived order's bags should go.
 *
 * Rules, in order of precedence:
 * 1. Same temperature zone: a bag only ever goes to a slot of its own zone.
 * 2. Never over capacity: bags already on the shelf (and bags of this order
 *    already placed) count against a slot's `capacityBags`.
 * 3. An order's bags of one zone together: one slot when one slot has room,
 *    otherwise a group of adjacent slots (edge neighbours on one shelf unit).
 *    Bags of the order already placed pull the rest towards their slot.
 * 4. Emptiest first: a slot with fewer bags of other orders in it is better
 *    (an empty slot means no mixing orders up at pickup).
 * 5. Nearest to the counter first: the unit's walking `distance` from the
 *    counter, then the slot's steps from the unit's counter-side anchor
 *    (row 1, column 1 — the top of the end that faces the counter).
 *
 * Pure: plain data in, a typed result out; never throws.
 */

export interface ProposalBag {
  label: string;
  zone: TemperatureZone;
}

/** Bags sitting in a slot now (the local `slotOccupancy` rows have this shape). */
export interface SlotLoad {
  slotId: string;
  bagLabels: readonly string[];
}

export interface ProposedPlacement {
  bagLabel: string;
  slotId: string;
}

/** One way to shelve the bags of one zone. */
export interface ZoneOption {
  zone: TemperatureZone;
  unitId: string;
  /** The slots used, best first; one slot when the bags fit together. */
  slotIds: string[];
  placements: ProposedPlacement[];
}

/** A full plan: every bag of the order placed. */
export interface Proposal {
  placements: ProposedPlacement[];
  /** Distinct slots, in placement order. */
  slotIds: string[];
  /** Per zone, the option this plan uses. */
  zones: ZoneOption[];
}

export type NoRoomReason =
  /** The layout has no shelf of this zone. */
  | 'noZone'
  /** The zone's free places add up to fewer than the bags. */
  | 'full'
  /** Enough free places in the zone, but not together or adjacent. */
  | 'scattered';

export type ProposalResult =
  | { kind: 'proposed'; proposals: Proposal[] }
  | { kind: 'noRoom'; zone: TemperatureZone; reason: NoRoomReason; bagsNeeded: number; freeBags: number }
  | { kind: 'noBags' };

export interface ProposeSlotInput {
  layout: ShelfLayout;
  /** Every bag on the shelf now, all orders. */
  occupancy: readonly SlotLoad[];
  /** The bags still to place. */
  bags: readonly ProposalBag[];
  /** Bags of this order already placed (put-away in progress): their slots attract the rest. */
  placed?: readonly ProposedPlacement[];
  /** How many ranked plans to return (default 5). */
  limit?: number;
}

interface SlotInfo {
  id: string;
  zone: TemperatureZone;
  unit: ShelfUnit;
  row: number;
  column: number;
  capacity: number;
  used: number;
}

export const free = (slot: Pick<SlotInfo, 'capacity' | 'used'>): number =>
  Math.max(0, slot.capacity - slot.used);

/** Steps from the unit's counter-side anchor (row 1, column 1). */
const steps = (slot: Pick<SlotInfo, 'row' | 'column'>): number => slot.row - 1 + (slot.column - 1);

const adjacent = (a: SlotInfo, b: SlotInfo): boolean =>
  a.unit === b.unit && Math.abs(a.row - b.row) + Math.abs(a.column - b.column) === 1;

/** The slots of a layout with their current load. */
function slotsOf(layout: ShelfLayout, occupancy: readonly SlotLoad[], placed: readonly ProposedPlacement[]) {
  const used = new Map<string, number>();
  for (const load of occupancy) used.set(load.slotId, (used.get(load.slotId) ?? 0) + load.bagLabels.length);
  for (const p of placed) used.set(p.slotId, (used.get(p.slotId) ?? 0) + 1);
  const slots: SlotInfo[] = [];
  for (const zone of layout.zones)
    for (const unit of zone.units)
      for (const s of unit.slots)
        slots.push({
          id: s.id,
          zone: zone.zone,
          unit,
          row: s.row,
          column: s.column,
          capacity: s.capacityBags,
          used: used.get(s.id) ?? 0,
        });
  return slots;
}

interface Candidate {
  slots: SlotInfo[];
  /** 0 in an already-used slot of the order, 1 next to one, 2 elsewhere. */
  together: number;
  /** Bags of other orders in the chosen slots. */
  used: number;
  fill: number;
  distance: number;
  steps: number;
}

function compare(a: Candidate, b: Candidate): number {
  return (
    a.together - b.together ||
    a.slots.length - b.slots.length ||
    a.used - b.used ||
    a.fill - b.fill ||
    a.distance - b.distance ||
    a.steps - b.steps ||
    (a.slots[0]!.id < b.slots[0]!.id ? -1 : a.slots[0]!.id > b.slots[0]!.id ? 1 : 0)
  );
}

function candidate(slots: SlotInfo[], anchors: readonly SlotInfo[]): Candidate {
  const together = anchors.length
    ? slots.some((s) => anchors.includes(s))
      ? 0
      : slots.some((s) => anchors.some((a) => adjacent(a, s)))
        ? 1
        : 2
    : 2;
  const capacity = slots.reduce((n, s) => n + s.capacity, 0);
  const used = slots.reduce((n, s) => n + s.used, 0);
  return {
    slots,
    together,
    used,
    fill: capacity ? used / capacity : 1,
    distance: slots[0]!.unit.distance,
    steps: Math.min(...slots.map(steps)),
  };
}

/**
 * From a seed slot, grows a connected group of slots with room on the same
 * unit (the neighbour with the most room first) until `need` bags fit.
 */
function grow(seed: SlotInfo, open: readonly SlotInfo[], need: number): SlotInfo[] | null {
  const group = [seed];
  let room = free(seed);
  while (room < need) {
    const next = open
      .filter((s) => !group.includes(s) && group.some((g) => adjacent(g, s)))
      .sort((a, b) => free(b) - free(a) || steps(a) - steps(b))[0];
    if (!next) return null;
    group.push(next);
    room += free(next);
  }
  return group;
}

function placementsFor(bags: readonly ProposalBag[], group: readonly SlotInfo[]): ProposedPlacement[] {
  const left = new Map(group.map((s) => [s.id, free(s)]));
  const out: ProposedPlacement[] = [];
  let i = 0;
  for (const bag of bags) {
    while (i < group.length && (left.get(group[i]!.id) ?? 0) === 0) i++;
    const slot = group[i]!;
    left.set(slot.id, (left.get(slot.id) ?? 0) - 1);
    out.push({ bagLabel: bag.label, slotId: slot.id });
  }
  return out;
}

type ZoneResult =
  | { ok: true; options: ZoneOption[] }
  | { ok: false; zone: TemperatureZone; reason: NoRoomReason; bagsNeeded: number; freeBags: number };

function proposeZone(
  zone: TemperatureZone,
  bags: readonly ProposalBag[],
  slots: readonly SlotInfo[],
  anchors: readonly SlotInfo[],
  limit: number,
): ZoneResult {
  const inZone = slots.filter((s) => s.zone === zone);
  const open = inZone.filter((s) => free(s) > 0);
  const freeBags = open.reduce((n, s) => n + free(s), 0);
  const need = bags.length;
  if (inZone.length === 0) return { ok: false, zone, reason: 'noZone', bagsNeeded: need, freeBags };
  if (freeBags < need) return { ok: false, zone, reason: 'full', bagsNeeded: need, freeBags };
  const whole = open.filter((s) => free(s) >= need).map((s) => candidate([s], anchors));
  let candidates = whole;
  if (candidates.length === 0) {
    const seen = new Set<string>();
    candidates = [];
    for (const seed of open) {
      const group = grow(seed, open, need);
      if (!group) continue;
      const key = group
        .map((s) => s.id)
        .sort()
        .join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push(candidate(group, anchors));
    }
  }
  if (candidates.length === 0) return { ok: false, zone, reason: 'scattered', bagsNeeded: need, freeBags };
  const options = candidates
    .sort(compare)
    .slice(0, limit)
    .map((c): ZoneOption => ({
      zone,
      unitId: c.slots[0]!.unit.id,
      slotIds: c.slots.map((s) => s.id),
      placements: placementsFor(bags, c.slots),
    }));
  return { ok: true, options };
}

const ZONE_ORDER: readonly TemperatureZone[] = ['frozen', 'chilled', 'ambient'];

/** Ranked slot proposals for an order's bags, or why there is no room. */
export function proposeSlot(input: ProposeSlotInput): ProposalResult {
  const limit = Math.max(1, input.limit ?? 5);
  const placed = input.placed ?? [];
  const placedLabels = new Set(placed.map((p) => p.bagLabel));
  const bags = input.bags.filter((b) => !placedLabels.has(b.label));
  if (bags.length === 0) return { kind: 'noBags' };
  const slots = slotsOf(input.layout, input.occupancy, placed);
  const perZone: ZoneOption[][] = [];
  // Cold chain first: the zones with the least slack are decided first (and reported first when full).
  for (const zone of ZONE_ORDER) {
    const zoneBags = bags.filter((b) => b.zone === zone);
    if (zoneBags.length === 0) continue;
    const anchors = slots.filter((s) => s.zone === zone && placed.some((p) => p.slotId === s.id));
    const result = proposeZone(zone, zoneBags, slots, anchors, limit);
    if (!result.ok) {
      const { zone: z, reason, bagsNeeded, freeBags } = result;
      return { kind: 'noRoom', zone: z, reason, bagsNeeded, freeBags };
    }
    perZone.push(result.options);
  }
  const count = Math.max(...perZone.map((o) => o.length));
  const proposals: Proposal[] = [];
  for (let i = 0; i < count; i++) {
    const zones = perZone.map((options) => options[Math.min(i, options.length - 1)]!);
    const placements = zones.flatMap((z) => z.placements);
    proposals.push({ placements, slotIds: [...new Set(placements.map((p) => p.slotId))], zones });
  }
  return { kind: 'proposed', proposals };
}

export type PlacementCheck =
  | { ok: true; freeAfter: number }
  | { ok: false; reason: 'unknownSlot' }
  | { ok: false; reason: 'wrongZone'; bagZone: TemperatureZone; slotZone: TemperatureZone }
  | { ok: false; reason: 'full'; capacity: number; used: number };

/**
 * Whether one bag may go into a slot the clerk chose (scanned or clicked):
 * the placement rule (`slotRefusal`: same zone, room left), counting the loads given (the shelf now plus bags
 * of this order already placed in this put-away).
 */
export function checkPlacement(
  layout: ShelfLayout,
  occupancy: readonly SlotLoad[],
  placed: readonly ProposedPlacement[],
  bag: ProposalBag,
  slotId: string,
): PlacementCheck {
  const slot = slotsOf(layout, occupancy, placed).find((s) => s.id === slotId);
  if (!slot) return { ok: false, reason: 'unknownSlot' };
  const refusal = slotRefusal(slotId, { zone: slot.zone, capacityBags: slot.capacity }, bag, slot.used);
  if (refusal?.reason === 'wrongZone')
    return { ok: false, reason: 'wrongZone', bagZone: refusal.bagZone, slotZone: refusal.slotZone };
  if (refusal) return { ok: false, reason: 'full', capacity: slot.capacity, used: slot.used };
  return { ok: true, freeAfter: free(slot) - 1 };
}
