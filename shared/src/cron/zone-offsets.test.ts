import { describe, expect, it } from 'vitest';
import { MS_PER_HOUR, MS_PER_MINUTE } from './civil-date.js';
import { zoneOffsets } from './zone-offsets.js';

/** Epoch ms of a wall time read as if it were UTC. */
const wall = (iso: string): number => Date.parse(`${iso}Z`);

describe('zoneOffsets', () => {
  it('gives the offset at an instant, changing exactly at the transition', () => {
    const newYork = zoneOffsets('America/New_York');
    const transition = Date.parse('2024-03-10T07:00:00Z');
    expect(newYork.offsetAt(transition - 1)).toBe(-5 * MS_PER_HOUR);
    expect(newYork.offsetAt(transition)).toBe(-4 * MS_PER_HOUR);
  });

  it('reads a gap wall time with the old offset and an ambiguous one with the new', () => {
    const newYork = zoneOffsets('America/New_York');
    expect(newYork.offsetForWall(wall('2024-03-10T01:59:59'))).toBe(-5 * MS_PER_HOUR);
    expect(newYork.offsetForWall(wall('2024-03-10T02:30:00'))).toBe(-5 * MS_PER_HOUR);
    expect(newYork.offsetForWall(wall('2024-03-10T03:00:00'))).toBe(-4 * MS_PER_HOUR);
    expect(newYork.offsetForWall(wall('2024-11-03T00:59:59'))).toBe(-4 * MS_PER_HOUR);
    expect(newYork.offsetForWall(wall('2024-11-03T01:00:00'))).toBe(-5 * MS_PER_HOUR);
  });

  it('handles 30 and 45 minute offsets and midnight transitions', () => {
    expect(zoneOffsets('Australia/Lord_Howe').offsetAt(Date.parse('2024-10-05T15:30:00Z'))).toBe(
      11 * MS_PER_HOUR,
    );
    expect(zoneOffsets('Australia/Lord_Howe').offsetAt(Date.parse('2024-10-05T15:29:59Z'))).toBe(
      10 * MS_PER_HOUR + 30 * MS_PER_MINUTE,
    );
    expect(zoneOffsets('Pacific/Chatham').offsetAt(Date.parse('2024-07-01T00:00:00Z'))).toBe(
      12 * MS_PER_HOUR + 45 * MS_PER_MINUTE,
    );
    expect(zoneOffsets('America/Santiago').offsetForWall(wall('2024-09-08T00:30:00'))).toBe(-4 * MS_PER_HOUR);
  });

  it('throws RangeError for an unknown zone', () => {
    expect(() => zoneOffsets('Nowhere/Special')).toThrow(RangeError);
  });
});
