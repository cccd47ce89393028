// zk-writes: ZooKeeper transactions (and requests) per HTTP run, for the first fire and for later ones.
import type { BenchContext } from '../context.js';
import type { PerRun, ZkWritesResult } from '../report.js';
import { checkRuns, untilTime, withStack } from '../stack.js';
import { count } from '../stats.js';
import { createTopologies, cron, describeCreation, httpTopology } from '../topologies.js';
import { describeVerification, txnBreakdown, zkCounters, type ZkCounters } from '../zookeeper-probe.js';

const ZK_ROUND_MS = 10_000;

/**
 * `--zk-runs` cron topologies all firing every 10 s. ZooKeeper's counters are read in the quiet gaps before
 * the first round, after it (first fires) and after the second (steady state); the transaction log says
 * what the transactions were.
 */
export async function zkWrites(context: BenchContext): Promise<ZkWritesResult> {
  const { sink } = context;
  const { zkRuns: topologies, concurrency } = context.options;
  console.log(
    `\n## zk-writes: ZooKeeper transactions per HTTP run (${count(topologies)} topologies every 10 s)`,
  );
  return withStack(context, 'zk-writes', async (stack) => {
    // Created just after a round, so that every topology exists before its first fire.
    await untilTime(Math.ceil(Date.now() / ZK_ROUND_MS) * ZK_ROUND_MS + 200);
    const specs = Array.from({ length: topologies }, (_, i) =>
      httpTopology(`zk-${i}`, cron('0/10 * * * * ?'), sink.url),
    );
    console.log(`  ${describeCreation(await createTopologies(stack.server.url, specs, { concurrency }))}`);
    const first = Math.ceil(Date.now() / ZK_ROUND_MS) * ZK_ROUND_MS;
    if (first - Date.now() < 1_000 || sink.arrivals.length > 0)
      throw new Error('zk-writes: creation overran a round; lower --zk-runs');
    const marks: Array<{ counters: ZkCounters; quiet: boolean }> = [];
    for (const round of [first, first + ZK_ROUND_MS, first + 2 * ZK_ROUND_MS]) {
      await untilTime(round - 800);
      const early = await zkCounters(stack.zk.port);
      await untilTime(round - 300);
      const counters = await zkCounters(stack.zk.port);
      marks.push({ counters, quiet: early.zxid === counters.zxid });
    }
    type Mark = (typeof marks)[number];
    const perRun = async (from: Mark, to: Mark, fireTime: number): Promise<PerRun> => {
      const runs = sink.arrivals.filter((arrival) => arrival.fireTime === fireTime).length;
      const breakdown = await txnBreakdown(stack.dataDir, from.counters.zxid, to.counters.zxid);
      const divide = (counts: Record<string, number>) =>
        Object.fromEntries(Object.entries(counts).map(([key, value]) => [key, value / runs]));
      return {
        runs,
        txns: (to.counters.zxid - from.counters.zxid) / runs,
        requests: (to.counters.packetsReceived - from.counters.packetsReceived) / runs,
        breakdown: { txns: divide(breakdown.txns), multiOps: divide(breakdown.multiOps) },
        quiet: from.quiet && to.quiet,
      };
    };
    const [m0, m1, m2] = marks as [Mark, Mark, Mark];
    const result: ZkWritesResult = {
      topologies,
      firstFire: await perRun(m0, m1, first),
      steady: await perRun(m1, m2, first + ZK_ROUND_MS),
    };
    const format = (counts: Record<string, number>) =>
      Object.entries(counts)
        .map(([key, value]) => `${key} ${value.toFixed(2)}`)
        .join(', ');
    for (const [name, figures] of [
      ['first fire', result.firstFire],
      ['later fires', result.steady],
    ] as const) {
      console.log(
        `  ${name}: ${figures.runs} runs, ${figures.txns.toFixed(2)} transactions/run (${format(figures.breakdown.txns)}); ` +
          `ops in multis/run: ${format(figures.breakdown.multiOps)}; ${figures.requests.toFixed(2)} requests/run` +
          `${figures.quiet ? '' : ' (ZooKeeper was not quiet at a measuring point: the round overran)'}`,
      );
    }
    const secondRound = sink.arrivals.filter((arrival) => arrival.fireTime === first + ZK_ROUND_MS);
    const verification = await checkRuns(context, stack, secondRound, 'SUCCESSFUL', first + ZK_ROUND_MS);
    console.log(`  ${describeVerification(verification)}`);
    return result;
  });
}
