/** A pending segment as the dispatcher knows it. */
export interface SegmentSize {
  name: string;
  first: number;
  count: number;
}

/** Segments with fewer jobs than this are merged with their neighbours in time. */
export const SMALL_SEGMENT_JOBS = 256;
/** A merge makes segments of about this many jobs (a tenth of a full segment: cheap to rewrite again). */
export const MERGED_SEGMENT_JOBS = 2_048;

/**
 * Which small segments to merge: runs of neighbours in fire-time order (so a merged segment's range stays
 * narrow), each group at most `target` jobs and at least two segments. Single creates make a segment per
 * batch; this keeps ZooKeeper at a few znodes per thousand jobs whatever the rate of creates.
 */
export function pickMerges(
  segments: readonly SegmentSize[],
  small = SMALL_SEGMENT_JOBS,
  target = MERGED_SEGMENT_JOBS,
): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let jobs = 0;
  const close = () => {
    if (group.length >= 2) groups.push(group);
    group = [];
    jobs = 0;
  };
  for (const segment of [...segments].sort((a, b) => a.first - b.first || (a.name < b.name ? -1 : 1))) {
    if (segment.count >= small) {
      close();
      continue;
    }
    if (jobs + segment.count > target) close();
    group.push(segment.name);
    jobs += segment.count;
  }
  close();
  return groups;
}
