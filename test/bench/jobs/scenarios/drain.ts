// drain: --jobs jobs fired on the firing stack, due evenly over jobs / --drain-rate seconds, so that cleanup
// afterwards measures ZooKeeper's return to its start after the full million, not a burst's worth. Epoch only:
// BullMQ's cleanup figure is Redis's memory after its own rounds.
import { spreadSet } from '../bench-jobs.js';
import type { JobsBenchContext } from '../context.js';
import { epochRound } from '../fire-round.js';
import type { FiringStackHolder } from '../firing-stack.js';
import { fmt, type ScenarioResult } from '../report.js';
import { report, strip } from './burst.js';

/** Creating takes about 12 s a million; it must end before the first job is due. */
const leadMs = (jobs: number) => 15_000 + jobs / 40;
const DEADLINE_SLACK_MS = 600_000;

export async function drain(context: JobsBenchContext, firing: FiringStackHolder): Promise<ScenarioResult> {
  const { jobs, drainRate } = context.options;
  const held = await firing.get();
  const leader = held.stack.servers[0]!;
  const from = Date.now() + leadMs(jobs);
  const to = from + (jobs / drainRate) * 1000;
  console.log(`drain: ${fmt.int(jobs)} jobs due over ${fmt.s(to - from)} (${fmt.int(drainRate)}/s)`);
  const round = await epochRound(context, leader.url, spreadSet('d', jobs, from, to), to + DEADLINE_SLACK_MS);
  held.fired += jobs;
  report('Epoch', round, from);
  const memory = await leader.memory();
  const complete = round.count.lost === 0 && round.count.duplicates === 0;
  return {
    raw: {
      jobs,
      drainRate,
      from,
      to,
      epoch: strip(round),
      leaderRss: memory.rss,
      leaderPeakRss: memory.peak,
    },
    rows: [
      {
        scenario: 'drain',
        figure: `${fmt.int(jobs)} due at ${fmt.int(drainRate)}/s: lost / duplicated`,
        epoch: `${fmt.int(round.count.lost)} / ${fmt.int(round.count.duplicates)}`,
        bullmq: '–',
        target: '0 / 0',
        met: complete,
      },
      {
        scenario: 'drain',
        figure: 'fire lag p50 / p99 / max',
        epoch: `${fmt.ms(round.lag.p50)} / ${fmt.ms(round.lag.p99)} / ${fmt.ms(round.lag.max)}`,
        bullmq: '–',
        target: '–',
        met: null,
      },
      {
        scenario: 'drain',
        figure: 'leader RSS (peak)',
        epoch: `${fmt.mib(memory.rss)} (${fmt.mib(memory.peak)})`,
        bullmq: '–',
        target: '–',
        met: null,
      },
    ],
  };
}
