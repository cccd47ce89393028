/**
 * Named DST scenarios, with the instants Quartz 2.3.2 gives (checked with the oracle) written as local
 * ISO times, so the behaviour around DST changes is readable in one place.
 */
import { describe, expect, it } from 'vitest';
import { nextFireTimes } from './index.js';

interface Scenario {
  name: string;
  expression: string;
  timeZone: string;
  after: string;
  expected: string[];
  /** Fire times asked for, when more than `expected` (the series ends early). */
  count?: number;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'New York spring forward: 02:30 does not exist on Mar 10, so that day has no fire',
    expression: '0 30 2 * * ?',
    timeZone: 'America/New_York',
    after: '2024-03-09T07:00:00-05:00',
    expected: ['2024-03-11T02:30:00-04:00', '2024-03-12T02:30:00-04:00'],
  },
  {
    name: 'New York spring forward: every minute jumps from 01:59 EST to 03:00 EDT',
    expression: '0 * * * * ?',
    timeZone: 'America/New_York',
    after: '2024-03-10T01:57:00-05:00',
    expected: ['2024-03-10T01:58:00-05:00', '2024-03-10T01:59:00-05:00', '2024-03-10T03:00:00-04:00'],
  },
  {
    name: 'New York spring forward: hourly skips 02:00',
    expression: '0 0 * * * ?',
    timeZone: 'America/New_York',
    after: '2024-03-09T23:30:00-05:00',
    expected: ['2024-03-10T00:00:00-05:00', '2024-03-10T01:00:00-05:00', '2024-03-10T03:00:00-04:00'],
  },
  {
    name: 'New York fall back: ambiguous 01:30 fires once, in standard time',
    expression: '0 30 1 * * ?',
    timeZone: 'America/New_York',
    after: '2024-11-02T08:00:00-04:00',
    expected: ['2024-11-03T01:30:00-05:00', '2024-11-04T01:30:00-05:00'],
  },
  {
    name: 'New York fall back: hourly skips the first (EDT) 01:00',
    expression: '0 0 * * * ?',
    timeZone: 'America/New_York',
    after: '2024-11-02T23:30:00-04:00',
    expected: ['2024-11-03T00:00:00-04:00', '2024-11-03T01:00:00-05:00', '2024-11-03T02:00:00-05:00'],
  },
  {
    name: 'New York fall back: starting inside the first 01:xx jumps to the repeated hour',
    expression: '0 * * * * ?',
    timeZone: 'America/New_York',
    after: '2024-11-03T01:10:00-04:00',
    expected: ['2024-11-03T01:11:00-05:00', '2024-11-03T01:12:00-05:00'],
  },
  {
    name: 'London spring forward: 01:30 does not exist on Mar 31',
    expression: '0 30 1 * * ?',
    timeZone: 'Europe/London',
    after: '2024-03-30T12:00:00Z',
    expected: ['2024-04-01T01:30:00+01:00'],
  },
  {
    name: 'London fall back: half-hourly skips the first (BST) 01:00 and 01:30',
    expression: '0 0/30 0-3 * * ?',
    timeZone: 'Europe/London',
    after: '2024-10-27T00:00:00+01:00',
    expected: [
      '2024-10-27T00:30:00+01:00',
      '2024-10-27T01:00:00+00:00',
      '2024-10-27T01:30:00+00:00',
      '2024-10-27T02:00:00+00:00',
    ],
  },
  {
    name: 'Lord Howe spring forward: the 30-minute gap 02:00-02:30 is skipped',
    expression: '0 */10 * * * ?',
    timeZone: 'Australia/Lord_Howe',
    after: '2024-10-06T01:35:00+10:30',
    expected: [
      '2024-10-06T01:40:00+10:30',
      '2024-10-06T01:50:00+10:30',
      '2024-10-06T02:30:00+11:00',
      '2024-10-06T02:40:00+11:00',
    ],
  },
  {
    name: 'Lord Howe fall back: ambiguous 01:45 fires once, after the 30-minute shift',
    expression: '0 45 1 * * ?',
    timeZone: 'Australia/Lord_Howe',
    after: '2024-04-06T11:00:00+11:00',
    expected: ['2024-04-07T01:45:00+10:30'],
  },
  {
    name: 'Santiago spring forward: midnight does not exist on Sep 8, so that day has no fire',
    expression: '0 0 0 * * ?',
    timeZone: 'America/Santiago',
    after: '2024-09-07T08:00:00-04:00',
    expected: ['2024-09-09T00:00:00-03:00', '2024-09-10T00:00:00-03:00'],
  },
  {
    name: 'Santiago spring forward: the 2nd Sunday at a missing midnight moves to next month',
    expression: '0 0 0 ? * 1#2',
    timeZone: 'America/Santiago',
    after: '2024-09-01T08:00:00-04:00',
    expected: ['2024-10-13T00:00:00-03:00'],
  },
  {
    name: 'Santiago fall back: ambiguous 23:30 (on the eve) fires in standard time',
    expression: '0 30 23 * * ?',
    timeZone: 'America/Santiago',
    after: '2024-04-06T09:00:00-03:00',
    expected: ['2024-04-06T23:30:00-04:00'],
  },
  {
    name: 'Cairo spring forward: midnight does not exist on Apr 26',
    expression: '0 0 0 * * ?',
    timeZone: 'Africa/Cairo',
    after: '2024-04-25T14:00:00+02:00',
    expected: ['2024-04-27T00:00:00+03:00'],
  },
  {
    name: 'Cairo fall back: the first 23:xx (summer time) is skipped',
    expression: '0 */20 22-23 * * ?',
    timeZone: 'Africa/Cairo',
    after: '2024-10-31T21:00:00+03:00',
    expected: [
      '2024-10-31T22:00:00+03:00',
      '2024-10-31T22:20:00+03:00',
      '2024-10-31T22:40:00+03:00',
      '2024-10-31T23:00:00+02:00',
      '2024-10-31T23:20:00+02:00',
      '2024-10-31T23:40:00+02:00',
    ],
  },
  {
    name: 'Chatham spring forward: 02:45-03:45 (+12:45 to +13:45) is skipped',
    expression: '0 */15 * * * ?',
    timeZone: 'Pacific/Chatham',
    after: '2024-09-29T02:05:00+12:45',
    expected: ['2024-09-29T02:15:00+12:45', '2024-09-29T02:30:00+12:45', '2024-09-29T03:45:00+13:45'],
  },
  {
    name: 'Chatham fall back: ambiguous 03:00 fires once, in standard time',
    expression: '0 0 3 * * ?',
    timeZone: 'Pacific/Chatham',
    after: '2024-04-06T13:45:00+13:45',
    expected: ['2024-04-07T03:00:00+12:45'],
  },
  {
    name: 'Cairo 2014: Quartz never returns for 1W at the missing midnight of Aug 1; the series ends there',
    expression: '0 0 0 1W * ?',
    timeZone: 'Africa/Cairo',
    after: '2014-05-16T09:59:00Z',
    expected: ['2014-06-02T00:00:00+03:00', '2014-07-01T00:00:00+02:00'],
    count: 3,
  },
];

describe('DST scenarios', () => {
  it.each(SCENARIOS)('$name', ({ expression, timeZone, after, expected, count = expected.length }) => {
    const times = nextFireTimes(expression, { timeZone, after: new Date(after), count });
    expect(times.map((time) => time.getTime())).toEqual(expected.map((iso) => new Date(iso).getTime()));
  });
});
