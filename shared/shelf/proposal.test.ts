import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TemperatureZone } from '../contract/common';
import type { ShelfLayout } from '../contract/entities';
import { checkPlacement, proposeSlot, type ProposalBag, type SlotLoad } from './proposal';

const LETTER = { ambient: 'A', chilled: 'C', frozen: 'F' } as const;

/** A layout: per zone, units of rows × columns slots, `cap` bags each; units numbered by distance. */
function layout(
  zones: { zone: TemperatureZone; units: number; rows: number; columns: number; cap: number }[],
): ShelfLayout {
  let distance = 0;
  return {
    storeId: 'S001',
    zones: zones.map((z) => ({
      zone: z.zone,
      name: z.zone,
      units: Array.from({ length: z.units }, (_, u) => {
        distance += 1;
        const unitId = `${LETTER[z.zone]}${u + 1}`;
        return {
          id: unitId,
          name: unitId,
          rows: z.rows,
          columns: z.columns,
          distance,
          slots: Array.from({ length: z.rows * z.columns }, (_, i) => {
            const id = `${unitId}-${String(i + 1).padStart(2, '0')}`;
            return {
              id,
              row: Math.floor(i / z.columns) + 1,
              column: (i % z.columns) + 1,
              capacityBags: z.cap,
              label: `SL-${id}`,
            };
          }),
        };
      }),
    })),
  };
}

const DEMO = layout([
  { zone: 'ambient', units: 2, rows: 2, columns: 3, cap: 3 },
  { zone: 'chilled', units: 2, rows: 2, columns: 3, cap: 2 },
  { zone: 'frozen', units: 1, rows: 2, columns: 2, cap: 2 },
]);

const bags = (zone: TemperatureZone, n: number, order = 'LL202611240001'): ProposalBag[] =>
  Array.from({ length: n }, (_, i) => ({ label: `${order}-B${i + 1}`, zone }));

const load = (slotId: string, n: number): SlotLoad => ({
  slotId,
  bagLabels: Array.from({ length: n }, (_, i) => `X-${slotId}-${i}`),
});

function best(result: ReturnType<typeof proposeSlot>) {
  if (result.kind !== 'proposed') throw new Error(`expected a proposal, got ${JSON.stringify(result)}`);
  return result.proposals[0]!;
}

describe('proposeSlot', () => {
  it('puts a chilled bag in the nearest empty chilled slot (unit distance, then row 1 column 1)', () => {
    const plan = best(proposeSlot({ layout: DEMO, occupancy: [], bags: bags('chilled', 1) }));
    expect(plan.placements).toEqual([{ bagLabel: 'LL202611240001-B1', slotId: 'C1-01' }]);
  });

  it('prefers an empty slot over a nearer one with another order’s bags in it', () => {
    const plan = best(proposeSlot({ layout: DEMO, occupancy: [load('A1-01', 1)], bags: bags('ambient', 1) }));
    expect(plan.slotIds).toEqual(['A1-02']);
  });

  it('prefers the emptier of two partly used slots', () => {
    const full = [3, 4, 5, 6].flatMap((n) => [load(`A1-0${n}`, 3), load(`A2-0${n}`, 3)]);
    const occupancy = [...full, load('A2-01', 3), load('A2-02', 3), load('A1-01', 2), load('A1-02', 1)];
    const plan = best(proposeSlot({ layout: DEMO, occupancy, bags: bags('ambient', 1) }));
    expect(plan.slotIds).toEqual(['A1-02']);
  });

  it('keeps an order’s bags of one zone together in one slot when one has room', () => {
    const plan = best(proposeSlot({ layout: DEMO, occupancy: [], bags: bags('ambient', 3) }));
    expect(plan.slotIds).toEqual(['A1-01']);
  });

  it('spreads bags over adjacent slots of one unit when no slot holds them all', () => {
    const plan = best(proposeSlot({ layout: DEMO, occupancy: [], bags: bags('chilled', 3) }));
    expect(plan.slotIds).toHaveLength(2);
    const [a, b] = plan.slotIds as [string, string];
    expect(a.slice(0, 2)).toBe(b.slice(0, 2));
  });

  it('places each zone’s bags in that zone', () => {
    const mixed = [...bags('ambient', 1), { label: 'LL202611240001-B2', zone: 'frozen' as const }];
    const plan = best(proposeSlot({ layout: DEMO, occupancy: [], bags: mixed }));
    expect(plan.placements).toEqual([
      { bagLabel: 'LL202611240001-B2', slotId: 'F1-01' },
      { bagLabel: 'LL202611240001-B1', slotId: 'A1-01' },
    ]);
  });

  it('pulls the remaining bags towards the slot a first bag went to', () => {
    const plan = best(
      proposeSlot({
        layout: DEMO,
        occupancy: [],
        bags: bags('ambient', 2),
        placed: [{ bagLabel: 'LL202611240001-B1', slotId: 'A2-05' }],
      }),
    );
    expect(plan.placements).toEqual([{ bagLabel: 'LL202611240001-B2', slotId: 'A2-05' }]);
  });

  it('says there is no room, typed: full zone, missing zone, scattered room', () => {
    const frozenFull = ['F1-01', 'F1-02', 'F1-03', 'F1-04'].map((s) => load(s, 2));
    expect(proposeSlot({ layout: DEMO, occupancy: frozenFull, bags: bags('frozen', 1) })).toEqual({
      kind: 'noRoom',
      zone: 'frozen',
      reason: 'full',
      bagsNeeded: 1,
      freeBags: 0,
    });
    const noFrozen = layout([{ zone: 'ambient', units: 1, rows: 1, columns: 1, cap: 1 }]);
    expect(proposeSlot({ layout: noFrozen, occupancy: [], bags: bags('frozen', 1) })).toMatchObject({
      kind: 'noRoom',
      reason: 'noZone',
    });
    // Two free places in frozen, diagonal from each other: no adjacent pair.
    const diagonal = [load('F1-01', 1), load('F1-02', 2), load('F1-03', 2), load('F1-04', 1)];
    expect(proposeSlot({ layout: DEMO, occupancy: diagonal, bags: bags('frozen', 2) })).toMatchObject({
      kind: 'noRoom',
      reason: 'scattered',
      freeBags: 2,
    });
  });

  it('has nothing to propose when every bag is placed', () => {
    const all = bags('ambient', 1);
    expect(
      proposeSlot({
        layout: DEMO,
        occupancy: [],
        bags: all,
        placed: [{ bagLabel: all[0]!.label, slotId: 'A1-01' }],
      }),
    ).toEqual({ kind: 'noBags' });
  });
});

describe('checkPlacement', () => {
  it('refuses a chilled bag on an ambient shelf, anything non-frozen on frozen, a full slot, an unknown slot', () => {
    const [chilled] = bags('chilled', 1);
    expect(checkPlacement(DEMO, [], [], chilled!, 'A1-01')).toEqual({
      ok: false,
      reason: 'wrongZone',
      bagZone: 'chilled',
      slotZone: 'ambient',
    });
    expect(checkPlacement(DEMO, [], [], chilled!, 'F1-01')).toMatchObject({ ok: false, reason: 'wrongZone' });
    expect(
      checkPlacement(DEMO, [load('C1-01', 1)], [{ bagLabel: 'x', slotId: 'C1-01' }], chilled!, 'C1-01'),
    ).toMatchObject({ ok: false, reason: 'full', capacity: 2, used: 2 });
    expect(checkPlacement(DEMO, [], [], chilled!, 'C9-99')).toEqual({ ok: false, reason: 'unknownSlot' });
    expect(checkPlacement(DEMO, [load('C1-01', 1)], [], chilled!, 'C1-01')).toEqual({
      ok: true,
      freeAfter: 0,
    });
  });
});

// ---- properties ----

const ZONES: TemperatureZone[] = ['ambient', 'chilled', 'frozen'];

const arbLayout = fc
  .array(
    fc.record({
      zone: fc.constantFrom(...ZONES),
      units: fc.integer({ min: 1, max: 3 }),
      rows: fc.integer({ min: 1, max: 4 }),
      columns: fc.integer({ min: 1, max: 4 }),
      cap: fc.integer({ min: 1, max: 4 }),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((zs) => layout(zs.filter((z, i) => zs.findIndex((y) => y.zone === z.zone) === i)));

const arbCase = arbLayout.chain((l) => {
  const slots = l.zones.flatMap((z) => z.units.flatMap((u) => u.slots));
  return fc.record({
    layout: fc.constant(l),
    occupancy: fc.array(
      fc
        .record({ slot: fc.constantFrom(...slots), n: fc.integer({ min: 0, max: 4 }) })
        .map(({ slot, n }) => load(slot.id, Math.min(n, slot.capacityBags))),
      { maxLength: 12 },
    ),
    bags: fc
      .array(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 6 })
      .map((zs) => zs.map((zone, i) => ({ label: `LL202611240001-B${i + 1}`, zone }))),
  });
});

function slotIndex(l: ShelfLayout) {
  const index = new Map<
    string,
    { zone: TemperatureZone; unit: string; row: number; column: number; cap: number }
  >();
  for (const z of l.zones)
    for (const u of z.units)
      for (const s of u.slots)
        index.set(s.id, { zone: z.zone, unit: u.id, row: s.row, column: s.column, cap: s.capacityBags });
  return index;
}

function usedBy(occupancy: readonly SlotLoad[]) {
  const used = new Map<string, number>();
  for (const o of occupancy) used.set(o.slotId, (used.get(o.slotId) ?? 0) + o.bagLabels.length);
  return used;
}

describe('proposeSlot properties', () => {
  it('every proposal places every bag once, in its own zone, never over capacity', () => {
    fc.assert(
      fc.property(arbCase, ({ layout: l, occupancy, bags: bs }) => {
        const result = proposeSlot({ layout: l, occupancy, bags: bs });
        if (result.kind !== 'proposed') return;
        const index = slotIndex(l);
        for (const plan of result.proposals) {
          expect(plan.placements.map((p) => p.bagLabel).sort()).toEqual(bs.map((b) => b.label).sort());
          const used = usedBy(occupancy);
          for (const p of plan.placements) {
            const slot = index.get(p.slotId)!;
            expect(slot.zone).toBe(bs.find((b) => b.label === p.bagLabel)!.zone);
            used.set(p.slotId, (used.get(p.slotId) ?? 0) + 1);
          }
          for (const id of plan.slotIds) expect(used.get(id)).toBeLessThanOrEqual(index.get(id)!.cap);
        }
      }),
    );
  });

  it('an order’s bags of one zone sit in one slot or in connected adjacent slots of one unit', () => {
    fc.assert(
      fc.property(arbCase, ({ layout: l, occupancy, bags: bs }) => {
        const result = proposeSlot({ layout: l, occupancy, bags: bs });
        if (result.kind !== 'proposed') return;
        const index = slotIndex(l);
        for (const plan of result.proposals)
          for (const zone of ZONES) {
            const ids = [
              ...new Set(
                plan.placements
                  .filter((p) => bs.find((b) => b.label === p.bagLabel)!.zone === zone)
                  .map((p) => p.slotId),
              ),
            ];
            if (ids.length <= 1) continue;
            const slots = ids.map((id) => index.get(id)!);
            expect(new Set(slots.map((s) => s.unit)).size).toBe(1);
            // connected: a walk over edge neighbours reaches every slot
            const reached = new Set([0]);
            let grew = true;
            while (grew) {
              grew = false;
              slots.forEach((s, i) => {
                if (reached.has(i)) return;
                if (
                  [...reached].some(
                    (j) => Math.abs(slots[j]!.row - s.row) + Math.abs(slots[j]!.column - s.column) === 1,
                  )
                ) {
                  reached.add(i);
                  grew = true;
                }
              });
            }
            expect(reached.size).toBe(slots.length);
          }
      }),
    );
  });

  it('no room only when it is true: a full zone has fewer free places than bags; otherwise one exists', () => {
    fc.assert(
      fc.property(arbCase, ({ layout: l, occupancy, bags: bs }) => {
        const result = proposeSlot({ layout: l, occupancy, bags: bs });
        const index = slotIndex(l);
        const used = usedBy(occupancy);
        const freeIn = (zone: TemperatureZone) =>
          [...index]
            .filter(([, s]) => s.zone === zone)
            .reduce((n, [id, s]) => n + Math.max(0, s.cap - (used.get(id) ?? 0)), 0);
        const need = (zone: TemperatureZone) => bs.filter((b) => b.zone === zone).length;
        if (result.kind === 'noRoom') {
          expect(result.bagsNeeded).toBe(need(result.zone));
          if (result.reason === 'full') expect(freeIn(result.zone)).toBeLessThan(need(result.zone));
          if (result.reason === 'noZone') expect(l.zones.some((z) => z.zone === result.zone)).toBe(false);
          if (result.reason === 'scattered')
            expect(freeIn(result.zone)).toBeGreaterThanOrEqual(need(result.zone));
        } else {
          expect(result.kind).toBe('proposed');
          // A single empty slot that holds every bag of a zone is never passed over for a worse one.
        }
        // One slot with enough room for a zone's bags → the best plan uses exactly one slot there.
        if (result.kind === 'proposed')
          for (const zone of ZONES) {
            const n = need(zone);
            if (!n) continue;
            const fits = [...index].some(([id, s]) => s.zone === zone && s.cap - (used.get(id) ?? 0) >= n);
            const ids = new Set(
              result.proposals[0]!.placements.filter(
                (p) => bs.find((b) => b.label === p.bagLabel)!.zone === zone,
              ).map((p) => p.slotId),
            );
            if (fits) expect(ids.size).toBe(1);
          }
      }),
    );
  });

  it('the best single-slot choice is an emptiest slot, and among those the nearest unit', () => {
    fc.assert(
      fc.property(arbCase, ({ layout: l, occupancy }) => {
        const bag: ProposalBag = { label: 'LL202611240001-B1', zone: l.zones[0]!.zone };
        const result = proposeSlot({ layout: l, occupancy, bags: [bag] });
        if (result.kind !== 'proposed') return;
        const index = slotIndex(l);
        const used = usedBy(occupancy);
        const distance = new Map(l.zones.flatMap((z) => z.units.map((u) => [u.id, u.distance] as const)));
        const open = [...index].filter(([id, s]) => s.zone === bag.zone && s.cap - (used.get(id) ?? 0) > 0);
        const chosen = result.proposals[0]!.slotIds[0]!;
        const least = Math.min(...open.map(([id]) => used.get(id) ?? 0));
        expect(used.get(chosen) ?? 0).toBe(least);
        const emptiest = open.filter(([id]) => (used.get(id) ?? 0) === least);
        const nearest = Math.min(...emptiest.map(([, s]) => distance.get(s.unit)!));
        // fill ratio may break ties between equally used slots of different capacity; same-capacity layouts per zone here
        expect(distance.get(index.get(chosen)!.unit)).toBe(nearest);
      }),
    );
  });

  it('never throws, whatever the occupancy says (unknown slots, overfull slots)', () => {
    fc.assert(
      fc.property(
        arbLayout,
        fc.array(fc.record({ slotId: fc.string(), bagLabels: fc.array(fc.string(), { maxLength: 9 }) })),
        fc.array(fc.record({ label: fc.string(), zone: fc.constantFrom(...ZONES) }), { maxLength: 5 }),
        (l, occupancy, bs) => {
          const result = proposeSlot({ layout: l, occupancy, bags: bs });
          expect(['proposed', 'noRoom', 'noBags']).toContain(result.kind);
        },
      ),
    );
  });
});
