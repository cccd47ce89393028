import { describe, expect, it } from 'vitest';
import { civilFromDays, dayOfWeekFromDays, daysFromCivil, lastDayOfMonth } from './civil-date.js';

describe('civil date arithmetic', () => {
  it('round-trips epoch days and agrees with Date', () => {
    for (let days = -600_000; days <= 800_000; days += 997) {
      const date = civilFromDays(days, { year: 0, month: 0, day: 0 });
      expect(daysFromCivil(date.year, date.month, date.day)).toBe(days);
      expect(Date.UTC(date.year, date.month - 1, date.day)).toBe(days * 86_400_000);
    }
  });

  it('numbers weekdays like java.util.Calendar (Sunday = 1)', () => {
    expect(dayOfWeekFromDays(0)).toBe(5); // 1970-01-01 was a Thursday
    expect(dayOfWeekFromDays(daysFromCivil(2024, 6, 1))).toBe(7);
    expect(dayOfWeekFromDays(daysFromCivil(1969, 12, 28))).toBe(1);
  });

  it('knows month lengths and leap years', () => {
    expect([2023, 2024, 2100, 2000].map((year) => lastDayOfMonth(2, year))).toEqual([28, 29, 28, 29]);
    expect(lastDayOfMonth(4, 2024)).toBe(30);
    expect(() => lastDayOfMonth(13, 2024)).toThrow(RangeError);
  });
});
