import { matchesLabels, type TopologyDetails, type TopologyListQuery } from '@epoch/shared';

const SORT_KEYS = {
  name: (details: TopologyDetails) => details.id,
  created: (details: TopologyDetails) => details.created,
  updated: (details: TopologyDetails) => details.updated,
} as const;

/** Filters, sorts and pages a topology list; `total` counts matches before paging. */
export function selectTopologies(
  all: TopologyDetails[],
  query: TopologyListQuery,
): { items: TopologyDetails[]; total: number } {
  const needle = query.search?.toLowerCase();
  const matches = all.filter(
    (details) =>
      (!needle || details.id.toLowerCase().includes(needle)) &&
      (!query.state || query.state.includes(details.state)) &&
      (!query.triggerType || details.topology.trigger.type === query.triggerType) &&
      (!query.taskType || details.topology.task.type === query.taskType) &&
      (!query.label || matchesLabels(details.topology.labels, query.label)),
  );
  const key = SORT_KEYS[query.sort];
  const direction = query.order === 'asc' ? 1 : -1;
  const sorted = matches.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return (x < y ? -1 : x > y ? 1 : 0) * direction;
  });
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  return { items: sorted.slice(query.offset, end), total: matches.length };
}
