import { ConflictError, NotFoundError, type RunInfo, type TopologyDetails } from '@epoch/shared';
import { startTcpProxy } from '@epoch/test/harness/tcp-proxy';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZkRunStore, type RunStore } from '../src/store/run-store.js';
import { topologyCodec, ZkTopologyStore, type TopologyStore } from '../src/store/topology-store.js';
import { ZkClient, type ZkConnectionState, type ZkOp } from '../src/zk/zk-client.js';
import { ZkError } from '../src/zk/zk-errors.js';
import { ZkPaths } from '../src/zk/zk-paths.js';
import { CorruptNodeError } from '../src/zk/versioned-json.js';
import { WriteBatcher } from '../src/zk/write-batcher.js';
import { silentLogger, uniqueRoot } from './support/test-node.js';

let zookeeper: ZooKeeperServer;
let zk: ZkClient;
let paths: ZkPaths;
let topologies: TopologyStore;
let runs: RunStore;

beforeAll(async () => {
  zookeeper = await startZooKeeper();
});
afterAll(async () => {
  await zookeeper?.stop();
});
beforeEach(async () => {
  zk = await ZkClient.connect({
    connectionString: zookeeper.connectionString,
    sessionTimeoutMs: 6_000,
    logger: silentLogger,
  });
  paths = new ZkPaths(uniqueRoot('store'));
  topologies = new ZkTopologyStore(zk, paths, silentLogger);
  await topologies.init();
  runs = new ZkRunStore(zk, new WriteBatcher(zk), paths, silentLogger);
});
afterEach(() => {
  zk.close();
});

const details = (id: string, updated = 1): TopologyDetails => ({
  id,
  state: 'ACTIVE',
  created: 1,
  updated,
  topology: {
    name: id,
    task: {
      type: 'HTTP',
      taskName: 'call',
      method: 'POST',
      url: 'http://127.0.0.1:9/x',
      headers: {},
    },
    trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
});

/** Stands in for the leader's candidate znode: the root exists while the test runs. */
const fence = () => ({ op: 'check' as const, path: paths.root, version: -1 });

const run = (topologyId: string, runId: string, updated: number): RunInfo => ({
  topologyId,
  runId,
  state: 'RUNNING',
  tasks: { call: { taskId: `${topologyId}-${runId}-call`, state: 'PENDING' } },
  runType: 'SCHEDULED',
  created: updated,
  updated,
});

describe('TopologyStore', () => {
  it('creates, reads back through the schema, and refuses a second create', async () => {
    const created = await topologies.create(details('t1'));
    expect(created.version).toBe(0);
    expect(await topologies.get('t1')).toEqual({ value: details('t1'), version: 0 });
    await expect(topologies.create(details('t1', 2))).rejects.toBeInstanceOf(ConflictError);
    expect((await topologies.get('t1'))?.value.updated).toBe(1);
  });

  it('updates by compare-and-set: a stale version is a conflict and changes nothing', async () => {
    await topologies.create(details('t1'));
    const v1 = await topologies.replace(details('t1', 2), 0);
    expect(v1.version).toBe(1);
    await expect(topologies.replace(details('t1', 3), 0)).rejects.toBeInstanceOf(ConflictError);
    expect(await topologies.get('t1')).toEqual({ value: details('t1', 2), version: 1 });
    await expect(topologies.replace(details('ghost'), 0)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('removes a topology with its runs in one multi-op, or not at all on a stale version', async () => {
    await topologies.create(details('t1'));
    await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), fence());
    await expect(topologies.remove('t1', 7)).rejects.toBeInstanceOf(ConflictError);
    expect(await zk.exists(paths.run('t1', 'ESR-2030-01-01-00-00-00-000'))).toBe(true);
    await topologies.remove('t1', 0);
    expect(await zk.exists(paths.topology('t1'))).toBe(false);
    expect(await zk.exists(paths.runsOf('t1'))).toBe(false);
    await expect(topologies.remove('t1', 0)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads format 1 with a logging it never applied: a value the stricter check refuses is dropped, not the topology', async () => {
    const containerTask = (taskName: string, logging: unknown) => ({
      type: 'CONTAINER_EXECUTION',
      taskName,
      executable: { type: 'DOCKER', url: 'team/app:1', dockerPullTimeout: '120 seconds' },
      resources: [{ type: 'CPU', count: 1 }],
      logging,
    });
    const stored = (id: string, task: unknown, formatVersion: number) =>
      Buffer.from(
        JSON.stringify({
          formatVersion,
          data: { ...details(id), topology: { ...details(id).topology, task } },
        }),
      );
    const looseLogging = { type: 'LOCAL', maxSize: '100MB', maxFiles: 50 };
    const validLogging = { type: 'LOCAL', maxSize: '20m', maxFiles: 2, compress: false };
    await zk.create(
      paths.topology('v1'),
      stored(
        'v1',
        {
          type: 'COMPOSITE',
          tasks: [containerTask('loose', looseLogging), containerTask('valid', validLogging)],
        },
        1,
      ),
    );
    await zk.create(paths.topology('v2'), stored('v2', containerTask('loose', looseLogging), 2));

    const v1 = (await topologies.get('v1'))?.value.topology.task;
    expect(v1?.type === 'COMPOSITE' && v1.tasks.map((task) => 'logging' in task && task.logging)).toEqual([
      false,
      validLogging,
    ]);
    // Format 2 was checked when written: a refused value there is a corrupt node, as any other.
    await expect(topologies.get('v2')).rejects.toBeInstanceOf(CorruptNodeError);
    expect(JSON.parse(topologyCodec.encode(details('new')).toString()).formatVersion).toBe(3);
  });

  it('rejects a node that is not ours on read, and leaves it out of the list', async () => {
    await topologies.create(details('good'));
    await zk.create(paths.topology('legacy'), Buffer.from('{"id":"legacy"}'));
    await zk.create(paths.topology('future'), Buffer.from(JSON.stringify({ formatVersion: 99, data: {} })));
    await expect(topologies.get('legacy')).rejects.toBeInstanceOf(CorruptNodeError);
    await expect(topologies.get('future')).rejects.toThrow(/formatVersion 99/);
    expect((await topologies.list()).map((d) => d.id)).toEqual(['good']);
  });
});

describe('RunStore', () => {
  beforeEach(async () => {
    await topologies.create(details('t1'));
  });

  it('claims a fire once: the second create of the same run id finds it taken', async () => {
    const first = await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), fence());
    expect(first).toMatchObject({ kind: 'claimed', run: { version: 0 } });
    expect(await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 6), fence())).toEqual({ kind: 'taken' });
    expect((await runs.get('t1', 'ESR-2030-01-01-00-00-00-000'))?.value.updated).toBe(5);
  });

  it('refuses a fire of a deleted topology, and claims for a new one of the same name', async () => {
    await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), fence());
    await topologies.remove('t1', 0);
    await expect(runs.claim(run('t1', 'ESR-2030-01-01-00-01-00-000', 6), fence())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await zk.exists(paths.runsOf('t1'))).toBe(false);
    await topologies.create(details('t1'));
    expect(await runs.claim(run('t1', 'ESR-2030-01-01-00-01-00-000', 6), fence())).toMatchObject({
      kind: 'claimed',
    });
  });

  it('makes the runs folder of a topology stored without one', async () => {
    await zk.multi([
      { op: 'create', path: paths.topology('old'), data: topologyCodec.encode(details('old')) },
    ]);
    expect(await runs.claim(run('old', 'ESR-2030-01-01-00-00-00-000', 5), fence())).toMatchObject({
      kind: 'claimed',
    });
  });

  it('says when the schedule node a claim records its fire in is missing, writing nothing', async () => {
    const record = {
      op: 'setData' as const,
      path: paths.schedule('t1'),
      data: Buffer.from('{}'),
      version: -1,
    };
    await zk.remove(paths.schedule('t1')).catch(() => undefined);
    expect(await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), fence(), record)).toEqual({
      kind: 'no-schedule',
    });
    expect(await runs.get('t1', 'ESR-2030-01-01-00-00-00-000')).toBeNull();
  });

  it('refuses a claim or an update whose fence fails, writing nothing', async () => {
    const stale = { op: 'check' as const, path: `${paths.root}/no-such-candidate`, version: -1 };
    await expect(runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), stale)).rejects.toMatchObject({
      code: 'NO_NODE',
      opIndex: 0,
    });
    expect(await runs.get('t1', 'ESR-2030-01-01-00-00-00-000')).toBeNull();
    await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), fence());
    await expect(runs.update(run('t1', 'ESR-2030-01-01-00-00-00-000', 6), 0, stale)).rejects.toMatchObject({
      opIndex: 0,
    });
    expect((await runs.get('t1', 'ESR-2030-01-01-00-00-00-000'))?.version).toBe(0);
  });

  it('lists runs newest update first and updates them by compare-and-set', async () => {
    await runs.claim(run('t1', 'ESR-2030-01-01-00-00-00-000', 5), fence());
    await runs.claim(run('t1', 'ESR-2030-01-01-00-01-00-000', 9), fence());
    expect((await runs.list('t1')).map((r) => r.runId)).toEqual([
      'ESR-2030-01-01-00-01-00-000',
      'ESR-2030-01-01-00-00-00-000',
    ]);
    const done = { ...run('t1', 'ESR-2030-01-01-00-00-00-000', 10), state: 'SUCCESSFUL' as const };
    expect((await runs.update(done, 0, fence())).version).toBe(1);
    await expect(runs.update(done, 0, fence())).rejects.toBeInstanceOf(ConflictError);
    expect(await runs.list('none')).toEqual([]);
  });
});

describe('WriteBatcher', () => {
  /** Counts the multi-ops that reach ZooKeeper. */
  const counting = () => {
    const sent: number[] = [];
    const batcher = new WriteBatcher({
      multi: (ops) => {
        sent.push(ops.length);
        return zk.multi(ops);
      },
    });
    return { sent, batcher };
  };
  const create = (name: string): ZkOp => ({
    op: 'create',
    path: `${paths.root}/${name}`,
    data: Buffer.from(name),
  });

  it('sends writes submitted together as one multi-op with one fence check', async () => {
    const { sent, batcher } = counting();
    await Promise.all(Array.from({ length: 50 }, (_, i) => batcher.submit(fence(), [create(`n${i}`)])));
    expect(sent).toEqual([51]);
    expect((await zk.children(paths.root)).filter((name) => name.startsWith('n'))).toHaveLength(50);
  });

  it('fails only the group whose op failed, with its index in its own group, and writes the others', async () => {
    const { sent, batcher } = counting();
    await zk.create(`${paths.root}/taken`);
    const outcomes = await Promise.allSettled([
      batcher.submit(fence(), [create('a1'), create('a2')]),
      batcher.submit(fence(), [create('b1'), create('taken')]),
      batcher.submit(fence(), [create('c1')]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'NODE_EXISTS', opIndex: 2 });
    expect(sent).toEqual([6, 4]);
    for (const name of ['a1', 'a2', 'c1']) expect(await zk.exists(`${paths.root}/${name}`)).toBe(true);
    expect(await zk.exists(`${paths.root}/b1`)).toBe(false);
  });

  it('rejects every group when the shared fence fails, writing nothing', async () => {
    const { batcher } = counting();
    const stale = { op: 'check' as const, path: `${paths.root}/no-such-candidate`, version: -1 };
    const outcomes = await Promise.allSettled([
      batcher.submit(stale, [create('x1')]),
      batcher.submit(stale, [create('x2')]),
    ]);
    for (const outcome of outcomes)
      expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'NO_NODE', opIndex: 0 } });
    expect(await zk.exists(`${paths.root}/x1`)).toBe(false);
  });

  it('splits a queue longer than one multi-op allows', async () => {
    const sent: number[] = [];
    const batcher = new WriteBatcher(
      {
        multi: (ops) => {
          sent.push(ops.length);
          return zk.multi(ops);
        },
      },
      { maxOps: 10 },
    );
    await Promise.all(Array.from({ length: 25 }, (_, i) => batcher.submit(fence(), [create(`s${i}`)])));
    expect(sent.reduce((sum, n) => sum + n, 0)).toBe(25 + sent.length);
    expect(Math.max(...sent)).toBeLessThanOrEqual(10);
  });
});

describe('ZkClient', () => {
  it('applies a multi-op whole or not at all, naming the failing operation', async () => {
    const a = `${paths.root}/a`;
    const b = `${paths.root}/b`;
    await zk.create(b, Buffer.from('x'));
    const failure = await zk
      .multi([
        { op: 'create', path: a, data: Buffer.from('1') },
        { op: 'check', path: b, version: 5 },
      ])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ZkError);
    expect(failure).toMatchObject({ code: 'BAD_VERSION', opIndex: 1 });
    expect(await zk.exists(a)).toBe(false);
    await zk.multi([
      { op: 'create', path: a, data: Buffer.from('1') },
      { op: 'check', path: b, version: 0 },
      { op: 'setData', path: b, data: Buffer.from('y'), version: 0 },
    ]);
    expect((await zk.get(a))?.data.toString()).toBe('1');
    expect(await zk.get(b)).toEqual({ data: Buffer.from('y'), version: 1 });
  });

  it('keeps version 0 a real version in a multi-op (the library would send "any version")', async () => {
    const c = `${paths.root}/c`;
    await zk.create(c, Buffer.from('0'));
    await zk.multi([{ op: 'setData', path: c, data: Buffer.from('1'), version: 0 }]);
    for (const op of [
      { op: 'setData' as const, path: c, data: Buffer.from('2'), version: 0 },
      { op: 'check' as const, path: c, version: 0 },
      { op: 'remove' as const, path: c, version: 0 },
    ]) {
      await expect(zk.multi([op])).rejects.toMatchObject({ code: 'BAD_VERSION' });
    }
    expect(await zk.get(c)).toEqual({ data: Buffer.from('1'), version: 1 });
  });
});

describe('ZkClient across server outages', () => {
  let outage: ZooKeeperServer;
  beforeAll(async () => {
    outage = await startZooKeeper();
  });
  afterAll(async () => {
    await outage?.stop();
  });

  it('fails fast while disconnected and resumes the same session after a short outage', async () => {
    const client = await ZkClient.connect({
      connectionString: outage.connectionString,
      sessionTimeoutMs: 20_000,
      logger: silentLogger,
    });
    const states: ZkConnectionState[] = [];
    client.on('state', (state) => states.push(state));
    await client.create('/short-outage', Buffer.from('kept'), 'ephemeral');
    await outage.kill();
    await waitFor(() => client.state === 'disconnected');
    await expect(client.get('/short-outage')).rejects.toMatchObject({ code: 'CONNECTION' });
    await outage.restart();
    await client.waitUntilConnected(20_000);
    expect(states).toEqual(['disconnected', 'connected']);
    // Same session: its ephemeral node survived.
    expect((await client.get('/short-outage'))?.data.toString()).toBe('kept');
    client.close();
  });

  it('opens a new session, and says so, after its session expired', async () => {
    const proxy = await startTcpProxy(outage.port);
    const client = await ZkClient.connect({
      connectionString: `127.0.0.1:${proxy.port}`,
      sessionTimeoutMs: 4_000,
      logger: silentLogger,
    });
    let expired = 0;
    client.on('sessionExpired', () => expired++);
    await client.create('/expiring', Buffer.from('gone'), 'ephemeral');
    // Partitioned for longer than the session timeout, the server expires the session; the
    // client only learns it when it gets through again.
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    proxy.restore();
    await waitFor(() => expired === 1, 20_000);
    await client.waitUntilConnected(20_000);
    expect(await client.exists('/expiring')).toBe(false);
    await client.create('/after-expiry', Buffer.from('new session'));
    client.close();
    await proxy.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
