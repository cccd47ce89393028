/**
 * ZooKeeper capacity benchmark: how much of ZooKeeper's heap one run costs, measured. For each payload, a
 * fresh standalone ZooKeeper gets run znodes as the leader writes them — the real codec, the digest ACL,
 * one folder per topology — and its heap is read after a full GC (jcmd) before and after. Two payloads: a
 * container run, and an HTTP run with the largest response body a run keeps (2,048 characters). Prints bytes
 * of heap per run, runs per GiB, and what EPOCH_RUNS_MAX_TOTAL's default takes of a 512 MiB heap.
 *
 * Run: npm run bench:zk-capacity [-- --runs 100000 --topologies 100 --heap-mb 1024]
 */
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { pino } from 'pino';
import type { RunInfo } from '@epoch/shared';
import { DEFAULT_RUNS_MAX_TOTAL } from '../../server/src/config/config-schema.js';
import { runCodec } from '../../server/src/store/run-store.js';
import { ZkClient, type ZkOp } from '../../server/src/zk/zk-client.js';
import { readZkTreeSize } from '../../server/src/zk/zk-monitor.js';
import { TEST_ZK_CREDENTIAL } from '../../server/test/support/test-node.js';
import { startZooKeeper } from '../harness/zookeeper.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    topologies: { type: 'string', default: '100' },
    'heap-mb': { type: 'string', default: '1024' },
  },
});
const runsPerProfile = Number(args.runs);
const topologies = Number(args.topologies);
const heapMb = Number(args['heap-mb']);
/** Small transactions: ZooKeeper keeps the last 500 in memory, whatever their size. */
const MULTI_SIZE = 20;
/**
 * ZooKeeper keeps its last 500 transactions in memory (zookeeper.commitLogCount) to bring followers up to
 * date: small writes after the runs push them out, so the heap measured is the tree's alone.
 */
const COMMIT_LOG_FLUSH = 600;
const MIB = 1024 * 1024;

const run = (topologyId: string, index: number, responseBody?: string): RunInfo => {
  const fireTime = Date.UTC(2026, 0, 1) + index * 1000;
  const runId = `SCHEDULED-${new Date(fireTime).toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${index}`;
  return {
    topologyId,
    runId,
    state: 'SUCCESSFUL',
    message: 'Task completed',
    runType: 'SCHEDULED',
    created: fireTime - 3_500,
    updated: fireTime + 120,
    leader: 'http://epoch-node-1.internal:8080',
    tasks: {
      main: {
        taskId: `${topologyId}-${runId}-main`,
        state: 'COMPLETED',
        attempts: 1,
        startedAt: fireTime,
        finishedAt: fireTime + 120,
        ...(responseBody === undefined
          ? { upstreamId: 'f'.repeat(64), exitCode: 0 }
          : { httpStatus: 200, responseBody }),
      },
    },
  };
};

const execFileAsync = promisify(execFile);

/** Heap in use after a full GC, in bytes, from jcmd (the JDK's own tool, installed with ZooKeeper's JRE). */
async function heapUsedAfterGc(pid: number): Promise<number> {
  await execFileAsync('jcmd', [String(pid), 'GC.run']);
  const { stdout } = await execFileAsync('jcmd', [String(pid), 'GC.heap_info']);
  // Serial GC: "def new generation total …K, used …K" and "tenured generation total …K, used …K".
  const used = [...stdout.matchAll(/used (\d+)K/g)].slice(0, 2).reduce((sum, [, k]) => sum + Number(k), 0);
  return used * 1024;
}

/** Heap per run for one payload, on a ZooKeeper of its own. */
async function measure(profile: { name: string; body: string | undefined }): Promise<void> {
  const zookeeper = await startZooKeeper({ heapMb });
  const zk = await ZkClient.connect({
    connectionString: zookeeper.connectionString,
    sessionTimeoutMs: 30_000,
    logger: pino({ level: 'silent' }),
    auth: TEST_ZK_CREDENTIAL,
  });
  try {
    {
      const root = '/epoch/runs';
      for (let t = 0; t < topologies; t++) await zk.ensurePath(`${root}/topology-${t}`);
      const before = await heapUsedAfterGc(zookeeper.pid!);
      const started = performance.now();
      let ops: ZkOp[] = [];
      for (let i = 0; i < runsPerProfile; i++) {
        const topologyId = `topology-${i % topologies}`;
        const info = run(topologyId, i, profile.body);
        ops.push({ op: 'create', path: `${root}/${topologyId}/${info.runId}`, data: runCodec.encode(info) });
        if (ops.length === MULTI_SIZE || i === runsPerProfile - 1) {
          await zk.multi(ops);
          ops = [];
        }
      }
      const seconds = (performance.now() - started) / 1000;
      await zk.create('/flush');
      for (let i = 0; i < COMMIT_LOG_FLUSH; i++) await zk.setData('/flush', Buffer.alloc(0), -1);
      const after = await heapUsedAfterGc(zookeeper.pid!);
      const perRun = (after - before) / runsPerProfile;
      const payload = runCodec.encode(run('topology-0', 0, profile.body)).length;
      const tree = await readZkTreeSize(zookeeper.connectionString);
      console.log(`\n${profile.name}: ${payload} bytes of data each, written in ${seconds.toFixed(1)} s`);
      console.log(
        `  heap: +${((after - before) / MIB).toFixed(1)} MiB for ${runsPerProfile} runs = ${perRun.toFixed(0)} bytes per run`,
      );
      console.log(`  runs per GiB of heap: ${Math.floor((1024 * MIB) / perRun).toLocaleString('en')}`);
      console.log(
        `  EPOCH_RUNS_MAX_TOTAL's default (${DEFAULT_RUNS_MAX_TOTAL.toLocaleString('en')}) of these would take ` +
          `${((DEFAULT_RUNS_MAX_TOTAL * perRun) / MIB).toFixed(0)} MiB of a 512 MiB heap`,
      );
      console.log(`  ZooKeeper says (mntr): ${tree?.znodes} znodes, ${tree?.dataBytes} bytes of data`);
    }
  } finally {
    zk.close();
    await zookeeper.stop();
  }
}

async function main(): Promise<void> {
  console.log(
    `ZooKeeper capacity: ${runsPerProfile} runs per payload over ${topologies} topologies, ZooKeeper heap ${heapMb} MiB`,
  );
  await measure({ name: 'container run', body: undefined });
  await measure({ name: 'HTTP run, 2,048-character response', body: 'x'.repeat(2048) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
