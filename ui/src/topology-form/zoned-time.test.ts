import { describe, expect, it } from 'vitest';
import { epochToZonedWallTime, zonedWallTimeToEpoch } from './zoned-time.js';

describe('zonedWallTimeToEpoch', () => {
  it('reads a wall time in UTC', () => {
    expect(zonedWallTimeToEpoch('2030-05-01 10:00:00', 'UTC')).toBe(Date.UTC(2030, 4, 1, 10));
  });

  it('applies the zone offset, summer and winter', () => {
    expect(zonedWallTimeToEpoch('2030-07-01 12:30:00', 'Europe/Berlin')).toBe(Date.UTC(2030, 6, 1, 10, 30));
    expect(zonedWallTimeToEpoch('2030-01-01 12:30', 'Europe/Berlin')).toBe(Date.UTC(2030, 0, 1, 11, 30));
    expect(zonedWallTimeToEpoch('2030-01-01 00:00:00', 'Asia/Kolkata')).toBe(Date.UTC(2029, 11, 31, 18, 30));
    expect(zonedWallTimeToEpoch('2030-07-01 00:00:00', 'America/New_York')).toBe(Date.UTC(2030, 6, 1, 4));
  });

  it('handles the hours next to a DST change', () => {
    // Berlin springs forward on 2030-03-31 at 02:00 and falls back on 2030-10-27 at 03:00.
    expect(zonedWallTimeToEpoch('2030-03-31 01:30:00', 'Europe/Berlin')).toBe(Date.UTC(2030, 2, 31, 0, 30));
    expect(zonedWallTimeToEpoch('2030-03-31 03:30:00', 'Europe/Berlin')).toBe(Date.UTC(2030, 2, 31, 1, 30));
    expect(zonedWallTimeToEpoch('2030-03-31 02:30:00', 'Europe/Berlin')).toBe(Date.UTC(2030, 2, 31, 1, 30));
    expect(zonedWallTimeToEpoch('2030-10-27 02:30:00', 'Europe/Berlin')).toBe(Date.UTC(2030, 9, 27, 1, 30));
  });

  it('is NaN for text that is no wall time or an unknown zone', () => {
    expect(zonedWallTimeToEpoch('tomorrow', 'UTC')).toBeNaN();
    expect(zonedWallTimeToEpoch('2030-01-01 00:00:00', 'Mars/Olympus')).toBeNaN();
  });
});

describe('epochToZonedWallTime', () => {
  it('is the inverse of zonedWallTimeToEpoch', () => {
    for (const zone of ['UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Australia/Lord_Howe']) {
      const wall = '2030-11-15 23:45:10';
      expect(epochToZonedWallTime(zonedWallTimeToEpoch(wall, zone), zone)).toBe(wall);
    }
  });

  it('writes midnight as 00, not 24', () => {
    expect(epochToZonedWallTime(Date.UTC(2030, 0, 2), 'UTC')).toBe('2030-01-02 00:00:00');
  });
});
