/**
 * Failover benchmark: 3 Epoch processes on a 3-server ZooKeeper ensemble (loopback), N topologies firing every
 * second as HTTP calls to a receiver in this process; the leader is SIGKILLed again and again (restarted as a
 * follower each time). Prints the failover time (kill → first run claimed by the new leader) and whether every
 * fire ran exactly once.
 *
 * Run: npm run bench:failover [-- --kills 20 --topologies 50 --session-timeout-ms 4000]
 * Build first (npm run build): the nodes run server/dist/main.js.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { killAllEpochProcesses } from '../harness/epoch-process.js';
import { Sink } from '../harness/http-sink.js';
import {
  apiData,
  everySecondHttpTopology,
  startEpochCluster,
  waitForLeader,
} from '../cluster/support/epoch-cluster.js';
import { accountFires, nextSecond } from '../cluster/support/fire-accounting.js';

const { values: args } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    topologies: { type: 'string', default: '50' },
    'session-timeout-ms': { type: 'string', default: '4000' },
  },
});
const kills = Number(args.kills);
const topologies = Number(args.topologies);
const sessionTimeoutMs = Number(args['session-timeout-ms']);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const sink = new Sink();
  await sink.start();
  const cluster = await startEpochCluster({ label: 'failover-bench', sessionTimeoutMs });
  console.log(
    `Epoch failover benchmark: ${kills} kills, ${topologies} every-second topologies, session timeout ${sessionTimeoutMs} ms; logs in ${cluster.logDir}`,
  );
  try {
    const ids = Array.from({ length: topologies }, (_, i) => `failover-${i}`);
    const first = await waitForLeader(cluster);
    for (const id of ids)
      await apiData(first, 'POST', '/apis/v1/topologies', everySecondHttpTopology(id, sink.url));
    await sleep(2_000);

    const from = nextSecond(Date.now());
    const events: Array<{ at: number; next: string }> = [];
    for (let i = 0; i < kills; i++) {
      const leader = await waitForLeader(cluster);
      await sleep(1_000 + Math.random() * 1_000);
      const at = Date.now();
      await leader.kill();
      const next = await waitForLeader(cluster, { among: cluster.nodes.filter((node) => node !== leader) });
      events.push({ at, next: next.url });
      await leader.restart({ waitFor: 'ready' });
      process.stdout.write(`  kill ${i + 1}/${kills}: ${leader.url} -> ${next.url}\n`);
    }
    const to = nextSecond(Date.now()) - 1_000;
    await sleep(4_000);
    const leader = await waitForLeader(cluster);
    const accounting = await accountFires(leader, ids, { from, to }, sink.arrivals);

    const failovers = events
      .map(({ at, next }) => {
        const created = accounting.runs
          .filter((run) => run.leader === next && run.created > at)
          .map((r) => r.created);
        return Math.min(...created) - at;
      })
      .sort((a, b) => a - b);
    console.log(
      `\nfailover time (kill -> first fire launched by the new leader), ${failovers.length} kills:`,
    );
    console.log(
      `  min ${failovers[0]} ms, median ${percentile(failovers, 50)} ms, p99 ${percentile(failovers, 99)} ms, max ${failovers.at(-1)} ms (session timeout ${sessionTimeoutMs} ms)`,
    );
    console.log(
      `fires in the window: ${accounting.expected} (${topologies} topologies × ${(to - from) / 1000 + 1} s)`,
    );
    console.log(`  runs by state: ${JSON.stringify(accounting.states)}`);
    console.log(`  missing (no run record): ${accounting.missing.length}`);
    console.log(
      `  duplicate deliveries (same task and attempt twice): ${accounting.duplicateDeliveries.length}`,
    );
    console.log(`  deliveries not recorded in their run: ${accounting.unrecordedDeliveries.length}`);
    console.log(`  HTTP calls sent again by a new leader (recorded as attempt 2): ${accounting.resent}`);
  } finally {
    await cluster.stop();
    await sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  killAllEpochProcesses();
  process.exit(1);
});
