/**
 * Next-fire-time throughput of the Quartz cron engine, single thread.
 * Run: npx tsx test/bench/cron-bench.ts
 *
 * Each case parses once, then computes the next fire time after a rotating set of start instants
 * spread over 2024-2030 (so each call does a real search, not a cached answer).
 */
import { nextFireAfter, parseQuartzCron } from '../../shared/src/cron/index.js';

interface Case {
  group: 'typical' | 'L / W / #';
  expression: string;
  timeZone: string;
}

const CASES: Case[] = [
  { group: 'typical', expression: '0 */5 * * * ?', timeZone: 'Europe/Berlin' },
  { group: 'typical', expression: '0 0 12 ? * MON-FRI', timeZone: 'Europe/Berlin' },
  { group: 'typical', expression: '0 0/15 9-17 ? * MON-FRI', timeZone: 'America/New_York' },
  { group: 'typical', expression: '0 30 2 * * ?', timeZone: 'America/New_York' },
  { group: 'typical', expression: '0 0 0 1 * ?', timeZone: 'UTC' },
  { group: 'typical', expression: '*/10 * * * * ?', timeZone: 'Asia/Kolkata' },
  { group: 'L / W / #', expression: '0 0 12 L * ?', timeZone: 'Europe/Berlin' },
  { group: 'L / W / #', expression: '0 0 12 LW * ?', timeZone: 'Europe/Berlin' },
  { group: 'L / W / #', expression: '0 0 12 15W * ?', timeZone: 'America/New_York' },
  { group: 'L / W / #', expression: '0 0 12 L-3 * ?', timeZone: 'Australia/Lord_Howe' },
  { group: 'L / W / #', expression: '0 0 12 ? * 6L', timeZone: 'Europe/London' },
  { group: 'L / W / #', expression: '0 0 12 ? * 2#3', timeZone: 'America/Santiago' },
];

const WARM_UP_MS = 500;
const MEASURE_MS = 2000;
const BATCH = 1000;

/** Deterministic start instants, whole and fractional seconds, spread over 2024-2030. */
function startInstants(count: number): number[] {
  const from = Date.UTC(2024, 0, 1);
  const span = Date.UTC(2030, 11, 31) - from;
  let seed = 42;
  return Array.from({ length: count }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return from + Math.floor((seed / 2_147_483_648) * span);
  });
}

function run(testCase: Case, starts: number[], durationMs: number): { ops: number; elapsedMs: number } {
  const cron = parseQuartzCron(testCase.expression);
  let ops = 0;
  let sink = 0;
  const begin = performance.now();
  let elapsed = 0;
  while (elapsed < durationMs) {
    for (let i = 0; i < BATCH; i++) {
      sink += nextFireAfter(cron, testCase.timeZone, starts[(ops + i) % starts.length] ?? 0) ?? 0;
    }
    ops += BATCH;
    elapsed = performance.now() - begin;
  }
  if (sink === 0) throw new Error('no fire times computed');
  return { ops, elapsedMs: elapsed };
}

const starts = startInstants(4096);
const rows: { group: string; expression: string; timeZone: string; perSecond: number }[] = [];
for (const testCase of CASES) {
  run(testCase, starts, WARM_UP_MS);
  const { ops, elapsedMs } = run(testCase, starts, MEASURE_MS);
  rows.push({ ...testCase, perSecond: (ops / elapsedMs) * 1000 });
}

const format = (n: number): string => Math.round(n).toLocaleString('en-US');
const width = Math.max(...rows.map((r) => r.expression.length), 'expression'.length);
const zoneWidth = Math.max(...rows.map((r) => r.timeZone.length), 'time zone'.length);
console.log(
  `${'group'.padEnd(10)}  ${'expression'.padEnd(width)}  ${'time zone'.padEnd(zoneWidth)}  next-fire/s`,
);
for (const row of rows) {
  console.log(
    `${row.group.padEnd(10)}  ${row.expression.padEnd(width)}  ${row.timeZone.padEnd(zoneWidth)}  ${format(row.perSecond).padStart(11)}`,
  );
}
for (const group of ['typical', 'L / W / #']) {
  const rates = rows.filter((r) => r.group === group).map((r) => r.perSecond);
  const harmonicMean = rates.length / rates.reduce((sum, rate) => sum + 1 / rate, 0);
  console.log(
    `${group}: ${format(harmonicMean)} next-fire/s (harmonic mean), slowest ${format(Math.min(...rates))}`,
  );
}
