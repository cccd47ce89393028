/**
 * Container runtimes benchmark (issue 21 item 6): the same one-second container runs through a real Epoch
 * server on the Docker Engine, then through one on Docker Swarm (never both at once: 2 cores), each with a
 * fresh ZooKeeper. Needs `node scripts/setup.mjs --for=test` (ZooKeeper, BusyBox) and `npm run build`.
 *
 * Run: npm run bench:runtime -- [options]. Options, with defaults:
 *   --runs 200              instant runs per runtime, each one container running `sleep <sleep-seconds>`
 *   --concurrency 10        runs in flight at once (one topology per lane, run again as soon as it ends)
 *   --sleep-seconds 1
 *   --run-timeout-seconds 120  a run not ended by then counts as not completed
 *   --runtimes docker,swarm
 *   --server server/dist/main.js
 *   --json FILE             default test/bench/results/runtime-<time>.json
 *
 * Why 10 at once: on 2 cores a sleeping container costs little CPU, but each start is the engine's work
 * (containerd shim, network namespace, and for Swarm the manager's scheduling and the agent's task), on the
 * same cores as the leader and ZooKeeper. Measured here with 60 runs, other sessions' tests running too
 * (docker / swarm launches/s, p50 launch-to-running): 2 at once 1.3 / 1.1 per s, 0.4 / 0.6 s; 5: 2.5 / 2.3,
 * 0.7 / 0.8 s; 10: 4.6 / 3.5, 0.8 / 1.3 s; 20: 4.7 / 4.0, 2.5 / 2.6 s. Ten is where the engine saturates:
 * more in flight adds only queueing in front of it. With one-second tasks the ceiling is below `concurrency`
 * launches/s anyway.
 *
 * Launch-to-running is from just before the run-now request to the container's start as the engine reports it
 * (State.StartedAt): one definition for both runtimes. The run API's RUNNING (the leader's record) is shown
 * beside it; Swarm's runtime records RUNNING once the service is created, before a node has started its task.
 */
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { killAllEpochProcesses } from '../harness/epoch-process.js';
import { writeJson } from './jobs/report.js';
import { busyboxImageId } from '../harness/docker-images.js';
import { measureRuntime, type RuntimeResult } from './runtime/measure-runtime.js';
import { printTable } from './runtime/report.js';
import type { RuntimeKind } from './runtime/stack.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNTIMES: readonly RuntimeKind[] = ['docker', 'swarm'];

function parseCommandLine() {
  const { values: args } = parseArgs({
    options: {
      runs: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '10' },
      'sleep-seconds': { type: 'string', default: '1' },
      'run-timeout-seconds': { type: 'string', default: '120' },
      runtimes: { type: 'string', default: RUNTIMES.join(',') },
      server: { type: 'string', default: path.join(repoRoot, 'server/dist/main.js') },
      json: { type: 'string' },
    },
  });
  const runtimes = args.runtimes.split(',') as RuntimeKind[];
  const unknown = runtimes.filter((name) => !RUNTIMES.includes(name));
  if (unknown.length)
    throw new Error(`unknown runtime ${unknown.join(', ')} (known: ${RUNTIMES.join(', ')})`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return {
    runtimes,
    runs: Number(args.runs),
    concurrency: Number(args.concurrency),
    sleepSeconds: Number(args['sleep-seconds']),
    runTimeoutSeconds: Number(args['run-timeout-seconds']),
    server: args.server,
    json: args.json ?? path.join(repoRoot, 'test/bench/results', `runtime-${stamp}.json`),
  };
}

/** What is still up when the benchmark is interrupted or fails: servers, ZooKeepers, containers, swarm mode. */
const cleanups = new Set<() => Promise<unknown>>();

async function cleanUp(): Promise<void> {
  killAllEpochProcesses();
  for (const cleanup of [...cleanups]) await cleanup().catch(() => undefined);
}

const loadLastMinute = () => loadavg()[0] ?? Number.NaN;

async function main(): Promise<void> {
  const options = parseCommandLine();
  const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-runtime-bench-logs-'));
  process.once('SIGINT', () => {
    console.log('\ninterrupted: stopping the servers and ZooKeeper, removing the containers and services');
    void cleanUp().finally(() => process.exit(130));
  });
  const image = await busyboxImageId();
  console.log(
    `Epoch container runtimes: ${options.runs} runs of sleep ${options.sleepSeconds} through ` +
      `${options.runtimes.join(', then ')}, ${options.concurrency} at once; server logs in ${logDir}`,
  );
  const startedAt = new Date().toISOString();
  // The machine may be shared: its load over the last minute, before and after, says how alone the run was.
  const load = { before: loadLastMinute(), after: Number.NaN };
  const results: RuntimeResult[] = [];
  try {
    for (const runtime of options.runtimes) {
      const started = performance.now();
      const result = await measureRuntime(runtime, { ...options, image, logDir }, cleanups);
      results.push(result);
      const accepted = result.acceptedUnenforced ? `, accepting unenforced ${result.acceptedUnenforced}` : '';
      console.log(`${runtime}: done in ${((performance.now() - started) / 1000).toFixed(1)} s${accepted}`);
    }
  } finally {
    load.after = loadLastMinute();
    printTable(results);
    console.log(`\nload average (1 min): ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after`);
    await writeJson(options.json, { startedAt, load, options: { ...options, image }, results });
    console.log(`\nresults: ${options.json}`);
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(1);
  },
);
