import { InvalidCronExpressionError } from '../errors/index.js';
import { MS_PER_SECOND, lastDayOfMonth, yearOfEpochMs } from './civil-date.js';
import type { QuartzCron } from './parse-quartz.js';
import { ZonedCalendar } from './zoned-calendar.js';
import { zoneOffsets, type ZoneOffsets } from './zone-offsets.js';

const SUNDAY = 1;
const SATURDAY = 7;
/** Quartz gives up (returns null) once the search passes this year. */
const LAST_SEARCH_YEAR = 2999;

/**
 * The first fire time strictly after `after` (epoch ms), or null when there is none: Quartz 2.3.2's
 * `CronExpression.getTimeAfter`, step for step, on a model of the lenient GregorianCalendar it uses,
 * so that its behaviour around DST changes (skipped and repeated wall times) is reproduced exactly.
 *
 * `maxYear` is Quartz's MAX_YEAR, the last year it searches. Quartz fixes it at the current year + 100;
 * to stay pure we default to the year of `after` + 100. Pass it explicitly (see {@link maxYearFor}) to
 * keep one horizon over a series of calls, as Quartz does.
 *
 * Throws RangeError for an unknown time zone.
 */
export function nextFireAfter(
  cron: QuartzCron,
  timeZone: string,
  after: number,
  maxYear: number = maxYearFor(after),
): number | null {
  if (!Number.isFinite(after)) throw new RangeError(`Invalid start instant: ${after}`);
  const zone = zoneOffsets(timeZone);
  const beyond = cron.years.openRangeBeyond(maxYear);
  if (beyond !== undefined) {
    // Quartz rejects such a range while parsing, as its end (MAX_YEAR) comes before its start.
    throw new InvalidCronExpressionError(
      cron.expression,
      `year: "${beyond.token}" — starts after the last year Quartz considers (${maxYear})`,
    );
  }
  return timeAfter(cron, zone, Math.floor(after), maxYear);
}

/** Quartz's MAX_YEAR taking `now` as the current time: the year of `now` (UTC) + 100. */
export function maxYearFor(now: number): number {
  return yearOfEpochMs(now, { year: 0, month: 0, day: 0 }) + 100;
}

function timeAfter(cron: QuartzCron, zone: ZoneOffsets, after: number, maxYear: number): number | null {
  const { seconds, minutes, hours, daysOfMonth, months, daysOfWeek } = cron;
  // Quartz works in whole seconds and searches from one second after `after`.
  const afterTime = after + MS_PER_SECOND;
  const cl = new ZonedCalendar(zone);
  cl.setTime(afterTime);
  cl.set('millisecond', 0);

  // Brent's cycle detection. At the top of the loop the calendar is resolved, so its instant is the
  // whole search state: seeing one again means Quartz would loop forever (it does, e.g. for `0 0 0 1W * ?`
  // when the 1st's midnight is skipped by DST, as in Africa/Cairo on 2014-08-01). We report "no fire time".
  let checkpoint = Number.NaN;
  let stepsToCheckpoint = 1;
  let steps = 0;
  for (;;) {
    if (cl.get('year') > LAST_SEARCH_YEAR) return null;
    const state = cl.getTime();
    if (state === checkpoint) return null;
    if (++steps === stepsToCheckpoint) {
      checkpoint = state;
      stepsToCheckpoint *= 2;
      steps = 0;
    }

    // Second.
    let sec = cl.get('second');
    let min = cl.get('minute');
    const nextSecond = seconds.ceiling(sec);
    if (nextSecond >= 0) {
      sec = nextSecond;
    } else {
      sec = seconds.first;
      min++;
      cl.set('minute', min);
    }
    cl.set('second', sec);

    // Minute.
    min = cl.get('minute');
    let hr = cl.get('hourOfDay');
    let t = -1;
    const nextMinute = minutes.ceiling(min);
    if (nextMinute >= 0) {
      t = min;
      min = nextMinute;
    } else {
      min = minutes.first;
      hr++;
    }
    if (min !== t) {
      cl.set('second', 0);
      cl.set('minute', min);
      setCalendarHour(cl, hr);
      continue;
    }
    cl.set('minute', min);

    // Hour.
    hr = cl.get('hourOfDay');
    let day = cl.get('dayOfMonth');
    t = -1;
    const nextHour = hours.ceiling(hr);
    if (nextHour >= 0) {
      t = hr;
      hr = nextHour;
    } else {
      hr = hours.first;
      day++;
    }
    if (hr !== t) {
      cl.set('second', 0);
      cl.set('minute', 0);
      cl.set('dayOfMonth', day);
      setCalendarHour(cl, hr);
      continue;
    }
    cl.set('hourOfDay', hr);

    // Day.
    day = cl.get('dayOfMonth');
    let mon = cl.get('month');
    t = -1;
    let tmon = mon;
    if (cron.dayOfMonthSpecified) {
      if (cron.lastDayOfMonth && !cron.nearestWeekday) {
        t = day;
        day = lastDayOfMonth(mon, cl.get('year')) - cron.lastDayOffset;
        if (t > day) {
          mon++;
          if (mon > 12) {
            mon = 1;
            tmon = -1; // forces the reset below even if the day happens to match
            cl.addYears(1);
          }
          day = 1;
        }
      } else if (cron.nearestWeekday) {
        t = day;
        const target = cron.lastDayOfMonth
          ? lastDayOfMonth(mon, cl.get('year')) - cron.lastDayOffset
          : daysOfMonth.first;
        const candidate = nearestWeekday(zone, cl.get('year'), mon, target, hr, min, sec, afterTime);
        day = candidate.day;
        if (candidate.time < afterTime) {
          day = cron.lastDayOfMonth ? 1 : daysOfMonth.first;
          mon++;
        }
      } else {
        const nextDay = daysOfMonth.ceiling(day);
        if (nextDay >= 0) {
          t = day;
          day = nextDay;
          // Don't run past the end of a short month such as February.
          if (day > lastDayOfMonth(mon, cl.get('year'))) {
            day = daysOfMonth.first;
            mon++;
          }
        } else {
          day = daysOfMonth.first;
          mon++;
        }
      }
      if (day !== t || mon !== tmon) {
        resetToStartOfDay(cl, day, mon);
        continue;
      }
    } else if (cron.lastDayOfWeek) {
      // Last given weekday of the month (`nL`).
      const dow = daysOfWeek.first;
      let daysToAdd = daysUntilWeekday(cl.get('dayOfWeek'), dow);
      const lDay = lastDayOfMonth(mon, cl.get('year'));
      while (day + daysToAdd + 7 <= lDay) daysToAdd += 7;
      day += daysToAdd;
      if (daysToAdd > 0) {
        resetToStartOfDay(cl, day, mon);
        continue;
      }
    } else if (cron.nthDayOfWeek !== 0) {
      // Nth given weekday of the month (`n#k`).
      const dow = daysOfWeek.first;
      let daysToAdd = daysUntilWeekday(cl.get('dayOfWeek'), dow);
      const dayShifted = daysToAdd > 0;
      day += daysToAdd;
      let weekOfMonth = Math.trunc(day / 7);
      if (day % 7 > 0) weekOfMonth++;
      daysToAdd = (cron.nthDayOfWeek - weekOfMonth) * 7;
      day += daysToAdd;
      if (daysToAdd < 0 || day > lastDayOfMonth(mon, cl.get('year'))) {
        resetToStartOfDay(cl, 1, mon + 1);
        continue;
      } else if (daysToAdd > 0 || dayShifted) {
        resetToStartOfDay(cl, day, mon);
        continue;
      }
    } else {
      const cDow = cl.get('dayOfWeek');
      const nextDow = daysOfWeek.ceiling(cDow);
      const dow = nextDow >= 0 ? nextDow : daysOfWeek.first;
      const daysToAdd = daysUntilWeekday(cDow, dow);
      if (day + daysToAdd > lastDayOfMonth(mon, cl.get('year'))) {
        resetToStartOfDay(cl, 1, mon + 1);
        continue;
      } else if (daysToAdd > 0) {
        resetToStartOfDay(cl, day + daysToAdd, mon);
        continue;
      }
    }
    cl.set('dayOfMonth', day);

    // Month.
    mon = cl.get('month');
    let year = cl.get('year');
    t = -1;
    if (year > maxYear) return null;
    const nextMonth = months.ceiling(mon);
    if (nextMonth >= 0) {
      t = mon;
      mon = nextMonth;
    } else {
      mon = months.first;
      year++;
    }
    if (mon !== t) {
      resetToStartOfDay(cl, 1, mon);
      cl.set('year', year);
      continue;
    }
    cl.set('month', mon);

    // Year.
    year = cl.get('year');
    const nextYear = cron.years.ceiling(year, maxYear);
    if (nextYear < 0) return null;
    if (nextYear !== year) {
      resetToStartOfDay(cl, 1, 1);
      cl.set('year', nextYear);
      continue;
    }
    cl.set('year', year);

    return cl.getTime();
  }
}

/** Quartz's `setCalendarHour`: if the hour reads back differently (a DST gap), it sets the next hour. */
function setCalendarHour(cl: ZonedCalendar, hour: number): void {
  cl.set('hourOfDay', hour);
  if (cl.get('hourOfDay') !== hour && hour !== 24) cl.set('hourOfDay', hour + 1);
}

function resetToStartOfDay(cl: ZonedCalendar, day: number, month: number): void {
  cl.set('second', 0);
  cl.set('minute', 0);
  cl.set('hourOfDay', 0);
  cl.set('dayOfMonth', day);
  cl.set('month', month);
}

/** Days from weekday `from` forward to weekday `to` (Calendar numbering), 0 when equal. */
function daysUntilWeekday(from: number, to: number): number {
  if (from < to) return to - from;
  if (from > to) return to + (7 - from);
  return 0;
}

/**
 * Quartz's `W` step: the weekday it moves `day` to (Saturday to Friday, or to Monday the 3rd when it
 * is the 1st; Sunday to Monday, or to Friday when it is the last day), and that day's fire time at the
 * current hour, minute and second, which Quartz compares with `afterTime` to see if it has passed.
 *
 * Quartz does this on a second calendar created at the wall-clock *now*: the weekday is read at midnight
 * of the (lenient) target date, and the fire time keeps now's milliseconds and the year that first
 * resolution left. We take the milliseconds from `afterTime`, i.e. as if evaluated right at `after`, as
 * Quartz's scheduler does.
 */
function nearestWeekday(
  zone: ZoneOffsets,
  year: number,
  month: number,
  target: number,
  hour: number,
  minute: number,
  second: number,
  afterTime: number,
): { day: number; time: number } {
  const tcal = new ZonedCalendar(zone);
  tcal.set('year', year);
  tcal.set('month', month);
  tcal.set('dayOfMonth', target);
  tcal.set('hourOfDay', 0);
  tcal.set('minute', 0);
  tcal.set('second', 0);
  tcal.set('millisecond', ((afterTime % MS_PER_SECOND) + MS_PER_SECOND) % MS_PER_SECOND);
  const dow = tcal.get('dayOfWeek');
  let day = target;
  if (dow === SATURDAY) day = target === 1 ? target + 2 : target - 1;
  else if (dow === SUNDAY) day = target === lastDayOfMonth(month, year) ? target - 2 : target + 1;
  tcal.set('second', second);
  tcal.set('minute', minute);
  tcal.set('hourOfDay', hour);
  tcal.set('dayOfMonth', day);
  tcal.set('month', month);
  return { day, time: tcal.getTime() };
}
