import type { TopologyListParams } from '../../api/queries.js';
import type { ListParams } from './use-list-params.js';

/** The URL's list state as the API's query: one page, filtered and sorted by the server. */
export function toListQuery(params: ListParams): TopologyListParams {
  const search = params.q.trim();
  return {
    search: search || undefined,
    state: params.state === 'ALL' ? undefined : [params.state],
    lastRunState: params.lastRunState === 'ANY' ? undefined : [params.lastRunState],
    label: labelTerms(params.label),
    sort: params.sort,
    order: params.order,
    offset: (params.page - 1) * params.size,
    limit: params.size,
  };
}

/** The default order of a column when first sorted by it: names A–Z and next fires soonest first, dates newest first. */
export const initialOrder = (field: ListParams['sort']): ListParams['order'] =>
  field === 'name' || field === 'nextFire' ? 'asc' : 'desc';

/** The typed selector's terms (`team=payments, tier` → two), or undefined for none. */
export function labelTerms(selector: string): string[] | undefined {
  const terms = selector
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '');
  return terms.length > 0 ? terms : undefined;
}
