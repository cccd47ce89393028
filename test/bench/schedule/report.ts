// The final table: each figure next to the issue's target and the peers' figures (Quartz 2.3.2 in memory and
// BullMQ 6.7 on Redis, both measured on this machine), and the shapes of the scenarios' results.
import type { WindowReport } from './monitor.js';
import type { FireCounts } from '../../harness/fire-accounting.js';
import { count, mib, ms, secs, type LagStats } from './stats.js';
import type { CreateResult } from './topologies.js';
import type { Durability, TxnBreakdown } from './zookeeper-probe.js';

export interface SpreadResult {
  topologies: number;
  minutes: number;
  creation: CreateResult;
  fires: FireCounts;
  /** What ZooKeeper holds for a sample of the missing fires (none when nothing was missing). */
  missingRuns: string | null;
  lag: LagStats;
  window: WindowReport;
  verification: Durability;
}

export interface BurstResult {
  size: number;
  creation: CreateResult;
  fires: FireCounts;
  /** What ZooKeeper holds for a sample of the missing fires (none when nothing was missing). */
  missingRuns: string | null;
  /** The median of `drainsMs`: this result is the run it came from. */
  drainMs: number;
  /** Every run's drain time, in run order (one unless --repeat). */
  drainsMs: number[];
  lag: LagStats;
  window: WindowReport;
  verification: Durability;
}

export interface SustainedStep {
  rate: number;
  topologies: number;
  creation: CreateResult;
  fires: FireCounts;
  /** What ZooKeeper holds for a sample of the missing fires (none when nothing was missing). */
  missingRuns: string | null;
  achievedPerSecond: number;
  lag: LagStats;
  window: WindowReport;
  verification: Durability;
  passed: boolean;
}

export interface SustainedResult {
  every: number;
  steps: SustainedStep[];
  /** The highest rate whose every fire arrived with p99 lag under 1 s; 0 when none. */
  best: number;
}

export interface PerRun {
  runs: number;
  /** Transactions (each a fsync'd log entry; failed writes included) per run. */
  txns: number;
  /** Requests of any kind (reads, pings) per run. */
  requests: number;
  breakdown: TxnBreakdown;
  /** False when ZooKeeper was still writing at the measuring point (the round overran its slot). */
  quiet: boolean;
}

export interface ZkWritesResult {
  topologies: number;
  /** A topology's first fire under this leader (folders and schedule node created, caches cold). */
  firstFire: PerRun;
  /** Every later fire. */
  steady: PerRun;
}

export interface RssPoint {
  topologies: number;
  creation: CreateResult | null;
  rss: number;
  peak: number;
}

export interface RssResult {
  empty: number;
  points: RssPoint[];
  /** After a restart on the largest set: the leader loaded everything from ZooKeeper. */
  takeover: { topologies: number; seconds: number; rss: number; peak: number } | null;
  takeoverFailure: string | null;
}

export interface FloorResult {
  /** Calls sent at each whole second (the spread's pattern). */
  perSecond: number;
  spreadLag: LagStats;
  /** The same pattern as requests written beforehand on sockets opened beforehand: what the sink alone costs. */
  rawSpreadLag: LagStats;
  bursts: Array<{ size: number; drainMs: number }>;
}

export interface Results {
  'zk-writes'?: ZkWritesResult;
  spread?: SpreadResult;
  burst?: BurstResult[];
  sustained?: SustainedResult;
  rss?: RssResult;
  floor?: FloorResult;
}

/** " (min–max of N runs)" when there were several. */
function spreadOf(values: number[]): string {
  if (values.length < 2) return '';
  return ` (${secs(Math.min(...values))}–${secs(Math.max(...values))} of ${values.length} runs)`;
}

/** The sampled runs' states as read back from ZooKeeper, e.g. "SUCCESSFUL 500 of 500". */
function durable(verification: Durability): string {
  if (verification.error) return `unknown (${verification.error})`;
  const states = Object.entries(verification.states)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  const missing = verification.missing ? `, MISSING ${verification.missing}` : '';
  return `${states || 'none'}${missing} of ${verification.checked}`;
}

export function printTable(results: Results, durations: Record<string, number>, concurrency: number): void {
  const rows: string[][] = [];
  const row = (figure: string, epoch: string, target: string, quartz: string, bull: string, met?: boolean) =>
    rows.push([figure, epoch, target, met === undefined ? '' : met ? 'yes' : '**no**', quartz, bull]);
  const { spread, burst, sustained, rss } = results;
  if (spread) {
    const n = count(spread.topologies);
    row(`spread ${n}: fire lag p50`, ms(spread.lag.p50), '', '', '');
    row(`spread ${n}: fire lag p99`, ms(spread.lag.p99), '≤ 20 ms', '41 ms', '239 ms', spread.lag.p99 <= 20);
    row(`spread ${n}: fire lag max`, ms(spread.lag.max), '', '', '');
    row(
      `spread ${n}: missing / duplicate fires`,
      `${count(spread.fires.missing)} / ${count(spread.fires.duplicates)} of ${count(spread.fires.expected)}`,
      '0 / 0',
      '',
      '',
      spread.fires.missing === 0 && spread.fires.duplicates === 0,
    );
    row(
      `spread ${n}: sampled runs durable and SUCCESSFUL`,
      durable(spread.verification),
      'all',
      '(not durable)',
      '',
    );
  }
  const peers: Record<number, { target?: number; quartz: string; bull: string }> = {
    1000: { quartz: '0.42 s', bull: '0.53 s' },
    5000: { target: 1000, quartz: '1.54 s', bull: '1.13 s' },
    20000: { target: 2500, quartz: '', bull: '2.62 s' },
  };
  for (const result of burst ?? []) {
    const peer = peers[result.size] ?? { quartz: '', bull: '' };
    const complete = result.fires.missing === 0 && result.fires.duplicates === 0;
    row(
      `burst ${count(result.size)}: drain time${result.drainsMs.length > 1 ? ' (median)' : ''}`,
      `${secs(result.drainMs)}${spreadOf(result.drainsMs)}${complete ? '' : ` (missing ${result.fires.missing}, dup ${result.fires.duplicates})`}` +
        (result.missingRuns ? `; missing fires in ZooKeeper: ${result.missingRuns}` : ''),
      peer.target ? `≤ ${secs(peer.target)}` : '',
      peer.quartz,
      peer.bull,
      peer.target ? result.drainMs <= peer.target && complete : undefined,
    );
    if (!result.verification.ok)
      row(
        `burst ${count(result.size)}: sampled runs COMPLETED`,
        durable(result.verification),
        'all',
        '',
        '',
        false,
      );
  }
  if (sustained) {
    row(
      'sustained HTTP runs/s with p99 lag < 1 s',
      count(sustained.best),
      '≥ 2,500',
      '~5,500',
      '~2,000–2,500',
      sustained.best >= 2500,
    );
    const failed = sustained.steps.find((step) => !step.passed);
    if (failed) {
      row(
        `sustained: first failing step, ${count(failed.rate)}/s`,
        `p99 ${ms(failed.lag.p99)}, missing ${count(failed.fires.missing)}; runs: ${durable(failed.verification)}`,
        '',
        '',
        '',
      );
    }
  }
  const writes = results['zk-writes'];
  if (writes) {
    row(
      'ZooKeeper transactions per run (later / first fire)',
      `${writes.steady.txns.toFixed(2)} / ${writes.firstFire.txns.toFixed(2)}`,
      '',
      '(nothing durable)',
      '',
    );
  }
  for (const point of rss?.points ?? []) {
    const is100k = point.topologies === 100_000;
    row(
      `leader RSS, ${count(point.topologies)} topologies`,
      mib(point.rss),
      is100k ? '≤ 400 MB' : '',
      is100k ? '2.1 GiB' : '',
      '',
      is100k ? point.rss <= 400e6 : undefined,
    );
  }
  if (rss?.takeoverFailure) {
    row(
      'leader takeover with the largest set loaded',
      `**failed**: ${rss.takeoverFailure}`,
      'takes over',
      '',
      '',
      false,
    );
  }
  if (rss?.takeover) {
    const is100k = rss.takeover.topologies === 100_000;
    row(
      `leader RSS after takeover, ${count(rss.takeover.topologies)} loaded from ZooKeeper`,
      `${mib(rss.takeover.rss)} (loaded in ${rss.takeover.seconds.toFixed(1)} s)`,
      is100k ? '≤ 400 MB' : '',
      '',
      '',
      is100k ? rss.takeover.rss <= 400e6 : undefined,
    );
  }
  const { floor } = results;
  if (floor) {
    row(
      `HTTP floor (runner alone), ${count(floor.perSecond)} calls each second: lag p50 / p99 / max`,
      `${ms(floor.spreadLag.p50)} / ${ms(floor.spreadLag.p99)} / ${ms(floor.spreadLag.max)}`,
      '',
      '',
      '',
    );
    row(
      `HTTP floor (pre-written requests, open sockets), ${count(floor.perSecond)} each second: lag p50 / p99 / max`,
      `${ms(floor.rawSpreadLag.p50)} / ${ms(floor.rawSpreadLag.p99)} / ${ms(floor.rawSpreadLag.max)}`,
      '',
      '',
      '',
    );
    for (const { size, drainMs } of floor.bursts)
      row(`HTTP floor (runner alone), burst ${count(size)}: drain time`, secs(drainMs), '', '', '');
  }
  const header = ['figure', 'Epoch (durable)', 'target', 'met', 'Quartz 2.3.2 (in memory)', 'BullMQ 6.7'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((r) => (r[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log('\n## Results\n');
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const r of rows) console.log(line(r));
  const creations = [
    results.spread?.creation,
    ...(results.burst ?? []).map((b) => b.creation),
    ...(results.rss?.points ?? []).map((p) => p.creation),
  ].filter((c): c is CreateResult => !!c);
  if (creations.length) {
    const best = Math.max(...creations.map((c) => c.perSecond));
    const worst = Math.min(...creations.map((c) => c.perSecond));
    console.log(`\nREST topology creation (${concurrency} in flight): ${count(worst)}–${count(best)}/s`);
  }
  console.log(
    `Scenario times: ${Object.entries(durations)
      .map(([name, seconds]) => `${name} ${Math.round(seconds)} s`)
      .join(', ')}`,
  );
}
