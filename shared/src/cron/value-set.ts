/** Queries never exceed 59 (a second or minute); the lookup table covers them all. */
const TABLE_SIZE = 64;

/**
 * An immutable sorted set of field values, answering Quartz's `TreeSet.tailSet(v).first()` in O(1).
 * Values are kept exactly as Quartz stores them, including its markers (98 for `?`, 99 for `*`)
 * and the out-of-range values it lets through (`0W`, `8#2`).
 */
export class ValueSet {
  readonly values: readonly number[];
  // Values never exceed 99 (the `*` marker): a byte each keeps 100,000 parsed crons small.
  private readonly ceilings = new Int8Array(TABLE_SIZE).fill(-1);

  constructor(values: Iterable<number>) {
    this.values = [...new Set(values)].sort((a, b) => a - b);
    let next = this.values.length - 1;
    for (let v = TABLE_SIZE - 1; v >= 0; v--) {
      while (next > 0 && (this.values[next - 1] ?? -1) >= v) next--;
      const value = this.values[next];
      this.ceilings[v] = value !== undefined && value >= v ? value : -1;
    }
  }

  get size(): number {
    return this.values.length;
  }

  /** The least value, or -1 when empty. */
  get first(): number {
    return this.values[0] ?? -1;
  }

  has(value: number): boolean {
    return this.values.includes(value);
  }

  /** The least value >= `value`, or -1 when there is none. */
  ceiling(value: number): number {
    if (value >= 0 && value < TABLE_SIZE) return this.ceilings[value] ?? -1;
    return this.values.find((v) => v >= value) ?? -1;
  }
}

/** One year term: every `step`th year from `from` to `to`, where `to: 'max'` means Quartz's MAX_YEAR. */
export interface YearRange {
  readonly from: number;
  readonly to: number | 'max';
  readonly step: number;
  /** The source token, for error messages. */
  readonly token: string;
}

/**
 * The year field as arithmetic ranges rather than values, because Quartz fills open ranges (`*`, `2024/2`)
 * up to MAX_YEAR, which depends on the clock; here it is supplied per evaluation.
 */
export class YearSet {
  constructor(readonly ranges: readonly YearRange[]) {}

  /** The least year >= `year` (not above `maxYear` for open ranges), or -1 when there is none. */
  ceiling(year: number, maxYear: number): number {
    let best = -1;
    for (const { from, to, step } of this.ranges) {
      const end = to === 'max' ? maxYear : to;
      const candidate = year <= from ? from : from + Math.ceil((year - from) / step) * step;
      if (candidate <= end && (best < 0 || candidate < best)) best = candidate;
    }
    return best;
  }

  /** An open range starting after MAX_YEAR, which Quartz rejects ("start year must be less than stop year"). */
  openRangeBeyond(maxYear: number): YearRange | undefined {
    return this.ranges.find((r) => r.to === 'max' && r.from > maxYear);
  }
}
