// spread: --topologies, each firing every minute at second i % 60, measured for --minutes.
import {
  accountDeliveries,
  fireCounts,
  nextSecond,
  periodicFires,
} from '../../../harness/fire-accounting.js';
import type { BenchContext } from '../context.js';
import { describeWindow, startMonitor } from '../monitor.js';
import type { SpreadResult } from '../report.js';
import { checkRuns, explainMissing, untilTime, waitFor, withStack } from '../stack.js';
import { count, describeFires, lagStats } from '../stats.js';
import { createTopologies, cron, describeCreation, httpTopology } from '../topologies.js';
import { describeVerification } from '../zookeeper-probe.js';

export async function spread(context: BenchContext): Promise<SpreadResult> {
  const { options, sink } = context;
  const { topologies, minutes, concurrency } = options;
  console.log(
    `\n## spread: ${count(topologies)} topologies, each every minute at second i % 60, ${minutes} min`,
  );
  return withStack(context, 'spread', async (stack) => {
    const specs = Array.from({ length: topologies }, (_, i) =>
      httpTopology(`spread-${i}`, cron(`${i % 60} * * * * ?`), sink.url),
    );
    const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'spread' });
    console.log(`  ${describeCreation(creation)}`);
    const from = nextSecond(Date.now() + 5_000);
    const to = from + minutes * 60_000;
    console.log(`  measuring ${new Date(from).toISOString()} → ${new Date(to).toISOString()}`);
    await untilTime(from);
    const monitor = await startMonitor(stack.server, { port: stack.zk.port, pid: stack.zkPid });
    await untilTime(to);
    const window = await monitor.stop();
    const expectedFires = specs.flatMap((_, i) =>
      [...periodicFires((i % 60) * 1000, 60_000, from, to)].map((fireTime) => ({
        topologyId: `spread-${i}`,
        fireTime,
      })),
    );
    const wanted = new Set(expectedFires.map((fire) => `${fire.topologyId}@${fire.fireTime}`));
    await waitFor(
      () => sink.arrivals.filter((a) => wanted.has(`${a.topologyId}@${a.fireTime}`)).length >= wanted.size,
      Date.now() + 15_000,
    );
    const arrivals = [...sink.arrivals];
    const accounting = accountDeliveries(expectedFires, arrivals);
    const lag = lagStats(accounting.inWindow);
    console.log(`  ${describeFires(accounting, lag)}`);
    console.log(`  ${describeWindow(window)}`);
    const verification = await checkRuns(context, stack, accounting.inWindow, 'SUCCESSFUL', to);
    console.log(`  ${describeVerification(verification)}`);
    const fires = fireCounts(accounting);
    const missingRuns = await explainMissing(stack, accounting);
    return {
      topologies,
      minutes,
      creation,
      fires,
      missingRuns,
      lag,
      window,
      verification,
    };
  });
}
