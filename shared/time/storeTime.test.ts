import { describe, expect, it } from 'vitest';
import {
  businessDateOf,
  businessDayBounds,
  compactDate,
  formatStoreTime,
  localHour,
  zoneOffsetMinutes,
} from './storeTime';

describe('store time', () => {
  it('puts an instant in the store’s business day whatever the machine zone', () => {
    // 2026-11-30 16:30 UTC is 00:30 on 1 December in Shanghai, still 30 November in New York.
    expect(businessDateOf('2026-11-30T16:30:00Z', 'Asia/Shanghai')).toBe('2026-12-01');
    expect(businessDateOf('2026-11-30T15:59:59Z', 'Asia/Shanghai')).toBe('2026-11-30');
    expect(businessDateOf('2026-11-30T16:30:00Z', 'America/New_York')).toBe('2026-11-30');
    expect(businessDateOf('2026-12-31T16:00:00Z', 'Asia/Shanghai')).toBe('2027-01-01');
  });

  it('bounds a business day at the store’s midnights', () => {
    const { start, end } = businessDayBounds('2026-11-30', 'Asia/Shanghai');
    expect(new Date(start).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const ny = businessDayBounds('2026-11-01', 'America/New_York'); // DST ends: a 25-hour day
    expect(new Date(ny.start).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(ny.end - ny.start).toBe(25 * 3_600_000);
    const dec = businessDayBounds('2026-12-31', 'Asia/Shanghai');
    expect(new Date(dec.end).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('a business day is exactly the instants dated to it, also where clocks change at midnight', () => {
    // Santiago skips 6 Sep 2026 00:00–01:00 and repeats 4 Apr 23:00–24:00; Havana and Beirut change at midnight too.
    const santiago = businessDayBounds('2026-09-06', 'America/Santiago');
    expect(new Date(santiago.start).toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(businessDayBounds('2026-09-05', 'America/Santiago').end).toBe(santiago.start);
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/Berlin',
      'America/Santiago',
      'America/Havana',
      'Asia/Beirut',
    ];
    for (const zone of zones)
      for (let d = 0; d < 365; d++) {
        const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        const { start, end } = businessDayBounds(date, zone);
        expect([businessDateOf(start, zone), businessDateOf(end - 1, zone)]).toEqual([date, date]);
        expect(businessDateOf(start - 1, zone)).not.toBe(date);
        expect(businessDateOf(end, zone)).not.toBe(date);
      }
  });

  it('gives offsets, local hours and the compact date', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 10, 30), 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'America/New_York')).toBe(-240);
    expect(localHour('2026-11-30T23:15:00Z', 'Asia/Shanghai')).toBe(7);
    expect(compactDate('2026-11-30')).toBe('20261130');
  });

  it('formats in the store’s zone, 24-hour', () => {
    expect(formatStoreTime('2026-11-30T13:05:00Z', 'Asia/Shanghai', 'zh-CN', 'time')).toBe('21:05');
    expect(formatStoreTime('2026-11-30T13:05:00Z', 'America/New_York', 'en', 'time')).toBe('08:05');
    expect(formatStoreTime('2026-11-30T16:05:00Z', 'Asia/Shanghai', 'zh-CN', 'date')).toBe('2026/12/01');
    expect(formatStoreTime('not a date', 'Asia/Shanghai', 'zh-CN')).toBe('');
  });
});
