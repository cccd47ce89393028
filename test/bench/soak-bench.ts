/**
 * Soak benchmark: a ZooKeeper with the smallest heap `npm start` gives it (512 MiB) and one Epoch server whose
 * only retention limit that binds is the runs budget (EPOCH_RUNS_MAX_TOTAL). Topologies fire every second,
 * each run keeping a 2,048-character response (the largest a run keeps), until the retained runs reach the
 * budget, then for `--after-minutes` more. Every 30 s it prints the runs retained, ZooKeeper's znodes, and
 * ZooKeeper's and the server's resident memory; at the end, whether ZooKeeper stayed up, whether the total
 * stayed at the budget, and whether any fire was missed or delivered twice (from the receiver's log: the run
 * records of old fires are gone by design).
 *
 * Run: npm run bench:soak [-- --topologies 200 --budget 80000 --after-minutes 10 --zk-heap-mb 512]
 * Build first (npm run build): the server runs server/dist/main.js.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { everySecondHttpTopology, apiData } from '../cluster/support/epoch-cluster.js';
import { accountDeliveries, everySecondFires, nextSecond } from '../harness/fire-accounting.js';
import { killAllEpochProcesses, startEpochProcess } from '../harness/epoch-process.js';
import { Sink } from '../harness/http-sink.js';
import { startZooKeeper } from '../harness/zookeeper.js';

const { values: args } = parseArgs({
  options: {
    topologies: { type: 'string', default: '200' },
    budget: { type: 'string', default: '80000' },
    'after-minutes': { type: 'string', default: '10' },
    'zk-heap-mb': { type: 'string', default: '512' },
    'retention-seconds': { type: 'string', default: '10' },
  },
});
const topologies = Number(args.topologies);
const budget = Number(args.budget);
const afterMs = Number(args['after-minutes']) * 60_000;
const zkHeapMb = Number(args['zk-heap-mb']);
const SAMPLE_MS = 30_000;
const MIB = 1024 * 1024;

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/** One sample from the server's metrics (unauthenticated: the bench's server runs without auth). */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
}

async function main(): Promise<void> {
  const sink = new Sink('x'.repeat(2048));
  await sink.start();
  const zookeeper = await startZooKeeper({ heapMb: zkHeapMb });
  const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-soak-'));
  const epoch = await startEpochProcess({
    zkConnectionString: zookeeper.connectionString,
    zkRoot: '/epoch-soak',
    logPath: path.join(logDir, 'server.log'),
    env: {
      EPOCH_RUNS_MAX_TOTAL: String(budget),
      // The budget must be what binds: every topology may keep far more than its share.
      EPOCH_RUNS_KEEP: '100000',
      EPOCH_RETENTION_INTERVAL_SECONDS: args['retention-seconds']!,
    },
    waitFor: 'leader',
  });
  console.log(
    `Epoch soak: ${topologies} every-second topologies, budget ${budget} runs, ZooKeeper heap ${zkHeapMb} MiB, ` +
      `then ${afterMs / 60_000} min at the budget; logs in ${logDir}`,
  );
  const ids = Array.from({ length: topologies }, (_, i) => `soak-${i}`);
  try {
    for (const id of ids)
      await apiData(epoch, 'POST', '/apis/v1/topologies', everySecondHttpTopology(id, sink.url));
    const from = nextSecond(Date.now()) + 1_000;
    const started = Date.now();
    let reachedAt: number | undefined;
    let maxRetained = 0;
    const retainedAtBudget: number[] = [];
    console.log('  min  retained  znodes    ZooKeeper RSS  server RSS  deliveries');
    for (;;) {
      await sleep(SAMPLE_MS);
      if (!zookeeper.pid) throw new Error('ZooKeeper is down');
      const retained = await metric(epoch.url, 'epoch_runs_retained');
      const znodes = await metric(epoch.url, 'epoch_zookeeper_znodes');
      maxRetained = Math.max(maxRetained, retained);
      if (reachedAt === undefined && retained >= budget * 0.99) reachedAt = Date.now();
      if (reachedAt !== undefined) retainedAtBudget.push(retained);
      const minutes = ((Date.now() - started) / 60_000).toFixed(1).padStart(5);
      console.log(
        `${minutes}  ${String(retained).padStart(8)}  ${String(znodes).padStart(7)}  ` +
          `${((await rssOf(zookeeper.pid)) / MIB).toFixed(0).padStart(9)} MiB  ` +
          `${((await epoch.memory()).rss / MIB).toFixed(0).padStart(7)} MiB  ${sink.arrivals.length}`,
      );
      if (reachedAt !== undefined && Date.now() - reachedAt >= afterMs) break;
    }
    const to = nextSecond(Date.now()) - 4_000;
    await sleep(5_000);
    const fires = accountDeliveries(everySecondFires(ids, { from, to }), sink.arrivals);
    console.log(`\nZooKeeper up throughout: ${zookeeper.pid !== undefined ? 'yes' : 'no'}`);
    console.log(
      `runs retained: max ${maxRetained} (budget ${budget}); at the budget, samples ranged ` +
        `${Math.min(...retainedAtBudget)}–${Math.max(...retainedAtBudget)}`,
    );
    console.log(
      `fires in the window: ${fires.expected}; missing ${fires.missing}; delivered twice ${fires.duplicates}`,
    );
  } finally {
    await epoch.stop();
    await zookeeper.stop();
    await sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  killAllEpochProcesses();
  process.exit(1);
});
