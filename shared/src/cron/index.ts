/**
 * The Quartz 2.3.2 cron engine: Quartz's syntax, validation verdicts and fire times (including its
 * behaviour around DST changes), as pure functions of their inputs.
 */
import { InvalidCronExpressionError } from '../errors/index.js';
import { maxYearFor, nextFireAfter } from './next-fire-time.js';
import { parseQuartzCron } from './parse-quartz.js';
import { zoneOffsets } from './zone-offsets.js';

export { maxYearFor, nextFireAfter } from './next-fire-time.js';
export { parseQuartzCron, type QuartzCron } from './parse-quartz.js';

export type CronValidation = { valid: true } | { valid: false; message: string };

export interface NextFireTimesOptions {
  /** IANA zone the expression's wall-clock fields are read in. */
  timeZone: string;
  /** Fire times are strictly after this instant. */
  after: Date | number;
  /** How many fire times to compute at most. */
  count: number;
}

/**
 * Whether Quartz 2.3.2 accepts `expression`; the message names the field and the offending token.
 * One verdict needs a clock: Quartz rejects an open year range (`2300/2`) starting after the current
 * year + 100. Having none, this accepts it; {@link nextFireTimes} rejects it relative to `after`.
 */
export function validateQuartzCron(expression: string): CronValidation {
  try {
    parseQuartzCron(expression);
    return { valid: true };
  } catch (error) {
    if (error instanceof InvalidCronExpressionError) return { valid: false, message: error.reason };
    throw error;
  }
}

/**
 * The next `count` fire times strictly after `after`, as repeated calls of Quartz's
 * `getNextValidTimeAfter` give them (fewer when Quartz finds no more).
 * Throws InvalidCronExpressionError for an invalid expression and RangeError for an unknown zone.
 */
export function nextFireTimes(expression: string, options: NextFireTimesOptions): Date[] {
  const cron = parseQuartzCron(expression);
  zoneOffsets(options.timeZone);
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new RangeError(`count must be a non-negative integer, got ${options.count}`);
  }
  const times: Date[] = [];
  let after = typeof options.after === 'number' ? options.after : options.after.getTime();
  // One horizon for the whole series, as Quartz's MAX_YEAR is fixed.
  const maxYear = maxYearFor(after);
  while (times.length < options.count) {
    const next = nextFireAfter(cron, options.timeZone, after, maxYear);
    if (next === null) break;
    times.push(new Date(next));
    after = next;
  }
  return times;
}
