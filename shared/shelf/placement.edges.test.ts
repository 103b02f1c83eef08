/** Put-away check edges that mutation testing showed no test held. */
import { describe, expect, it } from 'vitest';
import { putAwayRefusal, type SlotCapacity } from './placement';

const slots = new Map<string, SlotCapacity>([
  ['A1', { zone: 'ambient', capacityBags: 2 }],
  ['A2', { zone: 'ambient', capacityBags: 1 }],
]);
const slotOf = (id: string) => slots.get(id);
const bags = [
  { label: 'LL1-B1', zone: 'ambient' as const },
  { label: 'LL1-B2', zone: 'chilled' as const },
  { label: 'LL1-B3', zone: 'ambient' as const },
];

describe('put-away check', () => {
  // A chilled bag second in a slot is as wrong as one placed first.
  it('checks the zone of every bag, not only the first in each slot', () => {
    const placements = [
      { bagLabel: 'LL1-B1', slotId: 'A1' },
      { bagLabel: 'LL1-B2', slotId: 'A1' },
    ];
    expect(putAwayRefusal(bags, placements, slotOf, () => 0)).toMatchObject({
      reason: 'wrongZone',
      bagLabel: 'LL1-B2',
    });
  });

  // Room is checked in every slot of the put-away, not only the first.
  it('refuses when a later slot is full', () => {
    const placements = [
      { bagLabel: 'LL1-B1', slotId: 'A1' },
      { bagLabel: 'LL1-B3', slotId: 'A2' },
    ];
    expect(putAwayRefusal(bags, placements, slotOf, (id) => (id === 'A2' ? 1 : 0))).toEqual({
      reason: 'full',
      slotId: 'A2',
      capacity: 1,
      used: 1,
      adding: 1,
    });
  });
});
