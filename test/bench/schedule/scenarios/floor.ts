// floor: no Epoch server, only its HTTP task runner; then not even that. The spread's per-second pattern
// (--topologies / 60 calls each second) and the --bursts, sent to the same sink: what the HTTP path and the
// sink cost on their own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { nextSecond } from '../../../harness/fire-accounting.js';
import type { Arrival } from '../../../harness/http-sink.js';
import type { BenchContext } from '../context.js';
import type { FloorResult } from '../report.js';
import { count, lagStats, ms, secs } from '../stats.js';

/** Spread-pattern seconds sent; the first two (connections opening) are not counted, as in the spread. */
const FLOOR_SECONDS = 22;
const FLOOR_WARM_UP = 2;

export async function floor(context: BenchContext): Promise<FloorResult> {
  const perSecond = Math.round(context.options.topologies / 60);
  console.log(
    `\n## floor: ${count(perSecond)} calls each second by the HTTP task runner alone, ${FLOOR_SECONDS} s`,
  );
  const spreadLag = await floorSpread(context, perSecond, 'runner');
  console.log(`  lag p50 ${ms(spreadLag.p50)} p99 ${ms(spreadLag.p99)} max ${ms(spreadLag.max)}`);
  const rawSpreadLag = await floorSpread(context, perSecond, 'raw');
  console.log(
    `  the same with requests written beforehand on open sockets (the sink alone): ` +
      `lag p50 ${ms(rawSpreadLag.p50)} p99 ${ms(rawSpreadLag.p99)} max ${ms(rawSpreadLag.max)}`,
  );
  const bursts: FloorResult['bursts'] = [];
  for (const size of context.options.bursts) {
    const fireTime = nextSecond(Date.now() + 3_000);
    const arrivals = await floorCalls(context, [{ fireTime, calls: size }]);
    const drainMs = Math.max(...arrivals.map((arrival) => arrival.at)) - fireTime;
    console.log(`  burst of ${count(size)} calls: drained in ${secs(drainMs)}`);
    bursts.push({ size, drainMs });
  }
  return { perSecond, spreadLag, rawSpreadLag, bursts };
}

/** The spread's pattern, `perSecond` calls each second for FLOOR_SECONDS, sent by the floor client. */
async function floorSpread(context: BenchContext, perSecond: number, mode: 'runner' | 'raw') {
  const first = nextSecond(Date.now() + 3_000);
  const rounds = Array.from({ length: FLOOR_SECONDS }, (_, i) => ({
    fireTime: first + i * 1000,
    calls: perSecond,
  }));
  const arrivals = await floorCalls(context, rounds, mode);
  return lagStats(arrivals.filter((arrival) => arrival.fireTime >= first + FLOOR_WARM_UP * 1000));
}

/** Runs the floor client for `rounds` and returns the sink's arrivals, all of them checked present. */
async function floorCalls(
  context: BenchContext,
  rounds: Array<{ fireTime: number; calls: number }>,
  mode: 'runner' | 'raw' = 'runner',
): Promise<Arrival[]> {
  const { sink, repoRoot } = context;
  sink.drain();
  const client = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'test/bench/schedule/http-floor-client.ts'),
      sink.url,
      JSON.stringify(rounds),
      mode,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const [code] = (await once(client, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the HTTP floor client exited with ${code}`);
  const arrivals = sink.drain();
  const expected = rounds.reduce((sum, round) => sum + round.calls, 0);
  if (arrivals.length !== expected)
    throw new Error(`the HTTP floor: ${arrivals.length} of ${expected} calls arrived`);
  return arrivals;
}
