// failover: a burst on a two-server Epoch cluster, the leader SIGKILLed once a quarter of it has arrived; the
// standby takes over when the dead leader's ZooKeeper session expires (--session-timeout-ms). 0 lost, and
// every duplicate a counted re-send: the new leader's epoch_jobs_resent_total, and each duplicated job's
// delivery record marked `resent`. BullMQ: its worker process SIGKILLed at the same point, another started.
import { burstSet } from '../bench-jobs.js';
import type { JobsBenchContext } from '../context.js';
import { COLLECTION, DATABASE, scrapeMetric } from '../epoch-jobs-client.js';
import { startEpochStack } from '../epoch-stack.js';
import { bullRound, epochRound } from '../fire-round.js';
import { inParallel } from '../in-parallel.js';
import { fmt, type ScenarioResult } from '../report.js';
import { drainMs, leadMs, report, strip } from './burst.js';

const DEADLINE_MS = 240_000;
const RECORD_CHECKS_MAX = 2_000;

export async function failover(context: JobsBenchContext): Promise<ScenarioResult> {
  const { burst: jobs, sessionTimeoutMs } = context.options;
  const killAt = Math.floor(jobs / 4);
  console.log(`failover: ${fmt.int(jobs)} due at once, the leader killed after ${fmt.int(killAt)} arrived`);
  const stack = await startEpochStack(context, 'failover', {
    servers: 2,
    // Records must outlive the check of every duplicate below.
    env: { ZK_SESSION_TIMEOUT_MS: String(sessionTimeoutMs), EPOCH_JOB_RECORDS_KEEP: '1h' },
  });
  let epoch;
  try {
    const [leader, standby] = stack.servers as [(typeof stack.servers)[0], (typeof stack.servers)[0]];
    const at = Date.now() + leadMs(jobs);
    let killedAt = NaN;
    let killedAtKeys = NaN;
    const round = await epochRound(context, leader.url, burstSet('f', jobs, at), at + DEADLINE_MS, {
      during: async (arrived) => {
        if (arrived < killAt) return false;
        killedAtKeys = arrived;
        await leader.kill();
        killedAt = Date.now();
        return true;
      },
    });
    report('Epoch', round, at);
    const resent = await scrapeMetric(standby.url, 'epoch_jobs_resent_total');
    const duplicated = duplicatedKeys(round.arrivals);
    const unmarked = await duplicatesNotMarkedResent(standby.url, duplicated.slice(0, RECORD_CHECKS_MAX));
    epoch = {
      ...strip(round),
      at,
      killedAt,
      killedAtKeys,
      drainMs: drainMs(round, at),
      resentMetric: resent,
      duplicatedKeys: duplicated.length,
      duplicatesNotMarkedResent: unmarked,
    };
    console.log(
      `  Epoch: leader killed ${fmt.ms(killedAt - at)} after the trigger with ${fmt.int(killedAtKeys)} arrived; ` +
        `new leader's epoch_jobs_resent_total ${fmt.int(resent)}; duplicated keys ${fmt.int(duplicated.length)}, ` +
        `of which ${fmt.int(unmarked.notResent)} not marked resent, ${fmt.int(unmarked.noRecord)} without a record`,
    );
  } finally {
    await stack.stop();
  }

  const bullAt = Date.now() + leadMs(jobs);
  const bullRoundResult = await bullRound(
    context,
    'failover',
    burstSet('f', jobs, bullAt),
    bullAt + DEADLINE_MS,
    {
      killWorkerAt: killAt,
    },
  );
  report('BullMQ', bullRoundResult, bullAt);
  const bull = { ...strip(bullRoundResult), at: bullAt, drainMs: drainMs(bullRoundResult, bullAt) };

  const everyDuplicateCounted =
    epoch.count.duplicates <= epoch.resentMetric &&
    epoch.duplicatesNotMarkedResent.notResent === 0 &&
    epoch.duplicatesNotMarkedResent.noRecord === 0;
  return {
    raw: { jobs, killAt, sessionTimeoutMs, epoch, bullmq: bull },
    rows: [
      {
        scenario: 'failover',
        figure: `${fmt.int(jobs)} burst, leader/worker killed: lost`,
        epoch: fmt.int(epoch.count.lost),
        bullmq: fmt.int(bull.count.lost),
        target: '0',
        met: epoch.count.lost === 0 && epoch.complete,
      },
      {
        scenario: 'failover',
        figure: 'duplicates / counted re-sends',
        epoch: `${fmt.int(epoch.count.duplicates)} / ${fmt.int(epoch.resentMetric)}`,
        bullmq: `${fmt.int(bull.count.duplicates)} / not counted`,
        target: 'every duplicate counted',
        met: everyDuplicateCounted,
      },
      {
        scenario: 'failover',
        figure: 'all delivered after (kill at)',
        epoch: `${fmt.ms(epoch.drainMs)} (${fmt.ms(epoch.killedAt - epoch.at)})`,
        bullmq: `${fmt.ms(bull.drainMs)} (${fmt.ms((bull.killedAt ?? NaN) - bull.at)})`,
        target: '',
        met: null,
      },
    ],
  };
}

function duplicatedKeys(arrivals: Array<{ key: string }>): string[] {
  const times = new Map<string, number>();
  for (const { key } of arrivals) times.set(key, (times.get(key) ?? 0) + 1);
  return [...times].filter(([, n]) => n > 1).map(([key]) => key);
}

/** Reads each duplicated job's delivery record from the new leader: was it recorded as a re-send? */
async function duplicatesNotMarkedResent(
  apiUrl: string,
  keys: string[],
): Promise<{ checked: number; notResent: number; noRecord: number; examples: string[] }> {
  const result = { checked: keys.length, notResent: 0, noRecord: 0, examples: [] as string[] };
  await inParallel(keys, 16, async (key) => {
    const id = key.slice(`${DATABASE}/${COLLECTION}/`.length);
    const response = await fetch(
      `${apiUrl}/apis/v1/jobs/${DATABASE}/${COLLECTION}/${encodeURIComponent(id)}`,
    );
    const body = (await response.json()) as { data?: { delivery?: { resent?: boolean } } };
    if (!response.ok || !body.data?.delivery) {
      result.noRecord++;
      if (result.examples.length < 5)
        result.examples.push(`${key}: ${response.status} ${JSON.stringify(body)}`);
    } else if (!body.data.delivery.resent) {
      result.notResent++;
      if (result.examples.length < 5) result.examples.push(`${key}: ${JSON.stringify(body.data)}`);
    }
  });
  return result;
}
