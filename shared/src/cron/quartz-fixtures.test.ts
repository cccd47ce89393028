/**
 * The acceptance test: every case in shared/test-fixtures/*.jsonl was computed by the real Quartz 2.3.2
 * (see shared/test-fixtures/README.md); we must give the same verdict and exactly the same fire times.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidCronExpressionError } from '../errors/index.js';
import { nextFireTimes, validateQuartzCron } from './index.js';

interface Fixture {
  expression: string;
  timeZone: string;
  from: number;
  valid: boolean;
  next?: number[];
  /** How many fire times were asked for; absent in the original file, which asked for 5 or 10. */
  count?: number;
  note?: string;
}

const FIXTURES = new URL('../../test-fixtures/', import.meta.url);
const files = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.jsonl'))
  .sort();

function readFixtures(file: string): Fixture[] {
  return readFileSync(new URL(file, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Fixture);
}

/** The original file asked for 5 or 10; a result shorter than 5 means Quartz ran out either way. */
function requestedCount(fixture: Fixture): number {
  return fixture.count ?? (fixture.next?.length === 5 ? 5 : 10);
}

/** Describes how our answer differs from Quartz's, or returns undefined when it does not. */
function mismatch(fixture: Fixture): string | undefined {
  const verdict = validateQuartzCron(fixture.expression);
  if (verdict.valid !== fixture.valid) {
    return `validateQuartzCron says ${verdict.valid ? 'valid' : `invalid (${verdict.message})`}`;
  }
  let times: number[];
  try {
    times = nextFireTimes(fixture.expression, {
      timeZone: fixture.timeZone,
      after: fixture.from,
      count: requestedCount(fixture),
    }).map((date) => date.getTime());
  } catch (error) {
    if (!fixture.valid && error instanceof InvalidCronExpressionError) return undefined;
    return `nextFireTimes threw ${String(error)}`;
  }
  if (!fixture.valid) return `nextFireTimes did not throw (gave ${JSON.stringify(times)})`;
  const expected = fixture.next ?? [];
  return JSON.stringify(times) === JSON.stringify(expected) ? undefined : `gave ${JSON.stringify(times)}`;
}

describe('Quartz 2.3.2 fixtures', () => {
  it('finds the fixture files', () => {
    expect(files).toContain('quartz-2.3.2-fixtures.jsonl');
    expect(files).toContain('quartz-targeted.jsonl');
  });

  for (const file of files) {
    it(`matches Quartz on every case of ${file}`, () => {
      const fixtures = readFixtures(file);
      expect(fixtures.length).toBeGreaterThan(0);
      const failures = fixtures.flatMap((fixture) => {
        const problem = mismatch(fixture);
        return problem === undefined ? [] : [`${JSON.stringify(fixture)}\n  ${problem}`];
      });
      expect(failures.slice(0, 20), `${failures.length} of ${fixtures.length} cases differ`).toEqual([]);
    });
  }
});
