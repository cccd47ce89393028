import type { RunInfo, RunListQuery } from '@epoch/shared';
import { hasBegun } from './state-machines.js';

/**
 * Filters, sorts and pages a topology's runs; `total` counts matches before paging. Claimed runs are left
 * out: they have not begun.
 */
export function selectRuns(all: RunInfo[], query: RunListQuery): { items: RunInfo[]; total: number } {
  const matches = all.filter(
    (run) =>
      hasBegun(run) &&
      (!query.state || query.state.includes(run.state)) &&
      (!query.runType || run.runType === query.runType),
  );
  const direction = query.order === 'asc' ? 1 : -1;
  const key = query.sort;
  const compare = (x: string | number, y: string | number) => (x < y ? -1 : x > y ? 1 : 0);
  // Runs of the same time are ordered by id, so that pages never overlap or skip.
  matches.sort((a, b) => (compare(a[key], b[key]) || compare(a.runId, b.runId)) * direction);
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  return { items: matches.slice(query.offset, end), total: matches.length };
}
