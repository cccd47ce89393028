import { RUN_STATES, type RunState, type TopologyState } from '@epoch/shared';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export type SortField = 'name' | 'created' | 'updated' | 'nextFire';
export type SortOrder = 'asc' | 'desc';
export type StateFilter = TopologyState | 'ALL';
export type LastRunFilter = RunState | 'ANY';

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export interface ListParams {
  q: string;
  /** A label selector as typed: comma-separated `key=value` or `key`, all required. */
  label: string;
  state: StateFilter;
  /** The state of each topology's last run, named like the API's query parameter. */
  lastRunState: LastRunFilter;
  sort: SortField;
  order: SortOrder;
  /** 1-based. */
  page: number;
  size: PageSize;
}

const DEFAULTS: ListParams = {
  q: '',
  label: '',
  state: 'ALL',
  lastRunState: 'ANY',
  sort: 'name',
  order: 'asc',
  page: 1,
  size: 25,
};

const oneOf = <T extends string | number>(values: readonly T[], value: unknown, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

function parse(search: URLSearchParams): ListParams {
  const page = Number.parseInt(search.get('page') ?? '', 10);
  return {
    q: search.get('q') ?? DEFAULTS.q,
    label: search.get('label') ?? DEFAULTS.label,
    state: oneOf(['ALL', 'ACTIVE', 'PAUSED'], search.get('state')?.toUpperCase(), DEFAULTS.state),
    lastRunState: oneOf(
      ['ANY', ...RUN_STATES],
      search.get('lastRunState')?.toUpperCase(),
      DEFAULTS.lastRunState,
    ),
    sort: oneOf(['name', 'created', 'updated', 'nextFire'], search.get('sort'), DEFAULTS.sort),
    order: oneOf(['asc', 'desc'], search.get('order'), DEFAULTS.order),
    page: Number.isFinite(page) && page >= 1 ? page : DEFAULTS.page,
    size: oneOf(PAGE_SIZES, Number(search.get('size')), DEFAULTS.size),
  };
}

/** The list's state lives in the URL (q, label, state, lastRunState, sort, order, page, size) so reload and back restore it. */
export function useListParams() {
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => parse(search), [search]);

  /** Merges a change; defaults are left out of the URL to keep it short. */
  const update = useCallback(
    (change: Partial<ListParams>, options: { replace?: boolean } = {}) => {
      setSearch(
        (current) => {
          const next = { ...parse(current), ...change };
          const out = new URLSearchParams();
          for (const key of Object.keys(DEFAULTS) as (keyof ListParams)[]) {
            if (next[key] !== DEFAULTS[key]) out.set(key, String(next[key]));
          }
          return out;
        },
        { replace: options.replace ?? false },
      );
    },
    [setSearch],
  );

  const filtered =
    params.q.trim() !== '' ||
    params.label.trim() !== '' ||
    params.state !== 'ALL' ||
    params.lastRunState !== 'ANY';
  return { params, update, filtered };
}
