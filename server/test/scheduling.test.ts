import { parseRunId } from '@epoch/shared';
import { memoryHog } from '@epoch/test/harness/docker-images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './http/receiver.js';
import {
  containerTask as taskOnBusybox,
  finishedRun,
  NEVER,
  postTopology,
  runNow,
  runsOf,
  useRealNodes,
} from './support/real-nodes.js';
import { call, waitUntil } from './support/test-node.js';

const realTimeNode = useRealNodes();
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver((_request, response) => response.end('ok'));
});
afterAll(async () => {
  await receiver?.close();
});

const containerTask = (args: string[], extra: Record<string, unknown> = {}) =>
  taskOnBusybox('main', args, extra);

describe('scheduling against real ZooKeeper, Docker and HTTP', () => {
  it('fires an every-second topology once per second, run ids matching the fire times, none missing', async () => {
    const node = await realTimeNode('every-second');
    await postTopology(node, {
      name: 'tick',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/tick` },
      trigger: { type: 'CRON', timeSpec: '* * * * * ?', timeZone: 'Asia/Kolkata' },
    });
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    await call(node, 'PUT', '/apis/v1/topologies/tick/pause');
    const runs = (await runsOf(node, 'tick')).filter((run) => run.state !== 'SKIPPED');
    const fires = runs.map((run) => parseRunId(run.runId)!.fireTime);
    expect(fires.length).toBeGreaterThanOrEqual(3);
    fires.forEach((fire, i) => {
      expect(fire % 1000).toBe(0);
      if (i > 0) expect(fire - fires[i - 1]!).toBe(1000);
    });
    for (const run of runs) expect((await finishedRun(node, 'tick', run.runId)).state).toBe('SUCCESSFUL');
    const hooks = receiver.received.filter((request) => request.path === '/tick');
    expect(new Set(hooks.map((request) => request.headers['x-epoch-run-id'])).size).toBe(hooks.length);
  });

  it('records a container exiting 3 as FAILED with the exit code', async () => {
    const node = await realTimeNode('exit-3');
    await postTopology(node, {
      name: 'fails',
      task: containerTask(['sh', '-c', 'echo failing; exit 3']),
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    });
    const runId = await runNow(node, 'fails');
    expect(runId).toMatch(/^EIR-/);
    const run = await finishedRun(node, 'fails', runId);
    expect(run).toMatchObject({
      state: 'FAILED',
      runType: 'INSTANT',
      tasks: { main: { state: 'FAILED', exitCode: 3, errorMessage: 'exited with code 3', attempts: 1 } },
    });
  });

  it('records a container killed for memory as FAILED, naming the limit', async () => {
    const node = await realTimeNode('oom');
    await postTopology(node, {
      name: 'hog',
      task: containerTask(memoryHog(16), {
        resources: [
          { type: 'CPU', count: 1 },
          { type: 'MEMORY', sizeInMB: 16 },
        ],
      }),
      trigger: NEVER,
    });
    const run = await finishedRun(node, 'hog', await runNow(node, 'hog'));
    expect(run).toMatchObject({
      state: 'FAILED',
      message: 'Task failed: killed: out of memory (limit 16 MB)',
      tasks: {
        main: { state: 'FAILED', exitCode: 137, errorMessage: 'killed: out of memory (limit 16 MB)' },
      },
    });
  });

  it('kills a container task at its timeout, and retries with backoff', async () => {
    const node = await realTimeNode('timeout');
    await postTopology(node, {
      name: 'slow',
      task: containerTask(['sleep', '30'], {
        timeoutSeconds: 1,
        retries: { count: 1, delaySeconds: 1, backoffFactor: 2 },
      }),
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    });
    const started = Date.now();
    const runId = await runNow(node, 'slow');
    const run = await finishedRun(node, 'slow', runId);
    expect(run).toMatchObject({
      state: 'FAILED',
      tasks: { main: { state: 'FAILED', attempts: 2, errorMessage: 'timed out after 1 s' } },
    });
    // Two 1 s attempts and a 1 s pause between them.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
  });

  it('fires an AT trigger once, at its time', async () => {
    const node = await realTimeNode('at');
    const at = Math.ceil((Date.now() + 2_000) / 1000) * 1000;
    await postTopology(node, {
      name: 'once',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/once` },
      trigger: { type: 'AT', time: at },
    });
    await waitUntil(async () => (await runsOf(node, 'once')).length > 0, 10_000);
    // Long enough for a second fire, were there one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const runs = await runsOf(node, 'once');
    expect(runs.map((run) => run.runId)).toEqual([
      `ESR-${new Date(at)
        .toISOString()
        .replace(/[-T:.]/g, '-')
        .slice(0, 23)}`,
    ]);
    expect(parseRunId(runs[0]!.runId)?.fireTime).toBe(at);
    expect((await finishedRun(node, 'once', runs[0]!.runId)).state).toBe('COMPLETED');
    // The run is claimed before the call goes out; once it has finished, the call has arrived, once.
    const arrivals = receiver.received.filter((request) => request.path === '/once');
    expect(arrivals).toHaveLength(1);
    expect(Date.parse(String(arrivals[0]!.headers['x-epoch-fire-time']))).toBe(at);
  });

  it('skips a fire while the previous run is still going (overlap SKIP), saying why', async () => {
    const node = await realTimeNode('overlap');
    await postTopology(node, {
      name: 'busy',
      task: containerTask(['sleep', '2']),
      trigger: { type: 'CRON', timeSpec: '* * * * * ?' },
    });
    await waitUntil(async () => (await runsOf(node, 'busy')).some((run) => run.state === 'SKIPPED'), 10_000);
    await call(node, 'PUT', '/apis/v1/topologies/busy/pause');
    const skipped = (await runsOf(node, 'busy')).find((run) => run.state === 'SKIPPED')!;
    expect(skipped.message).toMatch(/^Skipped: previous run ESR-.* still running \(overlap policy SKIP\)$/);
  });

  it('adopts a running container after a restart instead of launching it again', async () => {
    const first = await realTimeNode('adopt');
    await postTopology(first, {
      name: 'long',
      task: containerTask(['sleep', '3']),
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    });
    const runId = await runNow(first, 'long');
    await waitUntil(
      async () => (await first.runStore.get('long', runId))?.value.tasks.main?.state === 'RUNNING',
    );
    // The first node goes away (as a crash would): it stops acting, the container keeps running.
    await first.node.stop();
    const second = await realTimeNode('adopt', { root: first.root });
    expect(second.cluster).toBe(first.cluster);
    const run = await finishedRun(second, 'long', runId);
    expect(run).toMatchObject({
      state: 'COMPLETED',
      tasks: { main: { state: 'COMPLETED', exitCode: 0, attempts: 1 } },
    });
    // One container for the task, ever: the second node adopted it.
    expect(await second.runtime.listByLabel({ topologyId: 'long' })).toHaveLength(1);
  });

  it('fails, with the reason, a running task whose container vanished while no leader ran', async () => {
    const first = await realTimeNode('vanish');
    await postTopology(first, {
      name: 'lost',
      task: containerTask(['sleep', '30']),
      trigger: { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' },
    });
    const runId = await runNow(first, 'lost');
    await waitUntil(
      async () => (await first.runStore.get('lost', runId))?.value.tasks.main?.state === 'RUNNING',
    );
    await first.node.stop();
    for (const container of await first.runtime.listByLabel({ topologyId: 'lost' })) {
      await first.runtime.kill(container.name);
      await first.runtime.remove(container.name);
    }
    const second = await realTimeNode('vanish', { root: first.root });
    const run = await finishedRun(second, 'lost', runId);
    expect(run.state).toBe('FAILED');
    expect(run.tasks.main?.errorMessage).toMatch(/^container .* disappeared$/);
    expect(await second.runtime.listByLabel({ topologyId: 'lost' })).toHaveLength(0);
  });
});
