// sustained: --rates runs/s steps, each --every seconds per topology (staggered) for --step-seconds, stopping at
// the first step that misses (p99 lag over 1 s, a fire missing or doubled, runs not durable).
import { accountDeliveries, fireCounts, periodicFires } from '../../../harness/fire-accounting.js';
import type { BenchContext } from '../context.js';
import { describeWindow, startMonitor } from '../monitor.js';
import type { SustainedResult, SustainedStep } from '../report.js';
import { checkRuns, creationRate, explainMissing, untilTime, waitFor, withStack } from '../stack.js';
import { count, describeFires, lagStats } from '../stats.js';
import { createTopologies, cron, describeCreation, httpTopology } from '../topologies.js';
import { describeVerification } from '../zookeeper-probe.js';

export async function sustained(context: BenchContext): Promise<SustainedResult> {
  const { every, rates, stepSeconds } = context.options;
  if (60 % every !== 0) throw new Error('--every must divide 60');
  const steps: SustainedStep[] = [];
  for (const rate of rates) {
    console.log(
      `\n## sustained: ${count(rate)} runs/s (${count(rate * every)} topologies every ${every} s, staggered), ${stepSeconds} s`,
    );
    let step: SustainedStep | null = null;
    for (let lead = 1; !step; lead *= 2) {
      if (lead > 4) throw new Error(`sustained ${rate}: creation kept overrunning the start`);
      step = await sustainedStep(context, rate, every, lead);
      if (!step) console.log('  creation overran the start; again with more lead');
    }
    steps.push(step);
    if (!step.passed) break;
  }
  const best = Math.max(0, ...steps.filter((step) => step.passed).map((step) => step.rate));
  console.log(
    `\n  highest sustained rate with p99 lag < 1 s, nothing missing, runs durable: ${count(best)} runs/s`,
  );
  return { every, steps, best };
}

/**
 * One rate. The topologies only fire from a start time set beforehand (a minute boundary; their cron's minute
 * field begins there), so none fire while they are being created: no backlog, and ZooKeeper holds only the
 * window's runs. Null when creation overran that start.
 */
async function sustainedStep(
  context: BenchContext,
  rate: number,
  every: number,
  leadFactor: number,
): Promise<SustainedStep | null> {
  const { sink } = context;
  const { concurrency, stepSeconds: seconds } = context.options;
  const topologies = rate * every;
  return withStack(context, `sustained-${rate}`, async (stack) => {
    const rate0 = await creationRate(context, stack.server.url);
    let start =
      Math.ceil((Date.now() + ((topologies / rate0) * 1.5 + 5) * 1000 * leadFactor) / 60_000) * 60_000;
    // Two rounds to warm up (first fires pay for creating nodes), then the window; all within start's hour.
    const from = () => start + 2 * every * 1000;
    const to = () => from() + seconds * 1000;
    if (new Date(to() + 15_000).getUTCHours() !== new Date(start).getUTCHours())
      start = Math.ceil((start + 1) / 3_600_000) * 3_600_000;
    if (to() + 15_000 - start > 3_600_000) throw new Error('--step-seconds must be under an hour');
    const minute = new Date(start).getUTCMinutes();
    const hour = new Date(start).getUTCHours();
    const specs = Array.from({ length: topologies }, (_, i) =>
      httpTopology(`sustained-${i}`, cron(`${i % every}/${every} ${minute}-59 ${hour} * * ?`), sink.url),
    );
    const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'sustained' });
    console.log(`  ${describeCreation(creation)}; firing from ${new Date(start).toISOString()}`);
    if (Date.now() > start - 1_000) return null;
    await untilTime(from() - 500);
    const monitor = await startMonitor(stack.server, { port: stack.zk.port, pid: stack.zkPid });
    await untilTime(to());
    const window = await monitor.stop();
    const expected = specs.flatMap((_, i) =>
      [...periodicFires((i % every) * 1000, every * 1000, from(), to())].map((fireTime) => ({
        topologyId: `sustained-${i}`,
        fireTime,
      })),
    );
    const wanted = new Set(expected.map((fire) => `${fire.topologyId}@${fire.fireTime}`));
    await waitFor(
      () => sink.arrivals.filter((a) => wanted.has(`${a.topologyId}@${a.fireTime}`)).length >= wanted.size,
      Date.now() + 10_000,
    );
    const accounting = accountDeliveries(expected, [...sink.arrivals]);
    const lag = lagStats(accounting.inWindow);
    console.log(`  ${describeFires(accounting, lag)}`);
    console.log(`  ${describeWindow(window)}`);
    const verification = await checkRuns(context, stack, accounting.inWindow, 'SUCCESSFUL', to());
    console.log(`  ${describeVerification(verification)}`);
    const passed =
      accounting.missing === 0 && accounting.duplicates === 0 && lag.p99 < 1000 && verification.ok;
    console.log(`  → ${passed ? 'PASS' : 'FAIL'}`);
    const fires = fireCounts(accounting);
    const missingRuns = await explainMissing(stack, accounting);
    return {
      rate,
      topologies,
      creation,
      fires,
      missingRuns,
      achievedPerSecond: accounting.arrived / seconds,
      lag,
      window,
      verification,
      passed,
    };
  });
}
