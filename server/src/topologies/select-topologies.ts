import { matchesLabels, type TopologyDetails, type TopologyListQuery } from '@epoch/shared';
import type { ListFacts } from './list-facts.js';

type SortKey = (details: TopologyDetails) => string | number | null;

const sortKeys = (facts: ListFacts): Record<TopologyListQuery['sort'], SortKey> => ({
  name: (details) => details.id,
  created: (details) => details.created,
  updated: (details) => details.updated,
  nextFire: (details) => facts.nextFire(details),
});

/**
 * Filters, sorts and pages a topology list; `total` counts matches before paging. Last runs are read only for
 * the topologies every other filter kept, and only when the query filters by them. Ties (and topologies with no
 * value, which come last in either order) are ordered by name, so pages do not overlap.
 */
export async function selectTopologies(
  all: TopologyDetails[],
  query: TopologyListQuery,
  facts: ListFacts,
): Promise<{ items: TopologyDetails[]; total: number }> {
  const needle = query.search?.toLowerCase();
  let matches = all.filter(
    (details) =>
      (!needle || details.id.toLowerCase().includes(needle)) &&
      (!query.state || query.state.includes(details.state)) &&
      (!query.triggerType || details.topology.trigger.type === query.triggerType) &&
      (!query.taskType || details.topology.task.type === query.taskType) &&
      (!query.label || matchesLabels(details.topology.labels, query.label)),
  );
  const wanted = query.lastRunState;
  if (wanted) {
    const states = await facts.lastRunStates(matches.map((details) => details.id));
    matches = matches.filter((details) => wanted.some((state) => states.get(details.id) === state));
  }
  const key = sortKeys(facts)[query.sort];
  const direction = query.order === 'asc' ? 1 : -1;
  const keyed = matches.map((details) => ({ details, key: key(details) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === null) return 1;
      if (b.key === null) return -1;
      return (a.key < b.key ? -1 : 1) * direction;
    }
    return a.details.id < b.details.id ? -1 : a.details.id > b.details.id ? 1 : 0;
  });
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  return { items: keyed.slice(query.offset, end).map(({ details }) => details), total: matches.length };
}
