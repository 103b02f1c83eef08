import { describe, expect, it } from 'vitest';
import { putAwayRefusal, slotRefusal, type SlotCapacity } from './placement';

const slots = new Map<string, SlotCapacity>([
  ['A1', { zone: 'ambient', capacityBags: 2 }],
  ['C1', { zone: 'chilled', capacityBags: 1 }],
]);
const bags = [
  { label: 'LL1-B1', zone: 'ambient' as const },
  { label: 'LL1-B2', zone: 'ambient' as const },
  { label: 'LL1-B3', zone: 'chilled' as const },
];
const slotOf = (id: string) => slots.get(id);

describe('placement check', () => {
  it('one slot: same zone and room for the bags added', () => {
    expect(slotRefusal('A1', slots.get('A1'), bags[0]!, 1)).toBeNull();
    expect(slotRefusal('A1', slots.get('A1'), bags[0]!, 2)).toEqual({
      reason: 'full',
      slotId: 'A1',
      capacity: 2,
      used: 2,
      adding: 1,
    });
    expect(slotRefusal('A1', slots.get('A1'), bags[0]!, 0, 3)?.reason).toBe('full');
    expect(slotRefusal('A1', slots.get('A1'), bags[0]!, 0, 2)).toBeNull();
    expect(slotRefusal('A1', slots.get('A1'), bags[2]!, 0)).toEqual({
      reason: 'wrongZone',
      bagLabel: 'LL1-B3',
      slotId: 'A1',
      bagZone: 'chilled',
      slotZone: 'ambient',
    });
    expect(slotRefusal('X9', undefined, bags[0]!, 0)).toEqual({ reason: 'unknownSlot', slotId: 'X9' });
  });

  it('a put-away: every bag known, every slot known and of the bag’s zone, then room in each slot', () => {
    const none = () => 0;
    const ok = [
      { bagLabel: 'LL1-B1', slotId: 'A1' },
      { bagLabel: 'LL1-B2', slotId: 'A1' },
      { bagLabel: 'LL1-B3', slotId: 'C1' },
    ];
    expect(putAwayRefusal(bags, ok, slotOf, none)).toBeNull();
    expect(putAwayRefusal(bags, [{ bagLabel: 'LL9-B1', slotId: 'A1' }], slotOf, none)).toEqual({
      reason: 'unknownBag',
      bagLabel: 'LL9-B1',
    });
    expect(putAwayRefusal(bags, [{ bagLabel: 'LL1-B1', slotId: 'X9' }], slotOf, none)?.reason).toBe(
      'unknownSlot',
    );
    expect(putAwayRefusal(bags, [{ bagLabel: 'LL1-B3', slotId: 'A1' }], slotOf, () => 9)?.reason).toBe(
      'wrongZone',
    );
    // Two bags fit an empty A1; one bag of another order there leaves room for one.
    expect(putAwayRefusal(bags, ok, slotOf, (id) => (id === 'A1' ? 1 : 0))).toEqual({
      reason: 'full',
      slotId: 'A1',
      capacity: 2,
      used: 1,
      adding: 2,
    });
    expect(putAwayRefusal(bags, ok.slice(0, 1), slotOf, (id) => (id === 'A1' ? 1 : 0))).toBeNull();
  });
});
