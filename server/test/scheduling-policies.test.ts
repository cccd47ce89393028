import { parseRunId, type RunInfo } from '@epoch/shared';
import { BUSYBOX_IMAGE } from '@epoch/test/harness/docker-images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './http/receiver.js';
import { ManualClock } from './support/manual-clock.js';
import {
  containerTask,
  createTopology,
  finishedRun,
  NEVER,
  postTopology,
  runNow,
  runsOf,
  useRealNodes,
} from './support/real-nodes.js';
import { call, waitUntil } from './support/test-node.js';

const node = useRealNodes();
let receiver: Receiver;
let failNext = 0;

beforeAll(async () => {
  receiver = await startReceiver((_request, response) => {
    response.statusCode = failNext-- > 0 ? 500 : 200;
    response.end(response.statusCode === 200 ? 'ok' : 'try again');
  });
});
afterAll(async () => {
  await receiver?.close();
});

const T = (iso: string) => Date.parse(iso);
const container = (args: string[], image = BUSYBOX_IMAGE) => ({
  ...containerTask('main', args),
  executable: { type: 'DOCKER', url: image, dockerPullTimeout: '10 seconds' },
});

describe('misfires after the server was down (persisted last fire, real ZooKeeper)', () => {
  it.each([
    { policy: 'RUN_ONCE', launched: ['10:04:00'], skipped: ['10:02:00', '10:03:00'] },
    { policy: 'SKIP', launched: [], skipped: ['10:02:00', '10:03:00', '10:04:00'] },
  ])('$policy', async ({ policy, launched, skipped }) => {
    const firstClock = new ManualClock(T('2030-05-01T10:00:00Z'));
    const first = await node(`misfire-${policy}`, { clock: firstClock });
    await postTopology(first, {
      name: 'minutely',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/minutely` },
      trigger: { type: 'CRON', timeSpec: '0 * * * * ?' },
      misfirePolicy: policy,
    });
    firstClock.set('2030-05-01T10:01:00.010Z');
    // Finished before the stop: a run left RUNNING would be adopted and, still going, make the next fire an
    // overlap skip instead of the misfire under test.
    await waitUntil(async () => (await runsOf(first, 'minutely')).some((run) => run.state === 'SUCCESSFUL'));
    await first.node.stop();

    // Down for three fires; the next leader starts at 10:04:30.
    const second = await node(`misfire-${policy}`, {
      clock: new ManualClock(T('2030-05-01T10:04:30Z')),
      root: first.root,
    });
    await waitUntil(() => second.node.scheduler.size === 1);
    second.clock.advance(0);
    await waitUntil(
      async () => (await runsOf(second, 'minutely')).length === 1 + launched.length + skipped.length,
    );
    const runs = (await runsOf(second, 'minutely')).slice(1);
    const at = (run: RunInfo) => new Date(parseRunId(run.runId)!.fireTime).toISOString().slice(11, 19);
    expect(runs.filter((run) => run.state !== 'SKIPPED').map(at)).toEqual(launched);
    expect(runs.filter((run) => run.state === 'SKIPPED').map(at)).toEqual(skipped);
    for (const run of runs.filter((r) => r.state === 'SKIPPED'))
      expect(run.message).toMatch(/^Skipped: missed/);
    // The next fire is planned from the last one accounted for, not from "now".
    expect(second.node.scheduler.nextFireOf('minutely')).toBe(T('2030-05-01T10:05:00Z'));
  });
});

describe('topologies stored before schedule nodes existed', () => {
  it('get their schedule node on their first fire', async () => {
    const clock = new ManualClock(T('2030-05-01T10:00:00Z'));
    const target = await node('legacy', { clock });
    const now = clock.now();
    await target.topologyStore.create({
      id: 'old',
      state: 'ACTIVE',
      created: now,
      updated: now,
      topology: {
        name: 'old',
        task: { type: 'HTTP', taskName: 'hook', method: 'POST', url: `${receiver.url}/old`, headers: {} },
        trigger: { type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' },
        overlapPolicy: 'SKIP',
        misfirePolicy: 'RUN_ONCE',
        startingDeadlineSeconds: 300,
      },
    });
    expect(await target.zk.exists(target.paths.schedule('old'))).toBe(false);
    target.node.scheduler.upsert((await target.topologyStore.require('old')).value, now);
    clock.set('2030-05-01T10:01:00Z');
    await waitUntil(async () => (await runsOf(target, 'old')).length === 1);
    expect(await target.zk.exists(target.paths.schedule('old'))).toBe(true);
  });
});

describe('overlap policies with real containers', () => {
  it('ALLOW runs a second run while the first is still going', async () => {
    const target = await node('allow');
    await postTopology(target, {
      name: 'both',
      task: container(['sleep', '2']),
      trigger: { type: 'CRON', timeSpec: '* * * * * ?' },
      overlapPolicy: 'ALLOW',
    });
    await waitUntil(
      async () => (await runsOf(target, 'both')).filter((run) => run.state === 'RUNNING').length >= 2,
      10_000,
    );
    await call(target, 'PUT', '/apis/v1/topologies/both/pause');
    expect(
      (await runsOf(target, 'both')).some(
        (run) => run.state === 'SKIPPED' && /overlap/.test(run.message ?? ''),
      ),
    ).toBe(false);
  });

  it('REPLACE cancels the running run and starts the new one', async () => {
    const target = await node('replace');
    await postTopology(target, {
      name: 'newest',
      task: container(['sleep', '30']),
      trigger: { type: 'CRON', timeSpec: '0/2 * * * * ?' },
      overlapPolicy: 'REPLACE',
    });
    await waitUntil(
      async () => (await runsOf(target, 'newest')).some((run) => run.state === 'CANCELLED'),
      20_000,
    );
    await call(target, 'PUT', '/apis/v1/topologies/newest/pause');
    const cancelled = (await runsOf(target, 'newest')).find((run) => run.state === 'CANCELLED')!;
    expect(cancelled.tasks.main?.state).toBe('CANCELLED');
  });
});

describe('task outcomes through the executor', () => {
  it('retries an HTTP task that answered 500, then succeeds', async () => {
    const target = await node('http-retry');
    await postTopology(target, {
      name: 'flaky',
      task: {
        type: 'HTTP',
        taskName: 'hook',
        url: `${receiver.url}/flaky`,
        retries: { count: 2, delaySeconds: 0.2, backoffFactor: 2 },
      },
      trigger: NEVER,
    });
    failNext = 1;
    const run = await finishedRun(target, 'flaky', await runNow(target, 'flaky'));
    expect(run).toMatchObject({
      state: 'COMPLETED',
      tasks: { hook: { state: 'COMPLETED', attempts: 2, httpStatus: 200 } },
    });
    const calls = receiver.received.filter((request) => request.path === '/flaky');
    expect(calls.map((request) => request.headers['x-epoch-attempt'])).toEqual(['1', '2']);
    expect(new Set(calls.map((request) => request.headers['x-epoch-task-id'])).size).toBe(1);
  });

  it('fails a container task whose image cannot be pulled, saying so', async () => {
    const target = await node('no-image');
    await postTopology(target, {
      name: 'ghost',
      task: container(['true'], 'epoch-test/does-not-exist:1'),
      trigger: NEVER,
    });
    const run = await finishedRun(target, 'ghost', await runNow(target, 'ghost'));
    expect(run.state).toBe('FAILED');
    expect(run.tasks.main?.errorMessage).toMatch(/image epoch-test\/does-not-exist:1 could not be pulled/);
  });

  it('stops the running container when its topology is deleted', async () => {
    const target = await node('delete-running');
    await createTopology(target, 'doomed', container(['sleep', '30']));
    const runId = await runNow(target, 'doomed');
    await waitUntil(
      async () => (await target.runStore.get('doomed', runId))?.value.tasks.main?.state === 'RUNNING',
    );
    const started = Date.now();
    expect((await call(target, 'DELETE', '/apis/v1/topologies/doomed')).status).toBe(200);
    await waitUntil(async () => {
      const [found] = await target.runtime.listByLabel({ topologyId: 'doomed' });
      return found?.state === 'exited';
    }, 15_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('retention', () => {
  it('keeps the newest finished runs and removes the rest with their containers', async () => {
    const target = await node('retention');
    await createTopology(target, 'chatty', container(['true']));
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const runId = await runNow(target, 'chatty');
      await finishedRun(target, 'chatty', runId);
      runIds.push(runId);
    }
    expect(await target.runtime.listByLabel({ topologyId: 'chatty' })).toHaveLength(5);
    expect(await target.node.retention.prune()).toBe(2);
    expect((await runsOf(target, 'chatty')).map((run) => run.runId)).toEqual(runIds.slice(2));
    expect(await target.runtime.listByLabel({ topologyId: 'chatty' })).toHaveLength(3);
  });

  it('keeps at most the budget across all topologies, removing the oldest finished runs first', async () => {
    const target = await node('budget', { maxTotalRuns: 4 });
    const hook = { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/budget` };
    const made: Array<{ topologyId: string; runId: string }> = [];
    for (const topologyId of ['a', 'b', 'c']) await createTopology(target, topologyId, hook);
    // Two runs each, in turns: a1 b1 c1 a2 b2 c2, each finished before the next starts.
    for (let round = 0; round < 2; round++) {
      for (const topologyId of ['a', 'b', 'c']) {
        const runId = await runNow(target, topologyId);
        await finishedRun(target, topologyId, runId);
        made.push({ topologyId, runId });
      }
    }
    // Within every topology's own count (3), so only the budget removes anything: the two oldest, a1 and b1.
    expect(await target.node.retention.prune()).toBe(2);
    const kept = [];
    for (const topologyId of ['a', 'b', 'c'])
      for (const run of await runsOf(target, topologyId)) kept.push({ topologyId, runId: run.runId });
    expect(kept.sort((x, y) => x.runId.localeCompare(y.runId))).toEqual(
      made.slice(2).sort((x, y) => x.runId.localeCompare(y.runId)),
    );
    const metrics = await (await fetch(`${target.url}/metrics`)).text();
    expect(metrics).toMatch(/^epoch_runs_retained 4$/m);
    expect(metrics).toMatch(/^epoch_runs_budget 4$/m);
  });
});
