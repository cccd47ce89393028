// The benchmark's jobs, the same for both systems: job i of a set has id `<prefix>-<i>`, a trigger time from the
// set's pattern, and a small meta `{"t": trigger_ms, "n": i}` (the sink reads `t` back to measure lag).

export interface JobSet {
  prefix: string;
  count: number;
  /** Trigger time of job i, epoch ms. */
  triggerOf(index: number): number;
}

export const jobId = (set: JobSet, index: number) => `${set.prefix}-${index}`;
export const metaOf = (set: JobSet, index: number) => ({ t: set.triggerOf(index), n: index });

/** `count` jobs spread evenly (by a fixed stride, so not in id order) over [from, to). */
export function spreadSet(prefix: string, count: number, from: number, to: number): JobSet {
  const span = to - from;
  return {
    prefix,
    count,
    triggerOf: (index) => from + Math.floor(((index * 7919) % count) * (span / count)),
  };
}

/** `count` jobs all due at `at` (the same millisecond: the same second, at its worst). */
export function burstSet(prefix: string, count: number, at: number): JobSet {
  return { prefix, count, triggerOf: () => at };
}

/** `perSecond` jobs due each second for `seconds`, evenly spaced, from `from`. */
export function steadySet(prefix: string, perSecond: number, seconds: number, from: number): JobSet {
  return {
    prefix,
    count: perSecond * seconds,
    triggerOf: (index) => from + Math.floor((index * 1000) / perSecond),
  };
}

/** Index ranges of `size` (the last may be shorter). */
export function chunks(count: number, size: number): Array<{ from: number; to: number }> {
  const ranges = [];
  for (let from = 0; from < count; from += size) ranges.push({ from, to: Math.min(count, from + size) });
  return ranges;
}
