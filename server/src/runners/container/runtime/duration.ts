// Dropwizard `Duration` strings (Drove's `dockerPullTimeout`, e.g. "120 seconds", "2m") as milliseconds.

// Nanoseconds per unit: whole numbers, so that converting to milliseconds rounds exactly once.
const UNITS: [number, string[]][] = [
  [1, ['ns', 'nanosecond', 'nanoseconds']],
  [1e3, ['us', 'microsecond', 'microseconds']],
  [1e6, ['ms', 'millisecond', 'milliseconds']],
  [1e9, ['s', 'second', 'seconds']],
  [60e9, ['m', 'min', 'mins', 'minute', 'minutes']],
  [3_600e9, ['h', 'hour', 'hours']],
  [86_400e9, ['d', 'day', 'days']],
];
const NANOS_PER_UNIT = new Map(
  UNITS.flatMap(([nanos, names]) => names.map((name) => [name, nanos] as const)),
);

const DURATION = /^\s*(\d+)\s*(\S+)\s*$/;

/** Whole milliseconds, rounded up so that a tiny positive duration never becomes "no time at all". */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  const nanosPerUnit = match?.[2] === undefined ? undefined : NANOS_PER_UNIT.get(match[2]);
  if (match?.[1] === undefined || nanosPerUnit === undefined) {
    throw new RangeError(`"${text}" is not a duration such as "120 seconds", "500ms" or "2m"`);
  }
  return Math.ceil((Number(match[1]) * nanosPerUnit) / 1e6);
}
