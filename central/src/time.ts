/** Time-zone helpers: business days and wall-clock times in the store's zone. */

function parts(timeZone: string, at: Date) {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const get = (type: string) => Number(fmt.formatToParts(at).find((p) => p.type === type)?.value);
  return {
    y: get('year'),
    m: get('month'),
    d: get('day'),
    h: get('hour'),
    min: get('minute'),
    s: get('second'),
  };
}

/** The local calendar day at `at` in `timeZone`. */
export function localDay(
  timeZone: string,
  at: Date,
): { y: number; m: number; d: number; yyyymmdd: string; iso: string } {
  const { y, m, d } = parts(timeZone, at);
  const mm = String(m).padStart(2, '0');
  const dd = String(d).padStart(2, '0');
  return { y, m, d, yyyymmdd: `${y}${mm}${dd}`, iso: `${y}-${mm}-${dd}` };
}

/** The instant of a wall-clock time in `timeZone` (minutes may overflow the day). */
export function zonedTime(timeZone: string, y: number, m: number, d: number, h: number, min = 0): Date {
  const guess = Date.UTC(y, m - 1, d, h, min);
  const p = parts(timeZone, new Date(guess));
  const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - guess;
  return new Date(guess - offset);
}
