import { topologyListQuerySchema, type TopologyDetails } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { selectTopologies } from './select-topologies.js';

const topology = (id: string, created: number, state: 'ACTIVE' | 'PAUSED'): TopologyDetails => ({
  id,
  state,
  created,
  updated: created,
  topology: {
    name: id,
    task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://x.test/', headers: {} },
    trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
});

const all = [topology('b', 3, 'ACTIVE'), topology('a', 2, 'PAUSED'), topology('c', 1, 'ACTIVE')];
const select = (query: Record<string, unknown>) => {
  const { items, total } = selectTopologies([...all], topologyListQuerySchema.parse(query));
  return { ids: items.map((d) => d.id), total };
};

describe('selectTopologies', () => {
  it('returns everything sorted by name when no filter is given', () => {
    expect(select({})).toEqual({ ids: ['a', 'b', 'c'], total: 3 });
  });

  it('filters by state and name, counting matches before paging', () => {
    expect(select({ state: 'ACTIVE' })).toEqual({ ids: ['b', 'c'], total: 2 });
    expect(select({ search: 'B' })).toEqual({ ids: ['b'], total: 1 });
    expect(select({ sort: 'created', order: 'desc', limit: '2' })).toEqual({ ids: ['b', 'a'], total: 3 });
    expect(select({ offset: '2' })).toEqual({ ids: ['c'], total: 3 });
  });
});
