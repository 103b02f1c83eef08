import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDateOf, localParts } from '../time/storeTime';
import { addDays, businessDayOfWork, workRange, zoneClock } from './businessDay';

describe('business day of work', () => {
  it('is the store’s calendar day, whatever the machine zone', () => {
    // 23:59 and 00:01 in Shanghai on either side of midnight
    expect(businessDayOfWork('2026-11-30T15:59:00Z', 'Asia/Shanghai', [])).toEqual({
      businessDate: '2026-11-30',
      afterClose: false,
    });
    expect(businessDayOfWork('2026-11-30T16:01:00Z', 'Asia/Shanghai', []).businessDate).toBe('2026-12-01');
    // the same instant is still 30 November in New York
    expect(businessDayOfWork('2026-11-30T16:01:00Z', 'America/New_York', []).businessDate).toBe('2026-11-30');
  });

  it('carries work after the close into the next business day, flagged', () => {
    const closes = [{ businessDate: '2026-11-30', closedAt: '2026-11-30T14:00:00Z' }]; // 22:00 Shanghai
    expect(businessDayOfWork('2026-11-30T13:59:59Z', 'Asia/Shanghai', closes)).toEqual({
      businessDate: '2026-11-30',
      afterClose: false,
    });
    expect(businessDayOfWork('2026-11-30T14:30:00Z', 'Asia/Shanghai', closes)).toEqual({
      businessDate: '2026-12-01',
      afterClose: true,
    });
    // a reopened day has no mark: the same work is the 30th's again
    expect(businessDayOfWork('2026-11-30T14:30:00Z', 'Asia/Shanghai', []).businessDate).toBe('2026-11-30');
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('property: a moment belongs to the day whose work range holds it (zones, midnights, closes)', () => {
    const zones = fc.constantFrom(
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Pacific/Auckland',
      'UTC',
    );
    const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });
    fc.assert(
      fc.property(
        zones,
        instant,
        fc.integer({ min: 0, max: 24 * 60 }),
        instant,
        (zone, closeBase, minutes, at) => {
          // one close: some day, at some minute of it (or right at its midnight)
          const closedDate = businessDateOf(closeBase, zone);
          const closedAt = new Date(closeBase + minutes * 60_000);
          const closes =
            businessDateOf(closedAt, zone) === closedDate
              ? [{ businessDate: closedDate, closedAt: closedAt.toISOString() }]
              : [];
          const day = businessDayOfWork(at, zone, closes);
          const range = workRange(day.businessDate, zone, closes);
          expect(at >= range.start && at < range.end).toBe(true);
          expect(day.afterClose).toBe(day.businessDate !== businessDateOf(at, zone));
        },
      ),
    );
  });
});

describe('zone clock', () => {
  // the clock answers for instants in its window; further out only "not this day" matters, and holds
  it('property: the fast clock agrees with Intl on date and hour in its window, DST zones included', () => {
    const zones = fc.constantFrom(
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'UTC',
    );
    const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });
    fc.assert(
      fc.property(
        zones,
        instant,
        fc.integer({ min: -2 * 86_400_000, max: 2 * 86_400_000 }),
        (zone, base, delta) => {
          const clock = zoneClock(zone, base - 2 * 86_400_000, base + 2 * 86_400_000);
          const at = base + delta;
          expect(clock.dateOf(at)).toBe(businessDateOf(at, zone));
          expect(clock.hourOf(at)).toBe(localParts(at, zone).hour);
        },
      ),
      { numRuns: 500 },
    );
  });
});
