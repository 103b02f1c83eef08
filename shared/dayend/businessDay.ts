import { businessDateOf, businessDayBounds, localHour, zoneOffsetMinutes } from '../time/storeTime';

/**
 * Which business day a piece of work (a sale, a refund, a pickup, a cash
 * movement) belongs to. It is the store-local calendar day of the moment it
 * happened — unless that day had already been closed: work done after a day's
 * close belongs to the next business day and is flagged as such. The terminal's
 * report and HQ's totals both attribute work with this one rule, from the
 * work's time and the day closes, so their numbers can be compared.
 */

export interface DayCloseMark {
  businessDate: string;
  /** ISO instant of the close. A reopened day has no mark. */
  closedAt: string;
}

export interface WorkDay {
  businessDate: string;
  /** True when the work happened after its calendar day's close (carried into the next day). */
  afterClose: boolean;
}

/** yyyy-mm-dd + n days (calendar arithmetic, no zone involved). */
export function addDays(businessDate: string, n: number): string {
  const [y, m, d] = businessDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** Calendar date and hour of instants in one zone; `zoneClock` makes a fast one. */
export interface ZoneClock {
  dateOf(ms: number): string;
  hourOf(ms: number): number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * A clock for instants in [from, to]: when the zone's offset is the same at both
 * ends (no DST change around a business day — always so in China), date and
 * hour are plain arithmetic; otherwise each instant asks Intl. A Z report over
 * 20k sales calls these 40k times, and Intl's formatToParts costs ~10 µs each.
 */
export function zoneClock(timeZone: string, from: number, to: number): ZoneClock {
  const offset = zoneOffsetMinutes(from, timeZone);
  if (offset !== zoneOffsetMinutes(to, timeZone) || offset !== zoneOffsetMinutes((from + to) / 2, timeZone))
    return { dateOf: (ms) => businessDateOf(ms, timeZone), hourOf: (ms) => localHour(ms, timeZone) };
  const shift = offset * 60_000;
  return {
    dateOf: (ms) => new Date(ms + shift).toISOString().slice(0, 10),
    hourOf: (ms) => Math.floor(((((ms + shift) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS),
  };
}

export function businessDayOfWork(
  instant: string | number,
  timeZone: string,
  closes: readonly DayCloseMark[],
  clock?: ZoneClock,
): WorkDay {
  const at = typeof instant === 'number' ? instant : Date.parse(instant);
  const byDate = new Map(closes.map((c) => [c.businessDate, Date.parse(c.closedAt)]));
  let date = clock ? clock.dateOf(at) : businessDateOf(at, timeZone);
  let afterClose = false;
  // A day closed before this moment cannot take it; a following day closed early
  // (rare: closed after midnight for the day before) passes it on again.
  for (let i = 0; i < 7; i++) {
    const closedAt = byDate.get(date);
    if (closedAt === undefined || at < closedAt) break;
    date = addDays(date, 1);
    afterClose = true;
  }
  return { businessDate: date, afterClose };
}

/**
 * The [start, end) instants (epoch ms) a business day's work may come from:
 * from the store's midnight, or the day before's close when it closed before
 * midnight, to the next midnight. Read rows in this range, then keep those
 * `businessDayOfWork` gives to the day.
 */
export function workRange(
  businessDate: string,
  timeZone: string,
  closes: readonly DayCloseMark[],
): { start: number; end: number } {
  const { start, end } = businessDayBounds(businessDate, timeZone);
  const before = closes.find((c) => c.businessDate === addDays(businessDate, -1));
  const closedBefore = before ? Date.parse(before.closedAt) : Number.NaN;
  return { start: Number.isFinite(closedBefore) && closedBefore < start ? closedBefore : start, end };
}
