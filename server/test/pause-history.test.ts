// Issue 18: a pause records no runs, and skips never push real runs out of history. Real ZooKeeper and the
// real scheduler and launcher, on a manual clock; fires are not claimed ahead (claimAheadMs 0), so each one is
// handled when the clock reaches it.
import { parseRunId, runIdFor, type RunInfo, type TopologySummary } from '@epoch/shared';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from './http/receiver.js';
import { ManualClock } from './support/manual-clock.js';
import { finishedRun, postTopology, runsOf, useRealNodes, type RealNode } from './support/real-nodes.js';
import { call, waitUntil } from './support/test-node.js';

const node = useRealNodes();
let receiver: Receiver;
/** Calls to `/busy` are answered only when the test lets them go. */
const heldBusy: ServerResponse[] = [];
let holdBusy = false;

beforeAll(async () => {
  receiver = await startReceiver((request, response) => {
    if (request.path === '/busy' && holdBusy) heldBusy.push(response);
    else response.end('ok');
  });
});
afterAll(async () => {
  for (const response of heldBusy.splice(0)) response.end('ok');
  await receiver?.close();
});

const T0 = Date.parse('2030-05-01T10:00:00Z');
const SECOND = 1_000;
const MINUTE = 60_000;
const fireTimes = (runs: RunInfo[]) => runs.map((run) => parseRunId(run.runId)!.fireTime);

async function skippedSinceLastRun(target: RealNode, topologyId: string): Promise<number> {
  const summaries = (await call(target, 'GET', '/apis/v1/topology-summaries')).body.data as TopologySummary[];
  return summaries.find((summary) => summary.details.id === topologyId)!.skippedSinceLastRun;
}

async function skippedGauge(target: RealNode): Promise<number> {
  const text = await (await fetch(`${target.url}/metrics`)).text();
  return Number(/^epoch_fires_skipped_since_last_run (\S+)$/m.exec(text)?.[1]);
}

async function quietNode(label: string): Promise<RealNode & { clock: ManualClock }> {
  return node(label, { clock: new ManualClock(T0), claimAheadMs: 0 });
}

describe('a paused topology (real ZooKeeper, manual clock)', () => {
  it('writes no run for 10 s of every-second fires, keeps its place, and does not replay on resume', async () => {
    const target = await quietNode('pause-quiet');
    await postTopology(target, {
      name: 'tick',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/tick` },
      trigger: { type: 'CRON', timeSpec: '* * * * * ?' },
    });
    target.clock.set(T0 + SECOND);
    expect((await finishedRun(target, 'tick', runIdFor('SCHEDULED', T0 + SECOND))).state).toBe('SUCCESSFUL');

    const paused = await call(target, 'PUT', '/apis/v1/topologies/tick/pause');
    expect(paused.body.data).toMatchObject({ state: 'PAUSED', pausedAt: T0 + SECOND, pausedBy: 'anonymous' });
    for (let second = 2; second <= 11; second++) target.clock.set(T0 + second * SECOND);
    // Its place in the schedule moved on while paused.
    expect(target.node.scheduler.nextFireOf('tick')).toBe(T0 + 12 * SECOND);

    const resumed = await call(target, 'PUT', '/apis/v1/topologies/tick/unpause');
    expect(resumed.body.data).toMatchObject({ state: 'ACTIVE', resumedAt: T0 + 11 * SECOND });
    target.clock.set(T0 + 12 * SECOND);
    // A topology's fires are handled in order, so once the 10:00:12 run exists, any write for the ten paused
    // fires before it would have been made: there is none, and the resume replayed none of them.
    await waitUntil(async () => (await runsOf(target, 'tick')).length === 2);
    expect(fireTimes(await runsOf(target, 'tick'))).toEqual([T0 + SECOND, T0 + 12 * SECOND]);
    expect((await target.zk.children(target.paths.runsOf('tick'))).sort()).toEqual(
      [T0 + SECOND, T0 + 12 * SECOND].map((fire) => runIdFor('SCHEDULED', fire)),
    );
    expect(receiver.received.filter((request) => request.path === '/tick')).toHaveLength(2);
  });

  it('does not replay the paused fires on a new leader after a resume', async () => {
    const first = await quietNode('pause-failover');
    await postTopology(first, {
      name: 'minutely',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/minutely` },
      trigger: { type: 'CRON', timeSpec: '0 * * * * ?' },
    });
    first.clock.set(T0 + MINUTE);
    await finishedRun(first, 'minutely', runIdFor('SCHEDULED', T0 + MINUTE));
    await call(first, 'PUT', '/apis/v1/topologies/minutely/pause');
    first.clock.set(T0 + 5 * MINUTE + 30 * SECOND);
    await call(first, 'PUT', '/apis/v1/topologies/minutely/unpause');
    await first.node.stop();

    // The last scheduled fire persisted is 10:01; the resume at 10:05:30 is where scheduling restarts.
    const second = await node('pause-failover', {
      clock: new ManualClock(T0 + 5 * MINUTE + 40 * SECOND),
      claimAheadMs: 0,
      root: first.root,
    });
    await waitUntil(() => second.node.scheduler.size === 1);
    expect(second.node.scheduler.nextFireOf('minutely')).toBe(T0 + 6 * MINUTE);
    second.clock.set(T0 + 6 * MINUTE);
    await waitUntil(async () => (await runsOf(second, 'minutely')).length === 2);
    expect(fireTimes(await runsOf(second, 'minutely'))).toEqual([T0 + MINUTE, T0 + 6 * MINUTE]);
  });
});

describe('overlap skips (real ZooKeeper, manual clock, retention run by the test)', () => {
  it('never push the newest real runs out of history, however many there are', async () => {
    const target = await quietNode('skip-history');
    await postTopology(target, {
      name: 'busy',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/busy`, timeoutSeconds: 600 },
      trigger: { type: 'CRON', timeSpec: '0 * * * * ?' },
      overlapPolicy: 'SKIP',
    });
    const fire = (minute: number) => T0 + minute * MINUTE;
    for (let minute = 1; minute <= 4; minute++) {
      target.clock.set(fire(minute));
      await finishedRun(target, 'busy', runIdFor('SCHEDULED', fire(minute)));
    }
    // The fifth run hangs: the next 100 fires are overlap skips.
    holdBusy = true;
    target.clock.set(fire(5));
    await waitUntil(() => heldBusy.length === 1);
    for (let minute = 6; minute <= 105; minute++) {
      target.clock.set(fire(minute));
      await waitUntil(
        async () =>
          (await target.runStore.get('busy', runIdFor('SCHEDULED', fire(minute))))?.value.state === 'SKIPPED',
      );
    }

    // The test node keeps 3 finished runs and, apart, 3 skipped ones. Its hourly pass ran on the way (the clock
    // went past 11:00); this one removes the skips since.
    expect(await target.node.retention.prune()).toBeGreaterThan(0);
    const kept = await runsOf(target, 'busy');
    const real = kept.filter((run) => run.state !== 'SKIPPED');
    expect(real.map((run) => [parseRunId(run.runId)!.fireTime, run.state])).toEqual([
      [fire(2), 'SUCCESSFUL'],
      [fire(3), 'SUCCESSFUL'],
      [fire(4), 'SUCCESSFUL'],
      [fire(5), 'RUNNING'],
    ]);
    const skipped = kept.filter((run) => run.state === 'SKIPPED');
    expect(fireTimes(skipped)).toEqual([fire(103), fire(104), fire(105)]);
    expect(skipped[0]!.message).toMatch(
      /^Skipped: previous run ESR-.* still running \(overlap policy SKIP\)$/,
    );

    // Nothing is silent: the count of skips since the last run is whole, though only 3 skipped runs are kept.
    expect(skipped.map((run) => run.skippedInRow)).toEqual([98, 99, 100]);
    expect(await skippedSinceLastRun(target, 'busy')).toBe(100);
    expect(await skippedGauge(target)).toBe(100);

    holdBusy = false;
    for (const response of heldBusy.splice(0)) response.end('ok');
    expect((await finishedRun(target, 'busy', runIdFor('SCHEDULED', fire(5)))).state).toBe('SUCCESSFUL');
    target.clock.set(fire(106));
    expect((await finishedRun(target, 'busy', runIdFor('SCHEDULED', fire(106)))).state).toBe('SUCCESSFUL');
    expect(await skippedSinceLastRun(target, 'busy')).toBe(0);
    expect(await skippedGauge(target)).toBe(0);
  });

  it('keep counting across a change of leader', async () => {
    const first = await quietNode('skip-count-failover');
    await postTopology(first, {
      name: 'busy',
      task: { type: 'HTTP', taskName: 'hook', url: `${receiver.url}/busy`, timeoutSeconds: 600 },
      trigger: { type: 'CRON', timeSpec: '0 * * * * ?' },
    });
    const fire = (minute: number) => T0 + minute * MINUTE;
    holdBusy = true;
    first.clock.set(fire(1));
    await waitUntil(() => heldBusy.length === 1);
    for (let minute = 2; minute <= 4; minute++) {
      first.clock.set(fire(minute));
      await waitUntil(
        async () =>
          (await first.runStore.get('busy', runIdFor('SCHEDULED', fire(minute))))?.value.skippedInRow ===
          minute - 1,
      );
    }
    await first.node.stop();

    // The next leader adopts the run still going (its call is sent again, and held again) and learns the count
    // from the latest run in ZooKeeper.
    const second = await node('skip-count-failover', {
      clock: new ManualClock(fire(4) + 30 * SECOND),
      claimAheadMs: 0,
      root: first.root,
    });
    await waitUntil(() => heldBusy.length === 2);
    second.clock.set(fire(5));
    await waitUntil(async () => (await second.runStore.get('busy', runIdFor('SCHEDULED', fire(5)))) !== null);
    expect((await second.runStore.get('busy', runIdFor('SCHEDULED', fire(5))))!.value).toMatchObject({
      state: 'SKIPPED',
      skippedInRow: 4,
    });
    expect(await skippedSinceLastRun(second, 'busy')).toBe(4);

    holdBusy = false;
    for (const response of heldBusy.splice(0)) response.end('ok');
    expect((await finishedRun(second, 'busy', runIdFor('SCHEDULED', fire(1)))).state).toBe('SUCCESSFUL');
  });
});
