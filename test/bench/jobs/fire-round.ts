// One round of firing, the same for both systems: the jobs of a set created, the sink watched until every one
// has arrived (or a deadline), a grace period for late duplicates, then the arrivals counted.
import { setTimeout as sleep } from 'node:timers/promises';
import { jobId, type JobSet } from './bench-jobs.js';
import { addDelayed, openQueue, startBullWorker, type BullWorker } from './bullmq-peer.js';
import type { JobsBenchContext } from './context.js';
import { countDeliveries, fireLag, type DeliveryCount, type Lag } from './delivery-count.js';
import { COLLECTION, createJobs, DATABASE, type CreateOutcome } from './epoch-jobs-client.js';
import type { JobArrival } from './job-sink.js';
import { waitFor } from './wait.js';

/** After the last expected key arrived: time for a duplicate still on its way. */
const GRACE_MS = 2_000;

export interface RoundResult {
  /** When creating (adding) finished, epoch ms: it must be before the set's first trigger. */
  createdAt: number;
  createMs: number;
  notOk: number;
  count: DeliveryCount;
  lag: Lag;
  /** Whether every key arrived before the deadline. */
  complete: boolean;
  arrivals: JobArrival[];
}

export interface RoundHooks {
  /** Called every 10 ms once the first trigger time has come, until it returns true (e.g. to kill a leader). */
  during?: (arrivedKeys: number) => Promise<boolean> | boolean;
}

const keysOf = (set: JobSet, key: (index: number) => string) =>
  Array.from({ length: set.count }, (_, i) => key(i));

async function watch(
  context: JobsBenchContext,
  set: JobSet,
  keys: string[],
  deadline: number,
  hooks: RoundHooks,
  created: { createdAt: number; createMs: number; notOk: number },
): Promise<RoundResult> {
  const { sink } = context;
  if (hooks.during) {
    const first = Math.min(set.triggerOf(0), set.triggerOf(set.count - 1));
    await waitFor(() => Date.now() >= first, deadline, 5);
    await waitFor(() => hooks.during!(sink.distinctKeys), deadline, 10);
  }
  const complete = await waitFor(() => sink.distinctKeys >= set.count, deadline, 50);
  await sleep(GRACE_MS);
  const arrivals = sink.drain();
  return { ...created, count: countDeliveries(keys, arrivals), lag: fireLag(arrivals), complete, arrivals };
}

/** Epoch: the set created by bulk on `apiUrl` (the leader), delivered by the cluster. */
export async function epochRound(
  context: JobsBenchContext,
  apiUrl: string,
  set: JobSet,
  deadline: number,
  hooks: RoundHooks = {},
): Promise<RoundResult & { create: CreateOutcome }> {
  context.sink.drain();
  const create = await createJobs(apiUrl, set, context.options.createParallel);
  const created = { createdAt: Date.now(), createMs: create.ms, notOk: create.notOk };
  if (create.example) console.log(`  Epoch create not ok: ${create.notOk}, e.g. ${create.example}`);
  const keys = keysOf(set, (i) => `${DATABASE}/${COLLECTION}/${jobId(set, i)}`);
  return { ...(await watch(context, set, keys, deadline, hooks, created)), create };
}

/**
 * BullMQ: a worker process started, the set added as delayed jobs to a fresh queue, delivered by the worker.
 * With `killWorkerAt`, once that many keys arrived the worker is SIGKILLed and another started at once (a
 * standby taking over); `killedAt` then says when.
 */
export async function bullRound(
  context: JobsBenchContext,
  queueName: string,
  set: JobSet,
  deadline: number,
  failover: { killWorkerAt?: number } = {},
): Promise<RoundResult & { killedAt?: number; killedAtKeys?: number }> {
  const { redis, sink, options, repoRoot } = context;
  const queue = openQueue(redis.port, queueName);
  const workers: BullWorker[] = [];
  const startWorker = async () => {
    const worker = await startBullWorker({
      redisPort: redis.port,
      queue: queueName,
      sinkUrl: sink.url,
      concurrency: options.workerConcurrency,
      repoRoot,
    });
    workers.push(worker);
    return worker;
  };
  const cleanup = async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
  };
  context.cleanups.add(cleanup);
  try {
    await queue.waitUntilReady();
    const first = await startWorker();
    sink.drain();
    const added = await addDelayed(queue, set, options.createParallel);
    const created = { createdAt: Date.now(), createMs: added.ms, notOk: 0 };
    const keys = keysOf(set, (i) => `bullmq/${queueName}/${jobId(set, i)}`);
    const { killWorkerAt } = failover;
    let killed: { killedAt?: number; killedAtKeys?: number } = {};
    const hooks: RoundHooks =
      killWorkerAt === undefined
        ? {}
        : {
            during: async (arrived) => {
              if (arrived < killWorkerAt) return false;
              await first.kill();
              killed = { killedAt: Date.now(), killedAtKeys: arrived };
              await startWorker();
              return true;
            },
          };
    const result = await watch(context, set, keys, deadline, hooks, created);
    return { ...result, ...killed };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
    context.cleanups.delete(cleanup);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}
