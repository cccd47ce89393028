// One contract, two stores: the same cases run against ZooKeeper and against the in-memory fakes the table tests
// use, so a fake that drifts from the real store fails here rather than passing tests it should not.
import {
  ConflictError,
  NotFoundError,
  type RunInfo,
  type StoredRunState,
  type TopologyDetails,
} from '@epoch/shared';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRunStore } from '../src/store/memory-run-store.js';
import { MemoryTopologyStore } from '../src/store/memory-topology-store.js';
import { ZkRunStore, type RunStore } from '../src/store/run-store.js';
import { ZkTopologyStore, type TopologyStore } from '../src/store/topology-store.js';
import { ZkClient, type ZkOp } from '../src/zk/zk-client.js';
import { ZkPaths } from '../src/zk/zk-paths.js';
import { WriteBatcher } from '../src/zk/write-batcher.js';
import { silentLogger, uniqueRoot } from './support/test-node.js';

interface Stores {
  topologies: TopologyStore;
  runs: RunStore;
  /** A fence that holds. */
  fence: ZkOp;
}

let zookeeper: ZooKeeperServer;
const clients: ZkClient[] = [];
beforeAll(async () => {
  zookeeper = await startZooKeeper();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await zookeeper?.stop();
});

const kinds: Array<[string, () => Promise<Stores>]> = [
  [
    'ZooKeeper',
    async () => {
      const zk = await ZkClient.connect({
        connectionString: zookeeper.connectionString,
        sessionTimeoutMs: 6_000,
        logger: silentLogger,
      });
      clients.push(zk);
      const paths = new ZkPaths(uniqueRoot('contract'));
      const topologies = new ZkTopologyStore(zk, paths, silentLogger);
      await topologies.init();
      // The root exists from init: a check of it holds, as a leader's candidate node does.
      return {
        topologies,
        runs: new ZkRunStore(zk, new WriteBatcher(zk), paths, silentLogger),
        fence: { op: 'check', path: paths.topologies, version: -1 },
      };
    },
  ],
  [
    'memory',
    async () => ({
      topologies: new MemoryTopologyStore(),
      runs: new MemoryRunStore(),
      fence: { op: 'check', path: '/memory', version: -1 },
    }),
  ],
];

const details = (id: string): TopologyDetails => ({
  id,
  state: 'ACTIVE',
  created: 1,
  updated: 1,
  topology: {
    name: id,
    task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://127.0.0.1:9/x', headers: {} },
    trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
});

const run = (runId: string, state: StoredRunState, updated = 1): RunInfo => ({
  topologyId: 't',
  runId,
  state,
  tasks: {},
  runType: 'SCHEDULED',
  created: 1,
  updated,
});

const FIRST = 'ESR-2030-01-01-00-00-00-000';
const SECOND = 'ESR-2030-01-01-00-01-00-000';
const THIRD = 'ESR-2030-01-01-00-02-00-000';

describe.each(kinds)('store contract (%s)', (_kind, open) => {
  it('topologies: ids are unique, changes are compare-and-set, a removed one is gone', async () => {
    const { topologies } = await open();
    await topologies.create(details('t'));
    await expect(topologies.create(details('t'))).rejects.toBeInstanceOf(ConflictError);
    const replaced = await topologies.replace({ ...details('t'), updated: 2 }, 0);
    expect(replaced.version).toBe(1);
    await expect(topologies.replace(details('t'), 0)).rejects.toBeInstanceOf(ConflictError);
    await expect(topologies.remove('t', 0)).rejects.toBeInstanceOf(ConflictError);
    await topologies.remove('t', 1);
    await expect(topologies.require('t')).rejects.toBeInstanceOf(NotFoundError);
    expect(await topologies.list()).toEqual([]);
  });

  it('runs: a fire is claimed once, updated by compare-and-set, and unfinished runs are listed', async () => {
    const { topologies, runs, fence } = await open();
    await topologies.create(details('t'));
    const claimed = await runs.claim(run(FIRST, 'RUNNING'), fence);
    expect(claimed).toEqual({ kind: 'claimed', run: { value: run(FIRST, 'RUNNING'), version: 0 } });
    expect(await runs.claim(run(FIRST, 'RUNNING', 2), fence)).toEqual({ kind: 'taken' });
    await runs.claim(run(SECOND, 'CLAIMED'), fence);
    await runs.claim(run(THIRD, 'SKIPPED', 2), fence);
    expect(new Set((await runs.listActive()).map((active) => active.runId))).toEqual(
      new Set([FIRST, SECOND]),
    );
    await runs.update(run(FIRST, 'FAILED', 3), 0, fence);
    await expect(runs.update(run(FIRST, 'FAILED', 4), 0, fence)).rejects.toBeInstanceOf(ConflictError);
    expect((await runs.listActive()).map((active) => active.runId)).toEqual([SECOND]);
    expect((await runs.list('t')).map((listed) => listed.runId)).toEqual([FIRST, THIRD, SECOND]);
    // Every run's id, a claimed one too, without reading the runs; none of another topology.
    expect((await runs.runIds('t')).sort()).toEqual([FIRST, SECOND, THIRD]);
    await topologies.create(details('u'));
    expect(await runs.runIds('u')).toEqual([]);
  });

  it('runs: the latest is the newest begun fire up to a time; a claimed one is no run yet', async () => {
    const { topologies, runs, fence } = await open();
    await topologies.create(details('t'));
    await runs.claim(run(FIRST, 'SUCCESSFUL'), fence);
    await runs.claim(run(SECOND, 'CLAIMED'), fence);
    expect((await runs.latest('t', Date.parse('2030-01-01T00:05:00Z')))?.runId).toBe(FIRST);
    expect(await runs.latest('t', Date.parse('2029-12-31T00:00:00Z'))).toBeNull();
  });

  it('runs: those fired since a time are listed without the older ones', async () => {
    const { topologies, runs, fence } = await open();
    await topologies.create(details('t'));
    await runs.claim(run(FIRST, 'SUCCESSFUL', 1), fence);
    await runs.claim(run(SECOND, 'FAILED', 2), fence);
    await runs.claim(run(THIRD, 'FAILED', 3), fence);
    const since = Date.parse('2030-01-01T00:01:00Z');
    expect((await runs.listFiredSince('t', since)).map((listed) => listed.runId)).toEqual([THIRD, SECOND]);
  });

  it('runs: only a claimed run is withdrawn, and only at the version it was read at', async () => {
    const { topologies, runs, fence } = await open();
    await topologies.create(details('t'));
    const claimed = await runs.claim(run(FIRST, 'CLAIMED'), fence);
    const begun = await runs.claim(run(SECOND, 'RUNNING'), fence);
    if (claimed.kind !== 'claimed' || begun.kind !== 'claimed') throw new Error('not claimed');
    await expect(runs.discard(begun.run, fence)).rejects.toThrow(/no transition from RUNNING/);
    await expect(runs.discard({ ...claimed.run, version: 5 }, fence)).rejects.toBeInstanceOf(ConflictError);
    await runs.discard(claimed.run, fence);
    expect(await runs.get('t', FIRST)).toBeNull();
    expect((await runs.listActive()).map((active) => active.runId)).toEqual([SECOND]);
  });
});
