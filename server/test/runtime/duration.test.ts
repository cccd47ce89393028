import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/runners/container/runtime/duration.js';

describe('parseDuration', () => {
  it.each([
    ['120 seconds', 120_000],
    ['1 second', 1_000],
    ['30s', 30_000],
    ['500ms', 500],
    ['250 milliseconds', 250],
    ['2m', 120_000],
    ['5 min', 300_000],
    ['3 mins', 180_000],
    ['10 minutes', 600_000],
    ['1h', 3_600_000],
    ['2 hours', 7_200_000],
    ['1 day', 86_400_000],
    ['7d', 604_800_000],
    ['  45   seconds  ', 45_000],
    ['0 seconds', 0],
  ])('reads "%s" as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rounds sub-millisecond durations up, exactly', () => {
    expect(parseDuration('1 nanosecond')).toBe(1);
    expect(parseDuration('1000us')).toBe(1);
    expect(parseDuration('1001 microseconds')).toBe(2);
    expect(parseDuration('3000000ns')).toBe(3);
  });

  it.each(['', 'seconds', '120', '1.5 seconds', '-1 s', '10 fortnights', '10 Seconds', '1 s 2 m'])(
    'refuses "%s"',
    (text) => {
      expect(() => parseDuration(text)).toThrow(RangeError);
    },
  );
});
