import { InvalidCronExpressionError } from '../errors/index.js';
import { splitBlanks, javaTrim, javaParseInt, isDigit } from './java-text.js';
import {
  SECOND,
  MINUTE,
  HOUR,
  DAY_OF_MONTH,
  MONTH,
  DAY_OF_WEEK,
  YEAR,
  FIELD_NAMES,
  NO_SPEC,
  ALL_SPEC,
  MONTH_NAMES,
  DAY_NAMES,
  FIELD_MIN,
  FIELD_MAX,
  WRAP_MODULUS,
  MAX_STEP,
  YEAR_START,
  type Field,
} from './quartz-fields.js';
import { ValueSet, YearSet, type YearRange } from './value-set.js';

/** A parsed Quartz 2.3.2 cron expression. */
export interface QuartzCron {
  readonly expression: string;
  readonly seconds: ValueSet;
  readonly minutes: ValueSet;
  readonly hours: ValueSet;
  readonly daysOfMonth: ValueSet;
  readonly months: ValueSet;
  readonly daysOfWeek: ValueSet;
  readonly years: YearSet;
  /** Exactly one of these is true: the other day field is `?`. */
  readonly dayOfMonthSpecified: boolean;
  readonly dayOfWeekSpecified: boolean;
  /** `L` / `L-n` / `LW` in day-of-month. */
  readonly lastDayOfMonth: boolean;
  readonly lastDayOffset: number;
  /** `nW` / `LW`. */
  readonly nearestWeekday: boolean;
  /** `nL` in day-of-week. */
  readonly lastDayOfWeek: boolean;
  /** `k` of `n#k`, 0 when absent. */
  readonly nthDayOfWeek: number;
}

/** What Quartz accumulates while parsing: the field sets and the special-character flags. */
interface Builder {
  readonly sets: [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  readonly years: YearRange[];
  lastDayOfMonth: boolean;
  lastDayOffset: number;
  nearestWeekday: boolean;
  lastDayOfWeek: boolean;
  nthDayOfWeek: number;
}

/** Where a parse error is reported: the field and the user's own spelling of the token. */
interface Site {
  readonly expression: string;
  readonly field: Field;
  readonly token: string;
}

function fail(site: Site, why: string): never {
  throw new InvalidCronExpressionError(
    site.expression,
    `${FIELD_NAMES[site.field]}: "${site.token}" — ${why}`,
  );
}

/** Parses like Quartz 2.3.2's `new CronExpression(expression)`; throws InvalidCronExpressionError. */
export function parseQuartzCron(expression: string): QuartzCron {
  // Quartz upper-cases first (names are case-insensitive) and splits on blanks and tabs only.
  const original = splitBlanks(expression);
  const tokens = original.map((token) => token.toUpperCase());
  if (tokens.length > 7) {
    // Deliberate deviation: Quartz silently ignores tokens after the year; we reject them.
    throw new InvalidCronExpressionError(
      expression,
      `year: "${original.slice(6).join(' ')}" — at most 7 fields are allowed, found ${tokens.length}`,
    );
  }
  if (tokens.length < 6) {
    const missing = FIELD_NAMES[tokens.length] ?? 'second';
    throw new InvalidCronExpressionError(
      expression,
      `${missing}: "" — missing (6 or 7 fields are required, found ${tokens.length})`,
    );
  }
  const builder: Builder = {
    sets: [new Set(), new Set(), new Set(), new Set(), new Set(), new Set()],
    years: [],
    lastDayOfMonth: false,
    lastDayOffset: 0,
    nearestWeekday: false,
    lastDayOfWeek: false,
    nthDayOfWeek: 0,
  };
  const sites: Site[] = [];
  tokens.forEach((token, index) => {
    const field = index as Field;
    const site = { expression, field, token: javaTrim(original[index] ?? '') };
    sites.push(site);
    storeField(builder, javaTrim(token), site);
  });
  if (tokens.length === 6) storeField(builder, '*', { expression, field: YEAR, token: '*' });
  return finish(builder, expression, sites);
}

function storeField(builder: Builder, token: string, site: Site): void {
  if (
    (site.field === DAY_OF_MONTH || site.field === DAY_OF_WEEK) &&
    token.includes('L') &&
    token.includes(',')
  ) {
    fail(site, "'L' cannot be combined with other values in a list");
  }
  if (site.field === DAY_OF_WEEK && token.indexOf('#') !== token.lastIndexOf('#')) {
    fail(site, "only one '#' (nth day) is supported");
  }
  const originals = site.token.split(',').filter((piece) => piece !== '');
  token
    .split(',')
    .filter((piece) => piece !== '')
    .forEach((piece, i) => storePiece(builder, piece, { ...site, token: originals[i] ?? piece }));
}

/** One comma-separated piece of a field (Quartz's `storeExpressionVals`). */
function storePiece(builder: Builder, s: string, site: Site): void {
  const c = s.charAt(0);
  if (c >= 'A' && c <= 'Z' && s !== 'L' && s !== 'LW' && !/^L-[0-9]*W?$/.test(s))
    storeNames(builder, s, site);
  else if (c === '?') storeNoSpec(builder, s, site);
  else if (c === '*' || c === '/') storeEvery(builder, s, site);
  else if (c === 'L') storeLast(builder, s, site);
  else if (isDigit(c)) storeNumber(builder, s, site);
  else fail(site, `unexpected character '${c}'`);
}

function storeNames(builder: Builder, s: string, site: Site): void {
  const { field } = site;
  if (field !== MONTH && field !== DAY_OF_WEEK) fail(site, 'names are only allowed in month and day-of-week');
  const names = field === MONTH ? MONTH_NAMES : DAY_NAMES;
  const kind = field === MONTH ? 'month' : 'day';
  // Quartz reads exactly three letters per name and ignores most of what follows.
  const nameAt = (at: number): number => {
    const name = s.slice(at, at + 3);
    if (name.length < 3) fail(site, `expected a three-letter ${kind} name`);
    const index = names.indexOf(name);
    if (index < 0) fail(site, `unknown ${kind} name "${name}"`);
    return index + 1;
  };
  const start = nameAt(0);
  let end = -1;
  const next = s.charAt(3);
  if (next === '-') {
    end = nameAt(4);
  } else if (next === '#' && field === DAY_OF_WEEK) {
    builder.nthDayOfWeek = parseNth(s.slice(4), site);
  } else if (next === 'L' && field === DAY_OF_WEEK) {
    builder.lastDayOfWeek = true;
  }
  addToSet(builder, start, end, end === -1 ? 0 : 1, site);
}

function storeNoSpec(builder: Builder, s: string, site: Site): void {
  // Quartz looks at most two characters past '?', so "?x" passes and "?xy" does not.
  if (s.length >= 3) fail(site, `unexpected character after '?'`);
  if (site.field !== DAY_OF_MONTH && site.field !== DAY_OF_WEEK) {
    fail(site, "'?' is only allowed in day-of-month or day-of-week");
  }
  if (site.field === DAY_OF_WEEK && !builder.lastDayOfMonth) {
    const daysOfMonth = builder.sets[DAY_OF_MONTH];
    if (daysOfMonth.size === 0) fail(site, 'day-of-month has no values');
    if (Math.max(...daysOfMonth) === NO_SPEC)
      fail(site, "'?' cannot be used in both day-of-month and day-of-week");
  }
  addToSet(builder, NO_SPEC, -1, 0, site);
}

// "*", and steps over the whole range: "*/n" or "/n".
function storeEvery(builder: Builder, s: string, site: Site): void {
  if (s === '*') return addToSet(builder, ALL_SPEC, -1, 0, site);
  if (s === '/') fail(site, "'/' must be followed by an integer");
  const slash = s.charAt(0) === '*' ? 1 : 0;
  if (s.charAt(slash) !== '/') {
    // Quartz ignores whatever follows a '*' that is not a step.
    return addToSet(builder, ALL_SPEC, -1, 1, site);
  }
  if (slash + 1 >= s.length) fail(site, "'/' must be followed by an integer");
  const step = javaParseInt(s.slice(slash + 1));
  if (step === undefined) fail(site, `step "${s.slice(slash + 1)}" is not an integer`);
  checkStep(step, site);
  addToSet(builder, ALL_SPEC, -1, step, site);
}

/** `L` in any field, `L-n`, `LW`, `L-nW` in day-of-month. */
function storeLast(builder: Builder, s: string, site: Site): void {
  if (site.field === DAY_OF_WEEK) {
    // A lone 'L' in day-of-week means Saturday; Quartz ignores anything after it.
    return addToSet(builder, 7, 7, 0, site);
  }
  if (site.field !== DAY_OF_MONTH) return; // stores nothing: the empty field is rejected in finish()
  builder.lastDayOfMonth = true;
  let i = 1;
  if (s.charAt(i) === '-') {
    if (i + 1 >= s.length) fail(site, "'L-' must be followed by a number of days");
    const { value, next } = readDigits(0, s, i + 1, site);
    if (value > 30) fail(site, 'offset from the last day must be at most 30');
    builder.lastDayOffset = value;
    i = next;
  }
  if (s.charAt(i) === 'W') builder.nearestWeekday = true;
}

/** A piece starting with a digit: `n`, `nW`, `nL`, `n#k`, `a-b`, `a-b/c`, `a/c`. */
function storeNumber(builder: Builder, s: string, site: Site): void {
  let value = s.charCodeAt(0) - 48;
  let i = 1;
  if (i >= s.length) return addToSet(builder, value, -1, -1, site);
  if (isDigit(s.charAt(i))) ({ value, next: i } = readDigits(value, s, i, site));
  if (i >= s.length) return addToSet(builder, value, -1, -1, site);
  const { field } = site;
  switch (s.charAt(i)) {
    case 'L':
      if (field !== DAY_OF_WEEK) fail(site, "'L' after a number is only allowed in day-of-week");
      if (value < 1 || value > 7) fail(site, 'value must be between 1 and 7');
      builder.lastDayOfWeek = true;
      builder.sets[field].add(value);
      return;
    case 'W':
      if (field !== DAY_OF_MONTH) fail(site, "'W' is only allowed in day-of-month");
      if (value > 31) fail(site, "'W' needs a day of at most 31");
      builder.nearestWeekday = true;
      builder.sets[field].add(value);
      return;
    case '#':
      if (field !== DAY_OF_WEEK) fail(site, "'#' is only allowed in day-of-week");
      // Quartz does not range-check the day before '#'.
      builder.nthDayOfWeek = parseNth(s.slice(i + 1), site);
      builder.sets[field].add(value);
      return;
    case '-':
      return storeRange(builder, s, i + 1, value, site);
    case '/': {
      const step = readStep(s, i + 1, site);
      if (step.next < s.length && !step.multiDigit)
        fail(site, `unexpected character '${s.charAt(step.next)}' after '/'`);
      checkStep(step.value, site);
      return addToSet(builder, value, -1, step.value, site);
    }
    default:
      // Quartz ignores whatever follows the number.
      return addToSet(builder, value, -1, 0, site);
  }
}

/** `a-b` and `a-b/c`, from just after the '-'. */
function storeRange(builder: Builder, s: string, from: number, start: number, site: Site): void {
  const first = s.charAt(from);
  if (!isDigit(first)) fail(site, 'a range needs an end value');
  let end = first.charCodeAt(0) - 48;
  let i = from + 1;
  if (i < s.length && isDigit(s.charAt(i))) ({ value: end, next: i } = readDigits(end, s, i, site));
  if (i < s.length && s.charAt(i) === '/') {
    // Quartz does not check the step of a range; anything after a one-digit step is ignored.
    return addToSet(builder, start, end, readStep(s, i + 1, site).value, site);
  }
  addToSet(builder, start, end, 1, site);
}

/** The step after '/': one digit, or more digits read greedily. */
function readStep(s: string, from: number, site: Site): { value: number; next: number; multiDigit: boolean } {
  const first = s.charAt(from);
  if (!isDigit(first)) fail(site, "'/' must be followed by an integer");
  const digit = first.charCodeAt(0) - 48;
  if (from + 1 < s.length && isDigit(s.charAt(from + 1))) {
    return { ...readDigits(digit, s, from + 1, site), multiDigit: true };
  }
  return { value: digit, next: from + 1, multiDigit: false };
}

/** Quartz's `getValue`: `prefix` followed by the digits at `from`. */
function readDigits(prefix: number, s: string, from: number, site: Site): { value: number; next: number } {
  let i = from;
  while (i < s.length && isDigit(s.charAt(i))) i++;
  const value = javaParseInt(`${prefix}${s.slice(from, i)}`);
  if (value === undefined) fail(site, 'number is too large');
  return { value, next: i };
}

function parseNth(text: string, site: Site): number {
  const nth = javaParseInt(text);
  if (nth === undefined || nth < 1 || nth > 5) fail(site, "'#' must be followed by a number between 1 and 5");
  return nth;
}

function checkStep(step: number, site: Site): void {
  if (site.field !== YEAR && step > MAX_STEP[site.field]) {
    fail(site, `step must be at most ${MAX_STEP[site.field]}`);
  }
}

/** Quartz's `addToSet`: range-check, then add one value or fill a (possibly wrap-around) stepped range. */
function addToSet(builder: Builder, value: number, end: number, step: number, site: Site): void {
  const { field } = site;
  if (field === YEAR) return addYears(builder, value, end, step, site);
  const min = FIELD_MIN[field];
  const max = FIELD_MAX[field];
  const exempt =
    value === ALL_SPEC || (value === NO_SPEC && (field === DAY_OF_MONTH || field === DAY_OF_WEEK));
  // Quartz lets a 0 end through in day-of-week (`1-0` is every day), but not a 0 start.
  if (!exempt && (value < min || value > max || end > max))
    fail(site, `value must be between ${min} and ${max}`);
  const set = builder.sets[field];
  if ((step === 0 || step === -1) && value !== ALL_SPEC) {
    set.add(value);
    return;
  }
  if (value === ALL_SPEC && step <= 0) {
    step = 1;
    set.add(ALL_SPEC);
  }
  const start = value === ALL_SPEC ? min : value;
  let stop = end === -1 ? max : end;
  const modulus = stop < start ? WRAP_MODULUS[field] : 0;
  stop += modulus;
  for (let v = start; v <= stop; v += step) {
    if (modulus === 0) set.add(v);
    else set.add(v % modulus === 0 && min === 1 ? modulus : v % modulus);
  }
}

/** Years are kept as ranges: open ones (`*`, `2024/2`) end at MAX_YEAR, which is only known per evaluation. */
function addYears(builder: Builder, value: number, end: number, step: number, site: Site): void {
  const token = site.token;
  if ((step === 0 || step === -1) && value !== ALL_SPEC) {
    builder.years.push({ from: value, to: value, step: 1, token });
    return;
  }
  const from = value === ALL_SPEC ? YEAR_START : value;
  if (end !== -1 && end < from) fail(site, 'a year range must not end before it starts');
  builder.years.push({ from, to: end === -1 ? 'max' : end, step: step <= 0 ? 1 : step, token });
}

/** Quartz's final checks, plus the ones it only makes (by failing) when first evaluating. */
function finish(builder: Builder, expression: string, sites: readonly Site[]): QuartzCron {
  const [seconds, minutes, hours, daysOfMonth, months, daysOfWeek] = builder.sets;
  const site = (field: Field): Site => sites[field] ?? { expression, field, token: '' };
  const dayOfMonthSpecified = !daysOfMonth.has(NO_SPEC);
  const dayOfWeekSpecified = !daysOfWeek.has(NO_SPEC);
  if (dayOfMonthSpecified === dayOfWeekSpecified) {
    fail(site(DAY_OF_WEEK), "exactly one of day-of-month and day-of-week must be '?'");
  }
  // Quartz accepts these but throws on evaluation, reading the first value of an empty set.
  for (const [field, set] of [
    [SECOND, seconds],
    [MINUTE, minutes],
    [HOUR, hours],
    [MONTH, months],
  ] as const) {
    if (set.size === 0) fail(site(field), 'no values (L is only allowed in day-of-month and day-of-week)');
  }
  if (dayOfWeekSpecified && daysOfWeek.size === 0) fail(site(DAY_OF_WEEK), 'no values');
  if (
    dayOfMonthSpecified &&
    builder.nearestWeekday &&
    !builder.lastDayOfMonth &&
    Math.min(...daysOfMonth) === 0
  ) {
    // Quartz accepts `0W` but then searches backwards month by month and never returns.
    fail(site(DAY_OF_MONTH), "'W' needs a day between 1 and 31");
  }
  return {
    expression,
    seconds: new ValueSet(seconds),
    minutes: new ValueSet(minutes),
    hours: new ValueSet(hours),
    daysOfMonth: new ValueSet(daysOfMonth),
    months: new ValueSet(months),
    daysOfWeek: new ValueSet(daysOfWeek),
    years: new YearSet(builder.years),
    dayOfMonthSpecified,
    dayOfWeekSpecified,
    lastDayOfMonth: builder.lastDayOfMonth,
    lastDayOffset: builder.lastDayOffset,
    nearestWeekday: builder.nearestWeekday,
    lastDayOfWeek: builder.lastDayOfWeek,
    nthDayOfWeek: builder.nthDayOfWeek,
  };
}
