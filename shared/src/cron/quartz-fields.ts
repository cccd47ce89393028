// The fields of a Quartz 2.3.2 cron expression as CronExpression has them: their numbering (which is also
// their position in the expression), names and bounds.

/** Quartz's field numbering, also the position of each field in the expression. */
export const SECOND = 0;
export const MINUTE = 1;
export const HOUR = 2;
export const DAY_OF_MONTH = 3;
export const MONTH = 4;
export const DAY_OF_WEEK = 5;
export const YEAR = 6;
export type Field = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const FIELD_NAMES = [
  'second',
  'minute',
  'hour',
  'day-of-month',
  'month',
  'day-of-week',
  'year',
] as const;

/** Quartz stores `?` and `*` as these values inside the field sets. */
export const NO_SPEC = 98;
export const ALL_SPEC = 99;

export const MONTH_NAMES = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
];
export const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Lowest value of each non-year field, and the modulus a wrap-around range (`22-2`) is taken in. */
export const FIELD_MIN = [0, 0, 0, 1, 1, 1] as const;
export const FIELD_MAX = [59, 59, 23, 31, 12, 7] as const;
export const WRAP_MODULUS = [60, 60, 24, 31, 12, 7] as const;
// Largest step Quartz accepts per field. It checks only steps over the whole range or from a
// single start value ("*/n", "a/n"), not those of a range ("a-b/n").
export const MAX_STEP = [59, 59, 23, 31, 12, 7] as const;
export const YEAR_START = 1970;
