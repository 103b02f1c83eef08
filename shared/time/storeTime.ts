/**
 * Store time: every time a person sees, every business day and every report is
 * in the store's IANA time zone (from HQ's store record), never the machine's.
 * Pure: Intl only.
 */

/** The default when a terminal has no store record yet (the demo and the pilots are in China). */
export const DEFAULT_STORE_TIME_ZONE = 'Asia/Shanghai';

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Wall-clock fields of an instant in the store's zone. */
export function localParts(instant: Date | string | number, timeZone: string): LocalParts {
  const date = instant instanceof Date ? instant : new Date(instant);
  const out: Record<string, number> = {};
  for (const p of partsFormat(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 0,
    day: out.day ?? 0,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The business day (yyyy-mm-dd) an instant belongs to: the store's local calendar day. */
export function businessDateOf(instant: Date | string | number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Compact form for receipt numbers: 20261130. */
export function compactDate(businessDate: string): string {
  return businessDate.replaceAll('-', '');
}

/** Offset of the zone from UTC at an instant, in minutes (Shanghai: +480). */
export function zoneOffsetMinutes(instant: Date | number, timeZone: string): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The UTC instant at which a local wall-clock time occurs (the earlier one across a DST fold). */
export function instantOfLocal(
  local: { year: number; month: number; day: number; hour?: number; minute?: number },
  timeZone: string,
): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0);
  // Two passes settle the offset on both sides of a DST change.
  const first = guess - zoneOffsetMinutes(guess, timeZone) * 60_000;
  const t = guess - zoneOffsetMinutes(first, timeZone) * 60_000;
  // Neither is that wall time: it falls in a gap (clocks jump forward). Take the
  // instant the clocks resume, so a day whose midnight is skipped starts then.
  if (zoneOffsetMinutes(t, timeZone) !== zoneOffsetMinutes(first, timeZone)) return Math.max(first, t);
  return t;
}

/** [start, end) of a business day as UTC epoch milliseconds. */
export function businessDayBounds(businessDate: string, timeZone: string): { start: number; end: number } {
  const [y, m, d] = businessDate.split('-').map(Number) as [number, number, number];
  const start = instantOfLocal({ year: y, month: m, day: d }, timeZone);
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  const end = instantOfLocal(
    { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() },
    timeZone,
  );
  return { start, end };
}

/** The store-local hour (0–23) of an instant, for hourly charts. */
export function localHour(instant: Date | string | number, timeZone: string): number {
  return localParts(instant, timeZone).hour;
}

export type TimeStyle = 'time' | 'dateTime' | 'date';

/** A time as people at the store read it, in the store's zone and the UI language. */
export function formatStoreTime(
  instant: Date | string | number,
  timeZone: string,
  language: string,
  style: TimeStyle = 'dateTime',
): string {
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) return '';
  const options: Intl.DateTimeFormatOptions = { timeZone, hourCycle: 'h23' };
  if (style !== 'time') Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  if (style !== 'date') Object.assign(options, { hour: '2-digit', minute: '2-digit' });
  return new Intl.DateTimeFormat(language, options).format(date);
}
