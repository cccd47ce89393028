import { describe, expect, it } from 'vitest';
import { ZonedCalendar, type CalendarField } from './zoned-calendar.js';
import { zoneOffsets } from './zone-offsets.js';

function calendarAt(timeZone: string, iso: string): ZonedCalendar {
  const calendar = new ZonedCalendar(zoneOffsets(timeZone));
  calendar.setTime(Date.parse(iso));
  return calendar;
}

describe('ZonedCalendar (lenient GregorianCalendar model)', () => {
  it('reads wall fields in the zone, month 1-based, Sunday = 1', () => {
    const calendar = calendarAt('America/New_York', '2024-03-10T12:34:56.789Z');
    const fields: CalendarField[] = [
      'year',
      'month',
      'dayOfMonth',
      'hourOfDay',
      'minute',
      'second',
      'millisecond',
    ];
    expect(fields.map((field) => calendar.get(field))).toEqual([2024, 3, 10, 8, 34, 56, 789]);
    expect(calendar.get('dayOfWeek')).toBe(1);
  });

  it('normalises out-of-range fields arithmetically', () => {
    const calendar = calendarAt('UTC', '2024-01-31T23:59:00Z');
    calendar.set('minute', 60);
    expect(new Date(calendar.getTime()).toISOString()).toBe('2024-02-01T00:00:00.000Z');
    calendar.set('dayOfMonth', 30);
    expect(calendar.get('month')).toBe(3);
    expect(calendar.get('dayOfMonth')).toBe(1);
    calendar.set('month', 13);
    expect([calendar.get('year'), calendar.get('month')]).toEqual([2025, 1]);
    calendar.set('dayOfMonth', 0);
    expect([calendar.get('year'), calendar.get('month'), calendar.get('dayOfMonth')]).toEqual([2024, 12, 31]);
  });

  it('resolves a wall time in a spring-forward gap to after the gap', () => {
    const calendar = calendarAt('America/New_York', '2024-03-10T05:00:00Z');
    calendar.set('hourOfDay', 2);
    calendar.set('minute', 30);
    expect(new Date(calendar.getTime()).toISOString()).toBe('2024-03-10T07:30:00.000Z');
    expect(calendar.get('hourOfDay')).toBe(3);
  });

  it('resolves an ambiguous fall-back wall time to the later (standard) instant', () => {
    const calendar = calendarAt('America/New_York', '2024-11-03T05:30:00Z'); // 01:30 EDT
    calendar.set('second', 0); // any set makes the next read re-resolve the wall time
    expect(new Date(calendar.getTime()).toISOString()).toBe('2024-11-03T06:30:00.000Z'); // 01:30 EST
  });

  it('pins the day when adding a year to Feb 29', () => {
    const calendar = calendarAt('UTC', '2024-02-29T12:00:00Z');
    calendar.addYears(1);
    expect(new Date(calendar.getTime()).toISOString()).toBe('2025-02-28T12:00:00.000Z');
  });
});
