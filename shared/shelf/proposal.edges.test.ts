/**
 * Put-away rules that mutation testing showed no test held: zones without bags,
 * "next to the bag already placed", nearest to the counter apart from list
 * order, and the tie-breaks between plans. Layouts here are built slot by slot
 * so the order slots are listed in never happens to be the right answer.
 */
import { describe, expect, it } from 'vitest';
import type { TemperatureZone } from '../contract/common';
import type { ShelfLayout, ShelfUnit } from '../contract/entities';
import { checkPlacement, free, proposeSlot, type ProposalBag, type SlotLoad } from './proposal';

/** `[row, column, capacity]` per slot; the slot id is `<unit>-<row><column>`. */
type SlotSpec = [row: number, column: number, cap: number];
const unit = (id: string, distance: number, slots: SlotSpec[]): ShelfUnit => ({
  id,
  name: id,
  rows: Math.max(...slots.map(([r]) => r)),
  columns: Math.max(...slots.map(([, c]) => c)),
  distance,
  slots: slots.map(([row, column, cap]) => ({
    id: `${id}-${row}${column}`,
    row,
    column,
    capacityBags: cap,
    label: `SL-${id}-${row}${column}`,
  })),
});
const shelf = (...zones: [TemperatureZone, ShelfUnit[]][]): ShelfLayout => ({
  storeId: 'S001',
  zones: zones.map(([zone, units]) => ({ zone, name: zone, units })),
});
/** A rows × columns grid, all slots of capacity `cap`. */
const grid = (rows: number, columns: number, cap: number): SlotSpec[] =>
  Array.from({ length: rows * columns }, (_, i): SlotSpec => [
    Math.floor(i / columns) + 1,
    (i % columns) + 1,
    cap,
  ]);

const bags = (zone: TemperatureZone, n: number, from = 1): ProposalBag[] =>
  Array.from({ length: n }, (_, i) => ({ label: `LL202611240001-B${from + i}`, zone }));
const load = (slotId: string, n: number): SlotLoad => ({
  slotId,
  bagLabels: Array.from({ length: n }, (_, i) => `X-${slotId}-${i}`),
});
function best(result: ReturnType<typeof proposeSlot>) {
  if (result.kind !== 'proposed') throw new Error(`expected a proposal, got ${JSON.stringify(result)}`);
  return result.proposals[0]!;
}

describe('zones the order has no bags in', () => {
  // An ambient-only order must not be refused because the freezer is full (or missing).
  it('plans only the zones the bags need', () => {
    const layout = shelf(
      ['ambient', [unit('A1', 1, grid(1, 2, 2))]],
      ['frozen', [unit('F1', 2, grid(1, 1, 1))]],
    );
    const result = proposeSlot({ layout, occupancy: [load('F1-11', 1)], bags: bags('ambient', 1) });
    const plan = best(result);
    expect(plan.zones.map((z) => z.zone)).toEqual(['ambient']);
    expect(plan.placements).toEqual([{ bagLabel: 'LL202611240001-B1', slotId: 'A1-11' }]);
    const noFreezer = shelf(['ambient', [unit('A1', 1, grid(1, 1, 1))]]);
    expect(best(proposeSlot({ layout: noFreezer, occupancy: [], bags: bags('ambient', 1) })).slotIds).toEqual(
      ['A1-11'],
    );
  });

  // When two zones are short, the cold one is reported: that is the one the clerk must act on first.
  it('reports the frozen zone first when frozen and ambient are both full', () => {
    const layout = shelf(
      ['ambient', [unit('A1', 1, grid(1, 1, 1))]],
      ['frozen', [unit('F1', 2, grid(1, 1, 1))]],
    );
    const occupancy = [load('A1-11', 1), load('F1-11', 1)];
    expect(
      proposeSlot({ layout, occupancy, bags: [...bags('ambient', 1), ...bags('frozen', 2, 2)] }),
    ).toEqual({
      kind: 'noRoom',
      zone: 'frozen',
      reason: 'full',
      bagsNeeded: 2,
      freeBags: 0,
    });
  });
});

describe('next to the bag already placed', () => {
  // Put-away in progress, the first bag's slot now full: the next bag goes to an
  // edge neighbour of it (so the customer's bags are found together), even when
  // a nearer or diagonal slot is free.
  it('prefers an edge neighbour of the placed bag over nearer and diagonal slots', () => {
    const layout = shelf(['ambient', [unit('A1', 1, grid(1, 3, 2)), unit('A2', 2, grid(2, 3, 2))]]);
    const occupancy = [load('A2-22', 1), load('A2-12', 1)];
    const placed = [{ bagLabel: 'LL202611240001-B1', slotId: 'A2-22' }];
    const plan = best(proposeSlot({ layout, occupancy, placed, bags: bags('ambient', 2) }));
    // A2-12 is a neighbour too, but holds another order's bag; A2-11 is only diagonal.
    expect(plan.placements).toEqual([{ bagLabel: 'LL202611240001-B2', slotId: 'A2-21' }]);
  });

  // The same row and column on another unit is across the aisle, not next to it.
  it('does not count a slot on another unit as a neighbour', () => {
    const layout = shelf(['ambient', [unit('A1', 1, grid(2, 3, 1)), unit('A2', 2, grid(2, 3, 1))]]);
    // The placed bag fills A2-13; its real neighbours A2-12 and A2-23 are full.
    const occupancy = [load('A2-12', 1), load('A2-23', 1)];
    const placed = [{ bagLabel: 'LL202611240001-B1', slotId: 'A2-13' }];
    const plan = best(proposeSlot({ layout, occupancy, placed, bags: bags('ambient', 2) }));
    expect(plan.slotIds).toEqual(['A1-11']);
  });

  // A bag already placed in a slot with room left pulls the rest into the same
  // slot, though an emptier slot nearer the counter is free.
  it('keeps filling the placed bag’s slot while it has room', () => {
    const layout = shelf(['chilled', [unit('C1', 1, grid(1, 2, 3))]]);
    const placed = [{ bagLabel: 'LL202611240001-B1', slotId: 'C1-12' }];
    const plan = best(proposeSlot({ layout, occupancy: [], placed, bags: bags('chilled', 3) }));
    expect(plan.placements).toEqual([
      { bagLabel: 'LL202611240001-B2', slotId: 'C1-12' },
      { bagLabel: 'LL202611240001-B3', slotId: 'C1-12' },
    ]);
  });
});

describe('nearest to the counter', () => {
  // Distance is the unit's walking distance, whatever order HQ lists the units in.
  it('chooses the unit with the least walking distance, not the first listed', () => {
    const layout = shelf([
      'chilled',
      [unit('C1', 5, grid(1, 1, 2)), unit('C2', 1, grid(1, 1, 2)), unit('C3', 3, grid(1, 1, 2))],
    ]);
    const result = proposeSlot({ layout, occupancy: [], bags: bags('chilled', 1) });
    if (result.kind !== 'proposed') throw new Error(result.kind);
    expect(result.proposals.map((p) => p.slotIds[0])).toEqual(['C2-11', 'C3-11', 'C1-11']);
  });

  // Within a unit: fewest steps from row 1, column 1 (rows and columns both count).
  it('chooses the slot fewest steps from the unit’s counter-side corner, not the first listed', () => {
    const slots: SlotSpec[] = [
      [1, 3, 1],
      [2, 2, 1],
      [2, 1, 1],
      [1, 2, 1],
      [1, 1, 1],
    ];
    const layout = shelf(['ambient', [unit('A1', 1, slots)]]);
    const result = proposeSlot({
      layout,
      occupancy: [load('A1-11', 1), load('A1-12', 1)],
      bags: bags('ambient', 1),
    });
    if (result.kind !== 'proposed') throw new Error(result.kind);
    // A1-21 is 1 step; A1-22 and A1-13 are 2; equal steps go by slot id.
    expect(result.proposals.map((p) => p.slotIds[0])).toEqual(['A1-21', 'A1-13', 'A1-22']);
  });
});

describe('tie-breaks between plans', () => {
  // Fewer slots means fewer places to search at pickup: a pair on a farther unit
  // beats three slots on a nearer one.
  it('prefers fewer slots over a nearer unit', () => {
    const layout = shelf(['frozen', [unit('F1', 1, grid(1, 3, 1)), unit('F2', 2, grid(1, 2, 2))]]);
    const plan = best(proposeSlot({ layout, occupancy: [], bags: bags('frozen', 3) }));
    expect(plan.slotIds).toEqual(['F2-11', 'F2-12']);
    expect(plan.placements.map((p) => p.slotId)).toEqual(['F2-11', 'F2-11', 'F2-12']);
  });

  // Among slots holding as many foreign bags, the one less full leaves more room for the next order.
  it('prefers the lower fill among equally used slots', () => {
    const layout = shelf([
      'ambient',
      [
        unit('A1', 1, [
          [1, 1, 2],
          [1, 2, 4],
        ]),
      ],
    ]);
    const occupancy = [load('A1-11', 1), load('A1-12', 1)];
    expect(best(proposeSlot({ layout, occupancy, bags: bags('ambient', 1) })).slotIds).toEqual(['A1-12']);
  });

  // When bags are split over slots, the first slot is filled before the next.
  it('fills the group’s slots in order and grows towards the neighbour with most room', () => {
    const layout = shelf([
      'chilled',
      [
        unit('C1', 1, [
          [1, 1, 2],
          [1, 2, 1],
          [2, 1, 3],
        ]),
      ],
    ]);
    const plan = best(proposeSlot({ layout, occupancy: [], bags: bags('chilled', 4) }));
    expect(plan.placements.map((p) => p.slotId)).toEqual(['C1-11', 'C1-11', 'C1-21', 'C1-21']);
  });

  // A clerk sees at most `limit` plans (at least one); a zone with fewer options repeats its last.
  it('returns up to `limit` plans, at least one, and repeats a zone’s only option', () => {
    const layout = shelf(
      ['ambient', [unit('A1', 1, grid(1, 3, 1))]],
      ['frozen', [unit('F1', 2, grid(1, 1, 1))]],
    );
    const input = { layout, occupancy: [], bags: [...bags('ambient', 1), ...bags('frozen', 1, 2)] };
    const all = proposeSlot(input);
    if (all.kind !== 'proposed') throw new Error(all.kind);
    expect(all.proposals.map((p) => p.slotIds)).toEqual([
      ['F1-11', 'A1-11'],
      ['F1-11', 'A1-12'],
      ['F1-11', 'A1-13'],
    ]);
    const two = proposeSlot({ ...input, limit: 2 });
    expect(two.kind === 'proposed' && two.proposals).toHaveLength(2);
    const none = proposeSlot({ ...input, limit: 0 });
    expect(none.kind === 'proposed' && none.proposals).toHaveLength(1);
    const six = layout.zones[0]!.units[0]!;
    const many = proposeSlot({
      layout: shelf(['ambient', [{ ...six, slots: unit('A1', 1, grid(2, 4, 1)).slots }]]),
      occupancy: [],
      bags: bags('ambient', 1),
    });
    expect(many.kind === 'proposed' && many.proposals).toHaveLength(5);
  });

  // The same slot listed twice in the occupancy (two orders' rows) counts both loads.
  it('adds up every load of a slot', () => {
    const layout = shelf(['ambient', [unit('A1', 1, grid(1, 2, 3))]]);
    const occupancy = [load('A1-11', 1), { slotId: 'A1-11', bagLabels: ['Y-1'] }];
    expect(best(proposeSlot({ layout, occupancy, bags: bags('ambient', 2) })).slotIds).toEqual(['A1-12']);
    expect(checkPlacement(layout, occupancy, [], bags('ambient', 1)[0]!, 'A1-11')).toEqual({
      ok: true,
      freeAfter: 0,
    });
  });

  // An overfull slot (a clerk squeezed a bag in) has no room, never negative room.
  it('free room is never negative', () => {
    expect(free({ capacity: 2, used: 5 })).toBe(0);
    expect(free({ capacity: 3, used: 1 })).toBe(2);
  });
});

describe('groups of slots', () => {
  // Two bags fill a pair of one-bag slots exactly: no third slot is needed.
  it('stops growing a group when its room equals the bags', () => {
    const layout = shelf(['chilled', [unit('C1', 1, grid(1, 2, 1))]]);
    const result = proposeSlot({ layout, occupancy: [], bags: bags('chilled', 2) });
    if (result.kind !== 'proposed') throw new Error(result.kind);
    // One plan: the same pair grown from either end is one option, not two.
    expect(result.proposals.map((p) => p.slotIds)).toEqual([['C1-11', 'C1-12']]);
    expect(result.proposals[0]!.zones[0]!.slotIds).toEqual(['C1-11', 'C1-12']);
  });

  // A group grows along its whole edge: the third slot neighbours the second, not the first.
  it('grows a group slot by slot along a row', () => {
    const layout = shelf(['chilled', [unit('C1', 1, grid(1, 3, 1))]]);
    expect(best(proposeSlot({ layout, occupancy: [], bags: bags('chilled', 3) })).slotIds).toEqual([
      'C1-11',
      'C1-12',
      'C1-13',
    ]);
  });

  // When one slot holds them all, splitting the bags is never offered as an alternative.
  it('offers only single slots when one slot has room', () => {
    const layout = shelf([
      'ambient',
      [
        unit('A1', 1, [
          [1, 1, 2],
          [1, 2, 1],
          [1, 3, 1],
        ]),
      ],
    ]);
    const result = proposeSlot({ layout, occupancy: [], bags: bags('ambient', 2) });
    if (result.kind !== 'proposed') throw new Error(result.kind);
    expect(result.proposals.map((p) => p.slotIds)).toEqual([['A1-11']]);
  });

  // Two different pairs are two options; neither hides the other.
  it('lists every distinct group once', () => {
    const layout = shelf(['chilled', [unit('C1', 1, grid(1, 4, 1))]]);
    const result = proposeSlot({ layout, occupancy: [load('C1-12', 1)], bags: bags('chilled', 2) });
    if (result.kind !== 'proposed') throw new Error(result.kind);
    expect(result.proposals.map((p) => p.slotIds)).toEqual([['C1-13', 'C1-14']]);
    const wider = proposeSlot({ layout, occupancy: [], bags: bags('chilled', 2) });
    if (wider.kind !== 'proposed') throw new Error(wider.kind);
    expect(wider.proposals.map((p) => p.slotIds)).toEqual([
      ['C1-11', 'C1-12'],
      // A group lists its seed slot first: the one filled first.
      ['C1-13', 'C1-12'],
      ['C1-14', 'C1-13'],
    ]);
  });

  // Equal in every rule, plans are ordered by slot id, whatever order the layout lists them in.
  it('breaks a full tie by slot id', () => {
    const layout = shelf([
      'ambient',
      [
        unit('A1', 1, [
          [2, 2, 1],
          [3, 1, 1],
          [1, 3, 1],
        ]),
      ],
    ]);
    const result = proposeSlot({ layout, occupancy: [], bags: bags('ambient', 1) });
    if (result.kind !== 'proposed') throw new Error(result.kind);
    expect(result.proposals.map((p) => p.slotIds[0])).toEqual(['A1-13', 'A1-22', 'A1-31']);
  });
});

describe('next to any bag already placed', () => {
  // The placed bag's slot, with room left, belongs in the group for the rest,
  // ahead of an emptier pair beside it.
  it('keeps a group that includes the placed bag’s slot ahead of one beside it', () => {
    const layout = shelf(['ambient', [unit('A1', 1, grid(1, 4, 2))]]);
    const placed = [{ bagLabel: 'LL202611240001-B1', slotId: 'A1-12' }];
    const plan = best(proposeSlot({ layout, occupancy: [], placed, bags: bags('ambient', 4) }));
    expect(plan.placements.map((p) => p.slotId)).toEqual(['A1-11', 'A1-11', 'A1-12']);
  });

  // A group counts as next to the placed bag when any of its slots is.
  it('counts a group as adjacent when one of its slots is', () => {
    const layout = shelf(['ambient', [unit('A0', 0, grid(1, 2, 1)), unit('A1', 1, grid(1, 4, 1))]]);
    const placed = [{ bagLabel: 'LL202611240001-B1', slotId: 'A1-11' }];
    const plan = best(proposeSlot({ layout, occupancy: [], placed, bags: bags('ambient', 3) }));
    expect(plan.slotIds).toEqual(['A1-12', 'A1-13']);
  });

  // Bags already in two slots: next to either of them will do.
  it('is next to any of the placed bags, not all of them', () => {
    const layout = shelf(['ambient', [unit('A1', 1, grid(1, 5, 2))]]);
    const occupancy = [load('A1-11', 1), load('A1-15', 1), load('A1-12', 1)];
    const placed = [
      { bagLabel: 'LL202611240001-B1', slotId: 'A1-11' },
      { bagLabel: 'LL202611240001-B2', slotId: 'A1-15' },
    ];
    const plan = best(proposeSlot({ layout, occupancy, placed, bags: bags('ambient', 3) }));
    expect(plan.slotIds).toEqual(['A1-14']);
  });
});

describe('a group’s nearest slot', () => {
  // A group reaching the unit's counter-side corner is nearer than one that does
  // not, though both reach as far back.
  it('ranks groups by their slot nearest the counter', () => {
    const layout = shelf(['frozen', [unit('F1', 1, grid(2, 2, 1)), unit('F2', 1, grid(1, 3, 1))]]);
    const plan = best(proposeSlot({ layout, occupancy: [load('F1-11', 1)], bags: bags('frozen', 3) }));
    expect(plan.slotIds).toEqual(['F2-11', 'F2-12', 'F2-13']);
  });
});
