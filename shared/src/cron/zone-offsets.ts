import { MS_PER_DAY, MS_PER_SECOND, civilFromDays, daysFromCivil, type CivilDate } from './civil-date.js';

/** UTC offsets of one IANA zone, as java.util.GregorianCalendar uses them. */
export interface ZoneOffsets {
  /** Total offset (ms, east positive) in effect at a UTC instant. */
  offsetAt(utcMs: number): number;
  /**
   * Offset GregorianCalendar applies to a local wall time: that of the last transition whose wall time
   * (transition instant + new offset) is <= `wallMs`. So a wall time in a spring-forward gap is read with
   * the old offset (it lands after the gap) and an ambiguous fall-back wall time gets the later instant.
   */
  offsetForWall(wallMs: number): number;
}

/**
 * Intl has no transition API, so each UTC year is sampled at this interval and every change bisected
 * to the second. No zone has had a DST episode this short since offsets were standardised.
 */
const SAMPLE_STEP_MS = 4 * MS_PER_DAY;

interface YearTransitions {
  start: number;
  end: number;
  /** Offset in effect at `start`. */
  startOffset: number;
  /** Instants within [start, end) where the offset changes, ascending, and the offset from then on. */
  at: number[];
  offsets: number[];
}

class IntlZoneOffsets implements ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  private readonly years = new Map<number, YearTransitions>();
  private readonly scratch: CivilDate = { year: 0, month: 0, day: 0 };
  // The last interval of constant offset each lookup found, so the hot path is two comparisons.
  private utcFrom = 0;
  private utcUntil = 0;
  private utcOffset = 0;
  private wallFrom = 0;
  private wallUntil = 0;
  private wallOffset = 0;

  constructor(timeZone: string) {
    // Throws RangeError for an unknown zone.
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetAt(utcMs: number): number {
    if (utcMs >= this.utcFrom && utcMs < this.utcUntil) return this.utcOffset;
    const year = this.transitionsOfYear(utcMs);
    let i = year.at.length - 1;
    while (i >= 0 && (year.at[i] ?? 0) > utcMs) i--;
    this.utcFrom = i < 0 ? year.start : (year.at[i] ?? year.start);
    this.utcUntil = year.at[i + 1] ?? year.end;
    this.utcOffset = i < 0 ? year.startOffset : (year.offsets[i] ?? year.startOffset);
    return this.utcOffset;
  }

  offsetForWall(wallMs: number): number {
    if (wallMs >= this.wallFrom && wallMs < this.wallUntil) return this.wallOffset;
    // A transition's wall time is less than a day from its instant, so only these years can hold the
    // transitions that decide; any earlier one has a wall time before wallFrom, any later one after wallUntil.
    const first = this.transitionsOfYear(wallMs - MS_PER_DAY);
    const last = this.transitionsOfYear(wallMs + MS_PER_DAY);
    let offset = first.startOffset;
    let from = first.start + MS_PER_DAY;
    let until = last.end - MS_PER_DAY;
    scan: for (const year of first === last ? [first] : [first, last]) {
      for (let i = 0; i < year.at.length; i++) {
        const newOffset = year.offsets[i] ?? offset;
        const wallAt = (year.at[i] ?? 0) + newOffset;
        if (wallAt > wallMs) {
          until = wallAt;
          break scan;
        }
        offset = newOffset;
        from = wallAt;
      }
    }
    this.wallFrom = from;
    this.wallUntil = until;
    this.wallOffset = offset;
    return offset;
  }

  private transitionsOfYear(ms: number): YearTransitions {
    const year = civilFromDays(Math.floor(ms / MS_PER_DAY), this.scratch).year;
    let transitions = this.years.get(year);
    if (transitions === undefined) {
      transitions = this.findTransitions(year);
      this.years.set(year, transitions);
    }
    return transitions;
  }

  private findTransitions(year: number): YearTransitions {
    const start = daysFromCivil(year, 1, 1) * MS_PER_DAY;
    const end = daysFromCivil(year + 1, 1, 1) * MS_PER_DAY;
    const startOffset = this.sample(start);
    const at: number[] = [];
    const offsets: number[] = [];
    let lo = start;
    let loOffset = startOffset;
    while (lo < end) {
      const hi = Math.min(lo + SAMPLE_STEP_MS, end);
      const hiOffset = this.sample(hi);
      // More than one change may fall inside (lo, hi]: find each in turn.
      while (loOffset !== hiOffset) {
        const change = this.firstChange(lo, loOffset, hi);
        loOffset = this.sample(change);
        lo = change;
        if (change < end) {
          at.push(change);
          offsets.push(loOffset);
        }
      }
      lo = hi;
    }
    return { start, end, startOffset, at, offsets };
  }

  /** First whole second in (lo, hi] whose offset is not `loOffset`; `hi`'s offset is known to differ. */
  private firstChange(lo: number, loOffset: number, hi: number): number {
    while (hi - lo > MS_PER_SECOND) {
      const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_SECOND)) * MS_PER_SECOND;
      if (this.sample(mid) === loOffset) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** Offset at a whole-second instant, read back from Intl's wall-clock rendering "M/D/YYYY, HH:MM:SS". */
  private sample(utcMs: number): number {
    const text = this.format.format(utcMs);
    const parts: number[] = [];
    let value = -1;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : -1;
      if (code >= 48 && code <= 57) {
        value = (value < 0 ? 0 : value * 10) + code - 48;
      } else if (value >= 0) {
        parts.push(value);
        value = -1;
      }
    }
    const [month = 1, day = 1, year = 1970, hour = 0, minute = 0, second = 0] = parts;
    const wall =
      daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * MS_PER_SECOND;
    return wall - utcMs;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** Offsets of an IANA zone (memoised per zone). Throws RangeError for an unknown zone. */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    zone = new IntlZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}
