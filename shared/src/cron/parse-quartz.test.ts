import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError } from '../errors/index.js';
import { parseQuartzCron } from './parse-quartz.js';

function reasonFor(expression: string): string {
  try {
    parseQuartzCron(expression);
  } catch (error) {
    if (error instanceof InvalidCronExpressionError) return error.reason;
    throw error;
  }
  throw new Error(`"${expression}" was accepted`);
}

describe('parseQuartzCron error messages name the field and the token', () => {
  it.each([
    ['0 0 12 ? * 8L', 'day-of-week', '8L'],
    ['61 * * * * ?', 'second', '61'],
    ['0 60 * * * ?', 'minute', '60'],
    ['0 0 24 * * ?', 'hour', '24'],
    ['0 0 12 32 * ?', 'day-of-month', '32'],
    ['0 0 12 1 13 ?', 'month', '13'],
    ['0 0 ? * * ?', 'hour', '?'],
    ['*/60 * * * * ?', 'second', '*/60'],
    ['0 0 12 ? * 1#6', 'day-of-week', '1#6'],
    ['0 0 12 L-31 * ?', 'day-of-month', 'L-31'],
    ['0 0 12 32W * ?', 'day-of-month', '32W'],
    ['0 0 12 ? * mon-foo', 'day-of-week', 'mon-foo'],
    ['0 0 12 ? FOO *', 'month', 'FOO'],
    ['0 0 12 1,L * ?', 'day-of-month', '1,L'],
    ['0 0 12 ? * 2#1,3#2', 'day-of-week', '2#1,3#2'],
    ['0 0 12 5L * ?', 'day-of-month', '5L'],
    ['5/ * * * * ?', 'second', '5/'],
    ['1- * * * * ?', 'second', '1-'],
    ['0 0 12 1 * ? 2030-2025', 'year', '2030-2025'],
    ['0 0 12 1 L ?', 'month', 'L'],
    ['0 0 12 * * MON', 'day-of-week', 'MON'],
    ['0 0 12 ? * ?', 'day-of-week', '?'],
    ['0 0 12 0W * ?', 'day-of-month', '0W'],
  ])('%s → %s "%s"', (expression, field, token) => {
    const reason = reasonFor(expression);
    expect(reason).toContain(field);
    expect(reason).toContain(`"${token}"`);
  });

  it('names the comma-separated item at fault, as typed', () => {
    expect(reasonFor('0 0 12 ? * MON,Foo')).toMatch(/^day-of-week: "Foo" — /);
  });

  it('uses the format `field: "token" — why`', () => {
    expect(reasonFor('0 0 12 ? * 8L')).toBe('day-of-week: "8L" — value must be between 1 and 7');
  });

  it('reports a missing field', () => {
    expect(reasonFor('* * * * *')).toMatch(/^day-of-week: "" — missing/);
    expect(reasonFor('')).toMatch(/^second: "" — missing/);
  });

  it('rejects more than 7 fields, which Quartz would silently ignore', () => {
    expect(reasonFor('0 0 12 * * ? 2030 extra')).toMatch(/^year: "2030 extra" — at most 7 fields/);
  });

  it('throws InvalidCronExpressionError carrying the expression', () => {
    expect(() => parseQuartzCron('0 0 12 ? * 8L')).toThrow(InvalidCronExpressionError);
    try {
      parseQuartzCron('0 0 12 ? * 8L');
    } catch (error) {
      expect(error).toMatchObject({ name: 'InvalidCronExpressionError', expression: '0 0 12 ? * 8L' });
    }
  });
});

describe('parseQuartzCron structure', () => {
  it('parses fields into value sets, Sunday = 1', () => {
    const cron = parseQuartzCron('0 0/15 9-17 ? JAN,JUL MON-FRI');
    expect(cron.seconds.values).toEqual([0]);
    expect(cron.minutes.values).toEqual([0, 15, 30, 45]);
    expect(cron.hours.values).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(cron.months.values).toEqual([1, 7]);
    expect(cron.daysOfWeek.values).toEqual([2, 3, 4, 5, 6]);
    expect(cron.dayOfMonthSpecified).toBe(false);
    expect(cron.dayOfWeekSpecified).toBe(true);
  });

  it('wraps ranges around like Quartz', () => {
    expect(parseQuartzCron('0 0 22-2 * * ?').hours.values).toEqual([0, 1, 2, 22, 23]);
    expect(parseQuartzCron('0 0 12 ? * FRI-MON').daysOfWeek.values).toEqual([1, 2, 6, 7]);
    expect(parseQuartzCron('0 0 12 1 NOV-FEB ?').months.values).toEqual([1, 2, 11, 12]);
  });

  it('records the special day flags', () => {
    expect(parseQuartzCron('0 0 12 L-3W * ?')).toMatchObject({
      lastDayOfMonth: true,
      lastDayOffset: 3,
      nearestWeekday: true,
    });
    expect(parseQuartzCron('0 0 12 ? * 6L')).toMatchObject({ lastDayOfWeek: true });
    expect(parseQuartzCron('0 0 12 ? * MON#5')).toMatchObject({ nthDayOfWeek: 5 });
  });

  it('keeps open year ranges open (their end is MAX_YEAR, fixed per evaluation)', () => {
    const { years } = parseQuartzCron('0 0 12 1 1 ? 2024/2');
    expect(years.ceiling(2025, 2124)).toBe(2026);
    expect(years.ceiling(2125, 2124)).toBe(-1);
  });

  it('is case-insensitive and splits on blanks and tabs', () => {
    expect(parseQuartzCron('0\t0  12 ? jan\tmon').daysOfWeek.values).toEqual([2]);
  });

  it('accepts what Quartz accepts, however odd', () => {
    for (const expression of ['*/0 * * * * ?', '0 0 12 ?x * MON', '0 0 12 1 JANUARY ?', '0 0 12 ? * 8#2']) {
      expect(() => parseQuartzCron(expression)).not.toThrow();
    }
  });
});
