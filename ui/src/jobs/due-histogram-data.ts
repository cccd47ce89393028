import type { JobCollections, JobDueHistogram } from '@epoch/shared';

/** The buckets in order, soonest first, as the chart and its text name them. */
export const DUE_BUCKETS: [keyof JobDueHistogram, string][] = [
  ['overdue', 'Overdue'],
  ['underMinute', '< 1 min'],
  ['underTenMinutes', '< 10 min'],
  ['underHour', '< 1 h'],
  ['underDay', '< 1 day'],
  ['later', 'Later'],
];

const PALETTE = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6', 'lime.6', 'indigo.6'];

/**
 * One bar per bucket, stacked by collection (`database/collection`), for the collections with pending jobs;
 * with the totals per bucket, which the chart's accessible name reads out.
 */
export function dueHistogramData(collections: JobCollections['collections']) {
  const withPending = collections.filter((collection) => collection.pending > 0);
  const series = withPending.map(({ database, collection }, index) => ({
    name: `${database}/${collection}`,
    color: PALETTE[index % PALETTE.length]!,
  }));
  const data = DUE_BUCKETS.map(([key, label]) => ({
    bucket: label,
    ...Object.fromEntries(withPending.map((c) => [`${c.database}/${c.collection}`, c.due[key]])),
  }));
  const totals = DUE_BUCKETS.map(([key, label]) => ({
    label,
    count: collections.reduce((sum, collection) => sum + collection.due[key], 0),
  }));
  return { data, series, totals };
}

/** "Pending jobs by due time: Overdue 0, < 1 min 2, …": what a screen reader (and a test) reads. */
export const describeHistogram = (totals: { label: string; count: number }[]): string =>
  `Pending jobs by due time: ${totals.map(({ label, count }) => `${label} ${count}`).join(', ')}`;
