// burst: 20,000 jobs due in the same millisecond → time from that instant until every one reached the sink,
// Epoch's leader against a BullMQ worker process (concurrency --worker-concurrency) on the same sink.
import { burstSet } from '../bench-jobs.js';
import type { JobsBenchContext } from '../context.js';
import { epochRound, bullRound, type RoundResult } from '../fire-round.js';
import type { FiringStackHolder } from '../firing-stack.js';
import { fmt, type ScenarioResult } from '../report.js';

/** Time to create the burst before it is due: 20,000 take a few seconds on either system. */
export const leadMs = (jobs: number) => 10_000 + jobs / 2;
const DRAIN_DEADLINE_MS = 180_000;

export const drainMs = (round: RoundResult, at: number) => round.count.lastFirstArrival - at;

export async function burst(context: JobsBenchContext, firing: FiringStackHolder): Promise<ScenarioResult> {
  const { burst: jobs, workerConcurrency } = context.options;
  const { stack } = await firing.get();
  const leader = stack.servers[0]!;
  console.log(`burst: ${fmt.int(jobs)} jobs due in the same millisecond`);

  const epochAt = Date.now() + leadMs(jobs);
  const cpuBefore = await leader.cpuMs();
  const epoch = await epochRound(
    context,
    leader.url,
    burstSet('b', jobs, epochAt),
    epochAt + DRAIN_DEADLINE_MS,
  );
  const epochCpuMs = (await leader.cpuMs()) - cpuBefore;
  (await firing.get()).fired += jobs;
  report('Epoch', epoch, epochAt);

  const bullAt = Date.now() + leadMs(jobs);
  const bull = await bullRound(context, 'burst', burstSet('b', jobs, bullAt), bullAt + DRAIN_DEADLINE_MS);
  report('BullMQ', bull, bullAt);

  const epochDrain = drainMs(epoch, epochAt);
  const bullDrain = drainMs(bull, bullAt);
  return {
    raw: {
      jobs,
      workerConcurrency,
      epoch: { ...strip(epoch), at: epochAt, drainMs: epochDrain, leaderCpuMs: epochCpuMs },
      bullmq: { ...strip(bull), at: bullAt, drainMs: bullDrain },
    },
    rows: [
      {
        scenario: 'burst',
        figure: `${fmt.int(jobs)} due at once: all delivered after`,
        epoch: fmt.ms(epochDrain),
        bullmq: `${fmt.ms(bullDrain)} (concurrency ${workerConcurrency})`,
        target: '≤ BullMQ',
        met: epoch.count.lost === 0 && epochDrain <= bullDrain,
      },
      {
        scenario: 'burst',
        figure: 'lost / duplicated',
        epoch: `${fmt.int(epoch.count.lost)} / ${fmt.int(epoch.count.duplicates)}`,
        bullmq: `${fmt.int(bull.count.lost)} / ${fmt.int(bull.count.duplicates)}`,
        target: '0 / 0',
        met: epoch.count.lost === 0 && epoch.count.duplicates === 0,
      },
    ],
  };
}

export function report(system: string, round: RoundResult, at: number): void {
  const late =
    round.createdAt > at ? `; CREATION ENDED ${fmt.ms(round.createdAt - at)} AFTER THE TRIGGER` : '';
  console.log(
    `  ${system}: created in ${fmt.s(round.createMs)}${late}; arrived ${fmt.int(round.count.arrived)}, ` +
      `lost ${fmt.int(round.count.lost)}, duplicates ${fmt.int(round.count.duplicates)}, ` +
      `last first arrival ${fmt.ms(round.count.lastFirstArrival - at)} after the trigger; ` +
      `lag p50 ${fmt.ms(round.lag.p50)} p99 ${fmt.ms(round.lag.p99)} max ${fmt.ms(round.lag.max)}`,
  );
}

/** A round without its arrivals (too many for the JSON file). */
export function strip<T extends RoundResult>(round: T): Omit<T, 'arrivals'> {
  const { arrivals: _arrivals, ...rest } = round;
  return rest;
}
