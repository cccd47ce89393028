// sustained: --rate jobs due each second (evenly spaced) for --sustained-seconds, all created beforehand →
// fire lag (arrival at the sink minus trigger_ms) p50 / p99, Epoch against BullMQ on the same pattern.
import { steadySet } from '../bench-jobs.js';
import type { JobsBenchContext } from '../context.js';
import { bullRound, epochRound } from '../fire-round.js';
import type { FiringStackHolder } from '../firing-stack.js';
import { fmt, type ScenarioResult } from '../report.js';
import { report, strip } from './burst.js';

const P99_TARGET_MS = 100;
const TARGET_SECONDS = 300;
/** Creation before the first is due: bulk creates run at several thousand a second on either system. */
const leadMs = (jobs: number) => 10_000 + jobs / 2;
const DEADLINE_AFTER_MS = 120_000;

export async function sustained(
  context: JobsBenchContext,
  firing: FiringStackHolder,
): Promise<ScenarioResult> {
  const { rate, sustainedSeconds: seconds } = context.options;
  const jobs = rate * seconds;
  const { stack } = await firing.get();
  const leader = stack.servers[0]!;
  console.log(`sustained: ${fmt.int(rate)} jobs/s due for ${seconds} s (${fmt.int(jobs)} jobs)`);

  const epochFrom = Date.now() + leadMs(jobs);
  const cpuBefore = await leader.cpuMs();
  const epoch = await epochRound(
    context,
    leader.url,
    steadySet('s', rate, seconds, epochFrom),
    epochFrom + seconds * 1000 + DEADLINE_AFTER_MS,
  );
  const epochCpuMs = (await leader.cpuMs()) - cpuBefore;
  (await firing.get()).fired += jobs;
  report('Epoch', epoch, epochFrom);

  const bullFrom = Date.now() + leadMs(jobs);
  const bull = await bullRound(
    context,
    'sustained',
    steadySet('s', rate, seconds, bullFrom),
    bullFrom + seconds * 1000 + DEADLINE_AFTER_MS,
  );
  report('BullMQ', bull, bullFrom);

  const scale = seconds === TARGET_SECONDS ? '' : ` (target is for ${TARGET_SECONDS} s)`;
  return {
    raw: {
      rate,
      seconds,
      epoch: { ...strip(epoch), from: epochFrom, leaderCpuMs: epochCpuMs },
      bullmq: { ...strip(bull), from: bullFrom },
    },
    rows: [
      {
        scenario: 'sustained',
        figure: `${fmt.int(rate)}/s for ${seconds} s: fire lag p50`,
        epoch: fmt.ms(epoch.lag.p50),
        bullmq: fmt.ms(bull.lag.p50),
        target: '',
        met: null,
      },
      {
        scenario: 'sustained',
        figure: 'fire lag p99 (max)',
        epoch: `${fmt.ms(epoch.lag.p99)} (${fmt.ms(epoch.lag.max)})`,
        bullmq: `${fmt.ms(bull.lag.p99)} (${fmt.ms(bull.lag.max)})`,
        target: `≤ ${P99_TARGET_MS} ms${scale}`,
        met: epoch.count.lost === 0 && epoch.lag.p99 <= P99_TARGET_MS,
      },
      {
        scenario: 'sustained',
        figure: 'lost / duplicated',
        epoch: `${fmt.int(epoch.count.lost)} / ${fmt.int(epoch.count.duplicates)}`,
        bullmq: `${fmt.int(bull.count.lost)} / ${fmt.int(bull.count.duplicates)}`,
        target: '0 / 0',
        met: epoch.count.lost === 0 && epoch.count.duplicates === 0,
      },
    ],
  };
}
