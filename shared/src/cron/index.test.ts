import { describe, expect, it } from 'vitest';
import { EpochError, InvalidCronExpressionError } from '../errors/index.js';
import { maxYearFor, nextFireAfter, nextFireTimes, parseQuartzCron, validateQuartzCron } from './index.js';

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString());

describe('validateQuartzCron', () => {
  it('accepts a valid expression', () => {
    expect(validateQuartzCron('0 0 12 ? * MON-FRI')).toEqual({ valid: true });
  });

  it('rejects with a message naming field and token', () => {
    expect(validateQuartzCron('0 0 12 ? * 8L')).toEqual({
      valid: false,
      message: 'day-of-week: "8L" — value must be between 1 and 7',
    });
  });

  it('accepts an open year range beyond MAX_YEAR, which only a clock can reject', () => {
    expect(validateQuartzCron('0 0 12 1 1 ? 2300/2')).toEqual({ valid: true });
  });
});

describe('nextFireTimes', () => {
  it('returns fire times strictly after `after`', () => {
    const after = Date.parse('2024-06-01T12:00:00Z');
    const times = nextFireTimes('0 0 12 * * ?', { timeZone: 'UTC', after, count: 2 });
    expect(iso(times)).toEqual(['2024-06-02T12:00:00.000Z', '2024-06-03T12:00:00.000Z']);
    const justBefore = nextFireTimes('0 0 12 * * ?', { timeZone: 'UTC', after: after - 1, count: 1 });
    expect(iso(justBefore)).toEqual(['2024-06-01T12:00:00.000Z']);
  });

  it('accepts a Date or epoch milliseconds', () => {
    const options = { timeZone: 'Europe/Berlin', count: 3 };
    const after = Date.parse('2024-03-30T10:00:00Z');
    expect(nextFireTimes('0 */5 * * * ?', { ...options, after })).toEqual(
      nextFireTimes('0 */5 * * * ?', { ...options, after: new Date(after) }),
    );
  });

  it('returns `count` times, fewer when Quartz finds fewer, none for count 0', () => {
    const after = Date.parse('2024-01-01T00:00:00Z');
    expect(nextFireTimes('0 * * * * ?', { timeZone: 'UTC', after, count: 7 })).toHaveLength(7);
    expect(iso(nextFireTimes('0 0 12 1 1 ? 2025', { timeZone: 'UTC', after, count: 5 }))).toEqual([
      '2025-01-01T12:00:00.000Z',
    ]);
    expect(nextFireTimes('0 0 0 30 2 ?', { timeZone: 'UTC', after, count: 5 })).toEqual([]);
    expect(nextFireTimes('0 * * * * ?', { timeZone: 'UTC', after, count: 0 })).toEqual([]);
  });

  it('rejects a count that is not a non-negative integer', () => {
    expect(() => nextFireTimes('0 * * * * ?', { timeZone: 'UTC', after: 0, count: -1 })).toThrow(RangeError);
    expect(() => nextFireTimes('0 * * * * ?', { timeZone: 'UTC', after: 0, count: 1.5 })).toThrow(RangeError);
  });

  it('throws InvalidCronExpressionError for an invalid expression', () => {
    expect(() => nextFireTimes('0 0 12 * * MON', { timeZone: 'UTC', after: 0, count: 1 })).toThrow(
      InvalidCronExpressionError,
    );
  });

  it('throws a plain RangeError for an unknown time zone', () => {
    const call = (): Date[] =>
      nextFireTimes('0 * * * * ?', { timeZone: 'Mars/Olympus_Mons', after: 0, count: 1 });
    expect(call).toThrow(RangeError);
    try {
      call();
    } catch (error) {
      expect(error).not.toBeInstanceOf(EpochError);
    }
  });

  it('rejects an open year range starting after MAX_YEAR, taking `after` as the clock', () => {
    const after = Date.parse('2024-01-01T00:00:00Z');
    expect(() => nextFireTimes('0 0 12 1 1 ? 2300/2', { timeZone: 'UTC', after, count: 1 })).toThrow(
      InvalidCronExpressionError,
    );
    const later = Date.parse('2250-01-01T00:00:00Z');
    expect(iso(nextFireTimes('0 0 12 1 1 ? 2300/2', { timeZone: 'UTC', after: later, count: 1 }))).toEqual([
      '2300-01-01T12:00:00.000Z',
    ]);
  });

  it('fires a W day in the second after a fractional `after` (Quartz: depends on the clock milliseconds)', () => {
    const after = Date.parse('2024-07-01T11:59:59.500Z'); // Monday July 1st
    expect(iso(nextFireTimes('0 0 12 1W * ?', { timeZone: 'UTC', after, count: 1 }))).toEqual([
      '2024-07-01T12:00:00.000Z',
    ]);
  });

  it('keeps one MAX_YEAR (year of `after` + 100) over the whole series, as Quartz does', () => {
    // The 5th Sunday of February happens in 2032, 2060, 2088, 2128: the last is beyond 2024 + 100.
    const after = Date.parse('2024-01-01T00:00:00Z');
    const times = nextFireTimes('0 0 12 ? FEB SUN#5', { timeZone: 'UTC', after, count: 5 });
    expect(iso(times)).toEqual([
      '2032-02-29T12:00:00.000Z',
      '2060-02-29T12:00:00.000Z',
      '2088-02-29T12:00:00.000Z',
    ]);
  });
});

describe('parseQuartzCron + nextFireAfter', () => {
  it('computes from a parsed expression, as nextFireTimes does', () => {
    const cron = parseQuartzCron('0 0 12 ? * MON-FRI');
    const after = Date.parse('2024-06-07T12:00:00Z');
    expect(nextFireAfter(cron, 'Europe/Berlin', after)).toBe(Date.parse('2024-06-10T10:00:00Z'));
    expect(
      nextFireTimes('0 0 12 ? * MON-FRI', { timeZone: 'Europe/Berlin', after, count: 1 })[0]?.getTime(),
    ).toBe(Date.parse('2024-06-10T10:00:00Z'));
  });

  it('returns null when there is no further fire time', () => {
    expect(
      nextFireAfter(parseQuartzCron('0 0 12 1 1 ? 2020'), 'UTC', Date.parse('2024-01-01T00:00:00Z')),
    ).toBeNull();
  });

  it('takes MAX_YEAR from `after` unless given', () => {
    const cron = parseQuartzCron('0 0 12 29 2 ? 2097-2110');
    const after = Date.parse('2024-01-01T00:00:00Z');
    expect(maxYearFor(after)).toBe(2124);
    expect(nextFireAfter(cron, 'UTC', after)).toBe(Date.parse('2104-02-29T12:00:00Z'));
    expect(nextFireAfter(cron, 'UTC', after, 2103)).toBeNull();
  });

  it('rejects a non-finite `after`', () => {
    expect(() => nextFireAfter(parseQuartzCron('0 * * * * ?'), 'UTC', Number.NaN)).toThrow(RangeError);
  });
});
