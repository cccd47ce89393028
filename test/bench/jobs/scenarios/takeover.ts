// takeover: ZooKeeper and a new leader with --jobs pending (issue 22 item 7's limits, measured). On a two-server
// cluster the jobs are created far in the future; then ZooKeeper's live heap after a full GC, before and after;
// the leader SIGKILLed and the standby timed until it leads, until it accepts a create (its index of every
// pending job loaded) and against its own log of the load; last, with both servers stopped, ZooKeeper restarted
// twice: the first start replays the transaction log and writes a snapshot, the second loads that snapshot.
// Epoch only: BullMQ has no leader to hand over and Redis no snapshot of this kind.
import { setTimeout as sleep } from 'node:timers/promises';
import { spreadSet } from '../bench-jobs.js';
import type { JobsBenchContext } from '../context.js';
import { createJobs, scrapeMetric } from '../epoch-jobs-client.js';
import { startEpochStack } from '../epoch-stack.js';
import { fmt, type Row, type ScenarioResult } from '../report.js';
import { heapAfterFullGc } from '../zk-heap.js';
import { logSize, newestSnapshotBytes, startTimings, type ZkStartTimings } from '../zk-restart-timings.js';
import { leaderLoadLine, untilCreateAccepted, untilLeads } from '../standby-watch.js';
import type { EpochProcess } from '../../../harness/epoch-process.js';

const HOUR = 3_600_000;
const TAKEOVER_DEADLINE_MS = 600_000;

export async function takeover(context: JobsBenchContext): Promise<ScenarioResult> {
  const { jobs, createParallel, sessionTimeoutMs } = context.options;
  const now = Date.now();
  const set = spreadSet('t', jobs, now + HOUR, now + 25 * HOUR);
  console.log(`takeover: ${fmt.int(jobs)} pending on two servers, then the leader killed`);
  const stack = await startEpochStack(context, 'takeover', {
    servers: 2,
    env: { ZK_SESSION_TIMEOUT_MS: String(sessionTimeoutMs) },
    // The standby's 'pending jobs loaded' line is at info.
    logLevel: 'info',
  });
  try {
    const [leader, standby] = stack.servers as [EpochProcess, EpochProcess];
    const zkPid = stack.zk.pid!;
    const heapBefore = await heapAfterFullGc(zkPid);
    const created = await createJobs(leader.url, set, createParallel);
    if (created.notOk) throw new Error(`${created.notOk} jobs not created, e.g. ${created.example}`);
    const heapAfter = await heapAfterFullGc(zkPid);
    console.log(
      `  created in ${fmt.s(created.ms)}; ZooKeeper heap after a full GC ${fmt.mib(heapBefore)} → ${fmt.mib(heapAfter)}`,
    );

    await leader.kill();
    const killedAt = performance.now();
    const deadline = Date.now() + TAKEOVER_DEADLINE_MS;
    const leadsMs = (await untilLeads(standby, deadline)) - killedAt;
    const acceptsMs = (await untilCreateAccepted(standby.url, deadline)) - killedAt;
    const pending = await scrapeMetric(standby.url, 'epoch_jobs_pending');
    const load = await leaderLoadLine(standby.logPath);
    const standbyMemory = await standby.memory();
    console.log(
      `  standby leads ${fmt.ms(leadsMs)} after the kill (session timeout ${fmt.ms(sessionTimeoutMs)}), accepts ` +
        `a create after ${fmt.ms(acceptsMs)}; its log: ${fmt.int(load.jobs)} jobs loaded in ${fmt.ms(load.ms)}; ` +
        `epoch_jobs_pending ${fmt.int(pending)}; RSS ${fmt.mib(standbyMemory.rss)}`,
    );

    await standby.stop();
    const restarts: Array<ZkStartTimings & { restartMs: number }> = [];
    for (let start = 0; start < 2; start++) {
      const from = await logSize(stack.zk.logPath);
      const started = performance.now();
      await stack.zk.restart();
      restarts.push({
        restartMs: performance.now() - started,
        ...(await startTimings(stack.zk.logPath, from)),
      });
      // Let the start's snapshot finish writing before the next stop.
      await sleep(2_000);
    }
    const snapshotBytes = await newestSnapshotBytes(stack.dataDir);
    const [replay, reload] = restarts as [(typeof restarts)[0], (typeof restarts)[0]];
    console.log(
      `  ZooKeeper restarted: ${fmt.int(replay.txns)} txns replayed in ${fmt.ms(replay.txnReplayMs)}, snapshot ` +
        `(${fmt.mib(snapshotBytes)}) written in ${fmt.ms(replay.snapshotWriteMs)}; next start loaded it in ` +
        `${fmt.ms(reload.snapshotLoadMs)}, serving after ${fmt.ms(reload.restartMs)}`,
    );

    const raw = {
      jobs,
      createMs: created.ms,
      zkHeap: { before: heapBefore, after: heapAfter, perJob: (heapAfter - heapBefore) / jobs },
      takeover: { sessionTimeoutMs, leadsMs, acceptsMs, pending, load, standbyRss: standbyMemory.rss },
      zkRestarts: restarts,
      snapshotBytes,
    };
    return { raw, rows: rows(raw) };
  } finally {
    await stack.stop();
  }
}

interface Raw {
  jobs: number;
  zkHeap: { before: number; after: number; perJob: number };
  takeover: { sessionTimeoutMs: number; leadsMs: number; acceptsMs: number; pending: number };
  zkRestarts: Array<ZkStartTimings & { restartMs: number }>;
  snapshotBytes: number;
}

function rows({ jobs, zkHeap, takeover, zkRestarts, snapshotBytes }: Raw): Row[] {
  const [replay, reload] = zkRestarts as [(typeof zkRestarts)[0], (typeof zkRestarts)[0]];
  const row = (figure: string, epoch: string, met: boolean | null = null, target = '–'): Row => ({
    scenario: 'takeover',
    figure,
    epoch,
    bullmq: '–',
    target,
    met,
  });
  return [
    row(
      `ZooKeeper heap after full GC, ${fmt.int(jobs)} pending`,
      `${fmt.mib(zkHeap.after)} (+${fmt.num(zkHeap.perJob)} B a job)`,
    ),
    row(
      'kill → standby leads → accepts a create',
      `${fmt.s(takeover.leadsMs)} → ${fmt.s(takeover.acceptsMs)} (session timeout ${fmt.s(takeover.sessionTimeoutMs)})`,
    ),
    // The probe create adds one to what was pending.
    row(
      'pending on the new leader',
      fmt.int(takeover.pending),
      takeover.pending === jobs + 1,
      fmt.int(jobs + 1),
    ),
    row('ZooKeeper snapshot size', fmt.mib(snapshotBytes)),
    row(
      'ZooKeeper start: txn log replay, snapshot write',
      `${fmt.ms(replay.txnReplayMs)} (${fmt.int(replay.txns)} txns), ${fmt.ms(replay.snapshotWriteMs)}`,
    ),
    row(
      'ZooKeeper start from the snapshot: load, serving after',
      `${fmt.ms(reload.snapshotLoadMs)}, ${fmt.ms(reload.restartMs)}`,
    ),
  ];
}
