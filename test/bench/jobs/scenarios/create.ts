// create: N jobs by bulk spread over now+1 h .. now+25 h (none fires during the run). Epoch's time against
// BullMQ's addBulk of the same jobs; ZooKeeper's growth per job; the leader's memory.
import { spreadSet } from '../bench-jobs.js';
import { addDelayed, openQueue } from '../bullmq-peer.js';
import type { JobsBenchContext } from '../context.js';
import { createJobs, scrapeMetric } from '../epoch-jobs-client.js';
import { startEpochStack } from '../epoch-stack.js';
import { fmt, type ScenarioResult } from '../report.js';
import { zkSize } from '../zk-size.js';
import { processCpuMs } from '../../../harness/epoch-process.js';

const HOUR = 3_600_000;
const CREATE_SECONDS_TARGET = 60;
const TARGET_JOBS = 1_000_000;

export async function create(context: JobsBenchContext): Promise<ScenarioResult> {
  const { jobs, createParallel } = context.options;
  const now = Date.now();
  const set = spreadSet('c', jobs, now + HOUR, now + 25 * HOUR);
  console.log(`create: ${fmt.int(jobs)} jobs, ${createParallel} bulk requests in flight`);

  const stack = await startEpochStack(context, 'create');
  let epoch;
  try {
    const leader = stack.servers[0]!;
    const zkPid = stack.zk.pid;
    const before = await zkSize(stack.zk.port);
    const cpuBefore = { leader: await leader.cpuMs(), zk: zkPid ? await processCpuMs(zkPid) : NaN };
    const created = await createJobs(leader.url, set, createParallel);
    const after = await zkSize(stack.zk.port);
    const cpu = {
      leaderMs: (await leader.cpuMs()) - cpuBefore.leader,
      zkMs: zkPid ? (await processCpuMs(zkPid)) - cpuBefore.zk : NaN,
    };
    const memory = await leader.memory();
    epoch = {
      ...created,
      pendingMetric: await scrapeMetric(leader.url, 'epoch_jobs_pending'),
      segmentsMetric: await scrapeMetric(leader.url, 'epoch_job_segments'),
      zkBefore: before,
      zkAfter: after,
      bytesPerJob: (after.dataBytes - before.dataBytes) / jobs,
      znodesPer100: ((after.znodes - before.znodes) / jobs) * 100,
      leaderRss: memory.rss,
      leaderPeakRss: memory.peak,
      cpu,
    };
    console.log(
      `  Epoch: ${fmt.s(created.ms)} (${fmt.int(jobs / (created.ms / 1000))}/s), not ok ${created.notOk}` +
        `${created.example ? ` e.g. ${created.example}` : ''}; leader CPU ${fmt.s(cpu.leaderMs)}, ZooKeeper CPU ${fmt.s(cpu.zkMs)}`,
    );
  } finally {
    await stack.stop();
  }

  const queue = openQueue(context.redis.port, 'create');
  let bull;
  try {
    await queue.waitUntilReady();
    const memoryBefore = await context.redis.usedMemory();
    const cpuBefore = await processCpuMs(context.redis.pid);
    const added = await addDelayed(queue, set, createParallel);
    const memoryAfter = await context.redis.usedMemory();
    bull = {
      ms: added.ms,
      delayed: await queue.getDelayedCount(),
      redisBytesPerJob: (memoryAfter - memoryBefore) / jobs,
      redisRss: await context.redis.rss(),
      redisCpuMs: (await processCpuMs(context.redis.pid)) - cpuBefore,
    };
    console.log(
      `  BullMQ: ${fmt.s(added.ms)} (${fmt.int(jobs / (added.ms / 1000))}/s), ${fmt.int(bull.delayed)} delayed`,
    );
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }

  const scale = jobs === TARGET_JOBS ? '' : ` (target is for ${fmt.int(TARGET_JOBS)})`;
  const seconds = epoch.ms / 1000;
  return {
    raw: { jobs, epoch, bullmq: bull },
    rows: [
      {
        scenario: 'create',
        figure: `${fmt.int(jobs)} jobs by bulk: time`,
        epoch: `${fmt.s(epoch.ms)} (${fmt.int(jobs / seconds)}/s)`,
        bullmq: `${fmt.s(bull.ms)} (${fmt.int(jobs / (bull.ms / 1000))}/s)`,
        target: `≤ ${CREATE_SECONDS_TARGET} s per 1M and ≤ BullMQ${scale}`,
        met:
          epoch.notOk === 0 && (jobs / seconds) * CREATE_SECONDS_TARGET >= TARGET_JOBS && epoch.ms <= bull.ms,
      },
      {
        scenario: 'create',
        figure: 'items refused / not ok',
        epoch: fmt.int(epoch.notOk),
        bullmq: fmt.int(jobs - bull.delayed),
        target: '0',
        met: epoch.notOk === 0,
      },
      {
        scenario: 'create',
        figure: 'store bytes per pending job',
        epoch: `${fmt.num(epoch.bytesPerJob)} B (ZK data size)`,
        bullmq: `${fmt.num(bull.redisBytesPerJob)} B (Redis used_memory)`,
        target: '≤ 250 B',
        met: epoch.bytesPerJob <= 250,
      },
      {
        scenario: 'create',
        figure: 'znodes per 100 pending jobs',
        epoch: fmt.num(epoch.znodesPer100, 3),
        bullmq: '–',
        target: '≤ 1',
        met: epoch.znodesPer100 <= 1,
      },
      {
        scenario: 'create',
        figure: 'leader RSS with all pending (peak)',
        epoch: `${fmt.mib(epoch.leaderRss)} (${fmt.mib(epoch.leaderPeakRss)})`,
        bullmq: `${fmt.mib(bull.redisRss)} (redis-server)`,
        target: `≤ 600 MiB${scale}`,
        met: epoch.leaderPeakRss <= 600 * 1024 * 1024,
      },
    ],
  };
}
