/**
 * Failover benchmark: 3 Epoch processes on a 3-server ZooKeeper ensemble (loopback), N topologies firing every
 * second as HTTP calls to a receiver in this process; the leader is SIGKILLed (then restarted as a follower) or
 * SIGSTOPped past its session timeout (then thawed), again and again. Part of the topologies are AT_MOST_ONCE.
 * Prints the failover time (kill or freeze → first run claimed by the new leader) and whether every fire ran,
 * once, as each task's delivery guarantee promises.
 *
 * Run: npm run bench:failover [-- --kills 30 --stops 20 --topologies 50 --at-most-once 0.5 --session-timeout-ms 4000]
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
import { accountFires, nextSecond } from '../harness/fire-accounting.js';

const { values: args } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    stops: { type: 'string', default: '0' },
    'at-most-once': { type: 'string', default: '0.5' },
    topologies: { type: 'string', default: '50' },
    'session-timeout-ms': { type: 'string', default: '4000' },
  },
});
const kills = Number(args.kills);
const stops = Number(args.stops);
/** The share of topologies whose task is AT_MOST_ONCE. */
const atMostOnceShare = Number(args['at-most-once']);
const topologies = Number(args.topologies);
const sessionTimeoutMs = Number(args['session-timeout-ms']);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(): Promise<void> {
  const sink = new Sink();
  await sink.start();
  const cluster = await startEpochCluster({ label: 'failover-bench', sessionTimeoutMs });
  console.log(
    `Epoch failover benchmark: ${kills} kills and ${stops} stops, ${topologies} every-second topologies ` +
      `(${Math.round(atMostOnceShare * 100)} % AT_MOST_ONCE), session timeout ${sessionTimeoutMs} ms; logs in ${cluster.logDir}`,
  );
  try {
    const ids = Array.from({ length: topologies }, (_, i) => `failover-${i}`);
    const atMostOnce = new Set(ids.slice(0, Math.round(topologies * atMostOnceShare)));
    const first = await waitForLeader(cluster);
    for (const id of ids) {
      const delivery = atMostOnce.has(id) ? 'AT_MOST_ONCE' : 'AT_LEAST_ONCE';
      await apiData(first, 'POST', '/apis/v1/topologies', everySecondHttpTopology(id, sink.url, delivery));
    }
    await sleep(2_000);

    const from = nextSecond(Date.now());
    const events: Array<{ at: number; next: string }> = [];
    // Kills and stops interleaved, so that each kind meets the state the other left.
    const kinds: Array<'kill' | 'stop'> = [];
    for (let k = kills, s = stops; k + s > 0;) {
      const kind = s > 0 && (k === 0 || kinds.at(-1) === 'kill') ? 'stop' : 'kill';
      kinds.push(kind);
      if (kind === 'stop') s--;
      else k--;
    }
    for (const [i, kind] of kinds.entries()) {
      const leader = await waitForLeader(cluster);
      const others = cluster.nodes.filter((node) => node !== leader);
      await sleep(1_000 + Math.random() * 1_000);
      const at = Date.now();
      if (kind === 'kill') {
        await leader.kill();
        const next = await waitForLeader(cluster, { among: others });
        events.push({ at, next: next.url });
        await leader.restart({ waitFor: 'ready' });
        process.stdout.write(`  ${i + 1}/${kinds.length} kill: ${leader.url} -> ${next.url}\n`);
      } else {
        // Frozen past its session timeout, as in a long GC pause: it must wake up knowing it no longer leads.
        await leader.pause();
        const next = await waitForLeader(cluster, { among: others, timeoutMs: 30_000 });
        events.push({ at, next: next.url });
        await leader.resume();
        process.stdout.write(`  ${i + 1}/${kinds.length} stop: ${leader.url} -> ${next.url}\n`);
      }
    }
    const to = nextSecond(Date.now());
    await sleep(4_000);
    const leader = await waitForLeader(cluster);
    const accounting = await accountFires(leader, ids, { from, to }, sink.arrivals, { atMostOnce });

    const failovers = events
      .map(({ at, next }) => {
        const created = accounting.runs
          .filter((run) => run.leader === next && run.created > at)
          .map((r) => r.created);
        return Math.min(...created) - at;
      })
      .sort((a, b) => a - b);
    console.log(
      `\nfailover time (kill or stop -> first fire launched by the new leader), ${failovers.length} events:`,
    );
    console.log(
      `  min ${failovers[0]} ms, median ${percentile(failovers, 50)} ms, p99 ${percentile(failovers, 99)} ms, max ${failovers.at(-1)} ms (session timeout ${sessionTimeoutMs} ms)`,
    );
    console.log(
      `fires in the window: ${accounting.expected} (${topologies} topologies × ${(to - from) / 1000} s)`,
    );
    console.log(`  runs by state: ${JSON.stringify(accounting.states)}`);
    console.log(`  missing (no run record): ${accounting.missing.length}`);
    console.log(
      `  duplicate deliveries (same task and attempt twice): ${accounting.duplicateDeliveries.length}`,
    );
    console.log(`  deliveries not recorded in their run: ${accounting.unrecordedDeliveries.length}`);
    console.log(`  HTTP calls sent again by a new leader (recorded as attempt 2): ${accounting.resent}`);
    console.log(`  AT_MOST_ONCE tasks received more than once: ${accounting.repeatedAtMostOnce.length}`);
    console.log(`  AT_MOST_ONCE runs ended in doubt (FAILED, task UNKNOWN): ${accounting.inDoubt}`);
    console.log(`  runs left UNKNOWN without saying so: ${accounting.inDoubtMislabelled.length}`);
    for (const problem of [
      ...accounting.missing,
      ...accounting.duplicateDeliveries,
      ...accounting.repeatedAtMostOnce,
      ...accounting.inDoubtMislabelled,
    ].slice(0, 20))
      console.log(`    ${problem}`);
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
