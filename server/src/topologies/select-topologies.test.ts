import { topologyListQuerySchema, type RunState, type TopologyDetails } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import type { ListFacts } from './list-facts.js';
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

const all = [
  topology('b', 3, 'ACTIVE'),
  topology('a', 2, 'PAUSED'),
  topology('c', 1, 'ACTIVE'),
  topology('d', 4, 'ACTIVE'),
];
const nextFires: Record<string, number> = { b: 200, c: 100, d: 100 };
const lastRuns: Record<string, RunState> = { a: 'FAILED', b: 'SUCCESSFUL', c: 'FAILED' };

/** Records which topologies' last runs a query read. */
function factsFor(read: string[][]): ListFacts {
  return {
    nextFire: (details) => nextFires[details.id] ?? null,
    lastRunStates: async (ids) => {
      read.push(ids);
      return new Map(ids.flatMap((id) => (lastRuns[id] ? [[id, lastRuns[id]] as const] : [])));
    },
  };
}

const select = async (query: Record<string, unknown>, read: string[][] = []) => {
  const { items, total } = await selectTopologies(
    [...all],
    topologyListQuerySchema.parse(query),
    factsFor(read),
  );
  return { ids: items.map((d) => d.id), total };
};

describe('selectTopologies', () => {
  it('returns everything sorted by name when no filter is given, reading no run', async () => {
    const read: string[][] = [];
    expect(await select({}, read)).toEqual({ ids: ['a', 'b', 'c', 'd'], total: 4 });
    expect(read).toEqual([]);
  });

  it('filters by state and name, counting matches before paging', async () => {
    expect(await select({ state: 'ACTIVE' })).toEqual({ ids: ['b', 'c', 'd'], total: 3 });
    expect(await select({ search: 'B' })).toEqual({ ids: ['b'], total: 1 });
    expect(await select({ sort: 'created', order: 'desc', limit: '2' })).toEqual({
      ids: ['d', 'b'],
      total: 4,
    });
    expect(await select({ offset: '3' })).toEqual({ ids: ['d'], total: 4 });
  });

  it("filters by the last run's state, reading last runs only of what the other filters kept", async () => {
    const read: string[][] = [];
    expect(await select({ lastRunState: 'FAILED' }, read)).toEqual({ ids: ['a', 'c'], total: 2 });
    expect(await select({ lastRunState: ['FAILED', 'SUCCESSFUL'], state: 'ACTIVE' }, read)).toEqual({
      ids: ['b', 'c'],
      total: 2,
    });
    expect(read).toEqual([
      ['b', 'a', 'c', 'd'],
      ['b', 'c', 'd'],
    ]);
    // A topology that never ran (d) matches no state.
    expect(await select({ lastRunState: 'RUNNING' })).toEqual({ ids: [], total: 0 });
  });

  it('sorts by next fire, soonest first, ties by name, and no next fire last in either order', async () => {
    expect(await select({ sort: 'nextFire' })).toEqual({ ids: ['c', 'd', 'b', 'a'], total: 4 });
    expect(await select({ sort: 'nextFire', order: 'desc' })).toEqual({
      ids: ['b', 'c', 'd', 'a'],
      total: 4,
    });
    expect(await select({ sort: 'nextFire', offset: '1', limit: '2' })).toEqual({
      ids: ['d', 'b'],
      total: 4,
    });
  });

  it('refuses an unknown last-run state or sort, naming the field', () => {
    const lastRun = topologyListQuerySchema.safeParse({ lastRunState: 'CLAIMED' });
    expect(lastRun.success).toBe(false);
    expect(lastRun.error?.issues[0]?.path).toEqual(['lastRunState']);
    expect(topologyListQuerySchema.safeParse({ sort: 'lastRun' }).error?.issues[0]?.path).toEqual(['sort']);
  });
});
