// burst: --bursts AT topologies due in the same millisecond, each size --repeat times on a fresh stack.
import { accountDeliveries, fireCounts, nextSecond } from '../../../harness/fire-accounting.js';
import type { BenchContext } from '../context.js';
import { describeWindow, startMonitor } from '../monitor.js';
import type { BurstResult } from '../report.js';
import { checkRuns, creationRate, explainMissing, untilTime, waitFor, withStack } from '../stack.js';
import { count, describeFires, lagStats, secs } from '../stats.js';
import { at, createTopologies, describeCreation, httpTopology } from '../topologies.js';
import { describeVerification } from '../zookeeper-probe.js';

export async function burst(context: BenchContext): Promise<BurstResult[]> {
  const results: BurstResult[] = [];
  const { repeat } = context.options;
  for (const size of context.options.bursts) {
    // Run-to-run noise on a small machine is large: with --repeat, the run of median drain stands for the size.
    const runs: BurstResult[] = [];
    for (let run = 1; run <= repeat; run++) {
      console.log(
        `\n## burst: ${count(size)} AT topologies due in the same millisecond${repeat > 1 ? ` (run ${run} of ${repeat})` : ''}`,
      );
      runs.push(await burstRun(context, size));
    }
    const byDrain = [...runs].sort((a, b) => a.drainMs - b.drainMs);
    const median = byDrain[Math.floor((byDrain.length - 1) / 2)]!;
    results.push({ ...median, drainsMs: runs.map((run) => run.drainMs) });
  }
  return results;
}

async function burstRun(context: BenchContext, size: number): Promise<BurstResult> {
  let lead = 1;
  for (let attempt = 1; ; attempt++) {
    const result = await burstCase(context, size, lead);
    if (result) return result;
    if (attempt === 3) throw new Error(`burst ${size}: creation kept overrunning the fire time`);
    lead *= 2;
    console.log('  creation overran the fire time; again with more lead');
  }
}

/** Null when creating the topologies took longer than the lead it had (the fire time was set beforehand). */
async function burstCase(
  context: BenchContext,
  size: number,
  leadFactor: number,
): Promise<BurstResult | null> {
  const { sink } = context;
  const { concurrency } = context.options;
  return withStack(context, `burst-${size}`, async (stack) => {
    // The fire time is set beforehand, from the creation rate of a warm-up.
    const rate = await creationRate(context, stack.server.url);
    const fireTime = nextSecond(Date.now() + ((size / rate) * 1.5 + 5) * 1000 * leadFactor);
    const specs = Array.from({ length: size }, (_, i) => httpTopology(`burst-${i}`, at(fireTime), sink.url));
    const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'burst' });
    console.log(`  ${describeCreation(creation)}; fire at ${new Date(fireTime).toISOString()}`);
    if (Date.now() > fireTime - 1_000) return null;
    await untilTime(fireTime - 500);
    const monitor = await startMonitor(stack.server, { port: stack.zk.port, pid: stack.zkPid });
    // Generous: a slow drain is a figure to report, not a failure to abort on.
    await waitFor(() => sink.arrivals.length >= size, fireTime + Math.max(60_000, size * 10));
    const window = await monitor.stop();
    const arrivals = [...sink.arrivals];
    const accounting = accountDeliveries(
      specs.map((_, i) => ({ topologyId: `burst-${i}`, fireTime })),
      arrivals,
    );
    const lag = lagStats(accounting.inWindow);
    const drainMs = Math.max(...accounting.inWindow.map((arrival) => arrival.at)) - fireTime;
    console.log(`  drained in ${secs(drainMs)}; ${describeFires(accounting, lag)}`);
    console.log(`  ${describeWindow(window)}`);
    const verification = await checkRuns(context, stack, accounting.inWindow, 'COMPLETED', fireTime);
    console.log(`  ${describeVerification(verification)}`);
    const fires = fireCounts(accounting);
    const missingRuns = await explainMissing(stack, accounting);
    return { size, creation, fires, missingRuns, drainMs, drainsMs: [drainMs], lag, window, verification };
  });
}
