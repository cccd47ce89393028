import { describe, expect, it } from 'vitest';
import { ValueSet, YearSet } from './value-set.js';

describe('ValueSet', () => {
  it('answers the least value >= v, or -1', () => {
    const set = new ValueSet([45, 0, 15, 30, 15]);
    expect(set.values).toEqual([0, 15, 30, 45]);
    expect([set.ceiling(0), set.ceiling(1), set.ceiling(45), set.ceiling(46), set.ceiling(100)]).toEqual([
      0, 15, 45, -1, -1,
    ]);
    expect([set.first, set.size]).toEqual([0, 4]);
  });

  it('handles empty sets and values beyond the lookup table', () => {
    expect(new ValueSet([]).ceiling(3)).toBe(-1);
    expect(new ValueSet([]).first).toBe(-1);
    expect(new ValueSet([7, 99]).ceiling(8)).toBe(99);
    expect(new ValueSet([7, 1000]).ceiling(70)).toBe(1000);
  });
});

describe('YearSet', () => {
  it('steps through ranges, ending open ones at maxYear', () => {
    const years = new YearSet([
      { from: 2024, to: 'max', step: 5, token: '2024/5' },
      { from: 2026, to: 2027, step: 1, token: '2026-2027' },
    ]);
    expect([2020, 2025, 2027, 2028, 2030].map((year) => years.ceiling(year, 2100))).toEqual([
      2024, 2026, 2027, 2029, 2034,
    ]);
    expect(years.ceiling(2095, 2098)).toBe(-1);
    expect(years.openRangeBeyond(2023)?.token).toBe('2024/5');
    expect(years.openRangeBeyond(2024)).toBeUndefined();
  });
});
