import {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  civilFromDays,
  dayOfWeekFromDays,
  daysFromCivil,
  lastDayOfMonth,
  type CivilDate,
} from './civil-date.js';
import type { ZoneOffsets } from './zone-offsets.js';

export type CalendarField =
  'year' | 'month' | 'dayOfMonth' | 'hourOfDay' | 'minute' | 'second' | 'millisecond';

/**
 * A minimal model of a lenient java.util.GregorianCalendar in one zone, because Quartz's results near
 * DST changes follow from its mechanics: `set` only stores a wall-clock field (any value: minute 60,
 * day 32, month 13 …); the next read re-resolves ALL wall fields to an instant (arithmetically, then
 * with {@link ZoneOffsets.offsetForWall}) and recomputes every field from that instant.
 *
 * Unlike java.util.Calendar, `month` is 1-based here.
 */
export class ZonedCalendar {
  private time = 0;
  /** Wall fields were set since `time` was last resolved from them. */
  private stale = false;
  private year = 1970;
  private month = 1;
  private dayOfMonth = 1;
  private hourOfDay = 0;
  private minute = 0;
  private second = 0;
  private millisecond = 0;
  private dayOfWeek = 5;
  private readonly civil: CivilDate = { year: 0, month: 0, day: 0 };

  constructor(private readonly zone: ZoneOffsets) {}

  setTime(utcMs: number): void {
    this.time = utcMs;
    this.stale = false;
    this.computeFields();
  }

  getTime(): number {
    this.complete();
    return this.time;
  }

  set(field: CalendarField, value: number): void {
    switch (field) {
      case 'year':
        this.year = value;
        break;
      case 'month':
        this.month = value;
        break;
      case 'dayOfMonth':
        this.dayOfMonth = value;
        break;
      case 'hourOfDay':
        this.hourOfDay = value;
        break;
      case 'minute':
        this.minute = value;
        break;
      case 'second':
        this.second = value;
        break;
      case 'millisecond':
        this.millisecond = value;
        break;
    }
    this.stale = true;
  }

  get(field: CalendarField | 'dayOfWeek'): number {
    this.complete();
    switch (field) {
      case 'year':
        return this.year;
      case 'month':
        return this.month;
      case 'dayOfMonth':
        return this.dayOfMonth;
      case 'hourOfDay':
        return this.hourOfDay;
      case 'minute':
        return this.minute;
      case 'second':
        return this.second;
      case 'millisecond':
        return this.millisecond;
      case 'dayOfWeek':
        return this.dayOfWeek;
    }
  }

  /** Calendar.add(YEAR, n): resolve, move the year, and pin the day to the new month's length (Feb 29). */
  addYears(years: number): void {
    this.complete();
    this.year += years;
    this.dayOfMonth = Math.min(this.dayOfMonth, lastDayOfMonth(this.month, this.year));
    this.stale = true;
  }

  private complete(): void {
    if (!this.stale) return;
    const monthIndex = this.month - 1;
    const yearCarry = Math.floor(monthIndex / 12);
    const days =
      daysFromCivil(this.year + yearCarry, monthIndex - yearCarry * 12 + 1, 1) + this.dayOfMonth - 1;
    const wall =
      days * MS_PER_DAY +
      this.hourOfDay * MS_PER_HOUR +
      this.minute * MS_PER_MINUTE +
      this.second * MS_PER_SECOND +
      this.millisecond;
    this.time = wall - this.zone.offsetForWall(wall);
    this.stale = false;
    this.computeFields();
  }

  private computeFields(): void {
    const wall = this.time + this.zone.offsetAt(this.time);
    const days = Math.floor(wall / MS_PER_DAY);
    let rest = wall - days * MS_PER_DAY;
    civilFromDays(days, this.civil);
    this.year = this.civil.year;
    this.month = this.civil.month;
    this.dayOfMonth = this.civil.day;
    this.dayOfWeek = dayOfWeekFromDays(days);
    this.hourOfDay = Math.floor(rest / MS_PER_HOUR);
    rest -= this.hourOfDay * MS_PER_HOUR;
    this.minute = Math.floor(rest / MS_PER_MINUTE);
    rest -= this.minute * MS_PER_MINUTE;
    this.second = Math.floor(rest / MS_PER_SECOND);
    this.millisecond = rest - this.second * MS_PER_SECOND;
  }
}
