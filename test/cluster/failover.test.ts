// Losing the leader, or ZooKeeper's quorum, loses no fire and runs none twice. Three real Epoch processes on a
// real 3-server ZooKeeper ensemble; 50 topologies fire every second, calling a receiver in this process.
import type { ClusterStatus } from '@epoch/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochProcess } from '../harness/epoch-process.js';
import { Sink } from '../harness/http-sink.js';
import {
  api,
  apiData,
  everySecondHttpTopology,
  startEpochCluster,
  waitForLeader,
  type EpochCluster,
} from './support/epoch-cluster.js';
import { accountFires, nextSecond, type RunAccounting } from '../harness/fire-accounting.js';

const TOPOLOGIES = 50;
const KILLS = 10;

let cluster: EpochCluster;
const sink = new Sink();
const topologyIds = Array.from({ length: TOPOLOGIES }, (_, i) => `every-second-${i}`);

beforeAll(async () => {
  await sink.start();
  cluster = await startEpochCluster({ label: 'failover', sessionTimeoutMs: 4_000 });
  const leader = await waitForLeader(cluster);
  for (const id of topologyIds)
    await apiData(leader, 'POST', '/apis/v1/topologies', everySecondHttpTopology(id, sink.url));
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
  await sink.close();
});

/** The fires in [from, to) of every topology, once the last of them (at to - 1 s) has surely been handled. */
async function settle(from: number, to: number): Promise<RunAccounting> {
  await sleep(Math.max(0, to + 2_000 - Date.now()));
  const leader = await waitForLeader(cluster, { among: cluster.nodes.filter((node) => !node.exited) });
  return accountFires(leader, topologyIds, { from, to }, sink.arrivals);
}

function expectExactlyOnce(accounting: RunAccounting): void {
  expect(accounting.missing).toEqual([]);
  expect(accounting.duplicateDeliveries).toEqual([]);
  expect(accounting.unrecordedDeliveries).toEqual([]);
  const unexpected = Object.keys(accounting.states).filter(
    (state) => !['SUCCESSFUL', 'SKIPPED'].includes(state),
  );
  expect(unexpected).toEqual([]);
}

describe('failover', () => {
  it(`SIGKILLs the leader ${KILLS} times: a new one schedules within the session timeout + 2 s, every fire runs once`, async () => {
    const from = nextSecond(Date.now());
    const kills: Array<{ at: number; old: string; next: EpochProcess }> = [];
    for (let i = 0; i < KILLS; i++) {
      const leader = await waitForLeader(cluster);
      await sleep(1_000 + Math.random() * 1_000);
      const at = Date.now();
      await leader.kill();
      const next = await waitForLeader(cluster, { among: cluster.nodes.filter((node) => node !== leader) });
      kills.push({ at, old: leader.url, next });
      await leader.restart({ waitFor: 'ready' });
    }
    const to = nextSecond(Date.now());
    const accounting = await settle(from, to);

    const failovers = kills.map(({ at, next }) => {
      const firsts = accounting.runs.filter((run) => run.leader === next.url && run.created > at);
      return Math.min(...firsts.map((run) => run.created)) - at;
    });
    console.log(
      `failover (kill -> first run claimed by the new leader), ms: ${failovers.join(', ')}; ` +
        `runs by state ${JSON.stringify(accounting.states)}, ${accounting.resent} HTTP calls sent again`,
    );
    for (const ms of failovers) expect(ms).toBeLessThanOrEqual(cluster.sessionTimeoutMs + 2_000);
    expect(accounting.expected).toBeGreaterThan(TOPOLOGIES * 30);
    expectExactlyOnce(accounting);
  }, 300_000);

  it('a leader paused past its session timeout writes and launches nothing once it wakes up', async () => {
    const old = await waitForLeader(cluster);
    const others = cluster.nodes.filter((node) => node !== old);
    await old.pause();
    const paused = Date.now();
    const next = await waitForLeader(cluster, { among: others, timeoutMs: 20_000 });
    await sleep(1_000);
    await old.resume();
    const resumed = Date.now();
    await sleep(cluster.sessionTimeoutMs);

    const accounting = await settle(nextSecond(paused) - 5_000, nextSecond(Date.now()));
    const firstByNew = Math.min(
      ...accounting.runs
        .filter((run) => run.leader === next.url && run.created > paused)
        .map((r) => r.created),
    );
    const writtenByOldAfter = accounting.runs.filter(
      (run) => run.leader === old.url && run.updated >= firstByNew,
    );
    expect(writtenByOldAfter).toEqual([]);
    const launchedAfterResume = sink.arrivals.filter((arrival) => arrival.at >= resumed);
    const byRun = new Map(accounting.runs.map((run) => [`${run.topologyId}/${run.runId}`, run]));
    for (const arrival of launchedAfterResume) {
      expect(byRun.get(`${arrival.topologyId}/${arrival.runId}`)?.leader).not.toBe(old.url);
    }
    expectExactlyOnce(accounting);
    // The old leader did not exit: it rejoined as a follower.
    const status = await apiData<ClusterStatus>(old, 'GET', '/apis/v1/cluster');
    expect(status.nodes.find((node) => node.url === old.url)?.role).toBe('FOLLOWER');
  }, 120_000);

  it('rides out one ZooKeeper server down; stops writing without a quorum; resumes by itself after', async () => {
    const [first, second] = cluster.zookeeper.servers;
    const leader = await waitForLeader(cluster);

    const oneDown = nextSecond(Date.now());
    await first!.stop();
    await sleep(4_000);
    expect((await api(leader, 'GET', '/apis/v1/topologies')).status).toBe(200);
    const withOneDown = await settle(oneDown, nextSecond(Date.now()));
    expect(withOneDown.missing).toEqual([]);
    expect(withOneDown.states.SKIPPED ?? 0).toBe(0);

    await second!.stop();
    await sleep(1_000);
    const write = await api(
      leader,
      'POST',
      '/apis/v1/topologies',
      everySecondHttpTopology('no-quorum', sink.url),
    );
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).not.toBeNull();
    // Short, so the missed fires stay within what one plan records (MAX_MISSED_FIRES) and can all be counted.
    const callsWithoutQuorum = sink.arrivals.length;
    await sleep(1_500);
    expect(sink.arrivals.length).toBe(callsWithoutQuorum);

    const restored = Date.now();
    await Promise.all([first!.start(), second!.start()]);
    await cluster.zookeeper.waitForLeader();
    const after = await settle(nextSecond(oneDown), nextSecond(restored) + 6_000);
    expectExactlyOnce(after);
    // Scheduling came back on its own, and the outage's fires were recorded as the misfire policy says.
    expect(after.states.SKIPPED ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
