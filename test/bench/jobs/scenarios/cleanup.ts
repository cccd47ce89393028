// cleanup: once every job fired on the firing stack (burst, sustained) has its delivery record expired
// (--records-keep; the leader sweeps records every minute), ZooKeeper's data size and znode count are back
// within 5 % of what they were before any job. BullMQ's figure: Redis used_memory against its start.
import { burstSet } from '../bench-jobs.js';
import type { JobsBenchContext } from '../context.js';
import { epochRound } from '../fire-round.js';
import type { FiringStackHolder } from '../firing-stack.js';
import { fmt, type ScenarioResult } from '../report.js';
import { waitFor } from '../wait.js';
import { zkSize, type ZkSize } from '../zk-size.js';
import { addedZnodes, znodeTree } from '../zk-tree.js';
import { leadMs } from './burst.js';

const WITHIN_PERCENT = 5;
/** The leader's sweep runs every minute: a record lives up to keep + 1 min, then its znode goes. */
const SWEEP_MS = 60_000;
const SLACK_MS = 60_000;

const growth = (now: ZkSize, start: ZkSize) => ({
  dataPercent: ((now.dataBytes - start.dataBytes) / start.dataBytes) * 100,
  znodesPercent: ((now.znodes - start.znodes) / start.znodes) * 100,
});

export async function cleanup(
  context: JobsBenchContext,
  firing: FiringStackHolder,
  bullBaseline: number,
): Promise<ScenarioResult> {
  const held = await firing.get();
  const { stack, baseline } = held;
  if (held.fired === 0) {
    // Run alone: fire a burst of its own first.
    const at = Date.now() + leadMs(context.options.burst);
    await epochRound(context, stack.servers[0]!.url, burstSet('k', context.options.burst, at), at + 180_000);
    held.fired += context.options.burst;
  }
  const keepMs = parseKeep(context.options.recordsKeep);
  const firedAt = Date.now();
  const peak = await zkSize(stack.zk.port);
  console.log(
    `cleanup: ${fmt.int(held.fired)} fired; ZooKeeper ${fmt.int(peak.dataBytes)} B / ${fmt.int(peak.znodes)} znodes ` +
      `(start ${fmt.int(baseline.dataBytes)} B / ${fmt.int(baseline.znodes)}); waiting for records (keep ` +
      `${context.options.recordsKeep}) to expire`,
  );
  let now = peak;
  const back = await waitFor(
    async () => {
      now = await zkSize(stack.zk.port);
      const { dataPercent, znodesPercent } = growth(now, baseline);
      return dataPercent <= WITHIN_PERCENT && znodesPercent <= WITHIN_PERCENT;
    },
    firedAt + keepMs + SWEEP_MS + SLACK_MS,
    5_000,
  );
  const tookMs = Date.now() - firedAt;
  const epoch = growth(now, baseline);
  const redisNow = await context.redis.usedMemory();
  const bullPercent = ((redisNow - bullBaseline) / bullBaseline) * 100;
  console.log(
    `  Epoch: ${back ? 'back' : 'NOT back'} after ${fmt.s(tookMs)}: data ${fmt.pct(epoch.dataPercent)}, ` +
      `znodes ${fmt.pct(epoch.znodesPercent)} (${fmt.int(now.dataBytes)} B / ${fmt.int(now.znodes)})`,
  );
  const left = addedZnodes(held.baselineTree, await znodeTree(stack.zk.connectionString, stack.root));
  if (left.length)
    console.log(
      `  znodes not there at the start (${left.length}):\n    ${left
        .slice(0, 20)
        .map(([path, bytes]) => `${path} (${bytes} B)`)
        .join('\n    ')}`,
    );
  await firing.stop();
  return {
    raw: {
      fired: held.fired,
      baseline,
      peak,
      end: now,
      back,
      tookMs,
      epoch,
      redis: { bullBaseline, redisNow },
    },
    rows: [
      {
        scenario: 'cleanup',
        figure: 'after fire + record expiry: data size vs start',
        epoch: `${fmt.pct(epoch.dataPercent)} (${fmt.int(now.dataBytes - baseline.dataBytes)} B, after ${fmt.s(tookMs)})`,
        bullmq: `${fmt.pct(bullPercent)} (Redis used_memory)`,
        target: `≤ +${WITHIN_PERCENT} %`,
        met: epoch.dataPercent <= WITHIN_PERCENT,
      },
      {
        scenario: 'cleanup',
        figure: 'znode count vs start',
        epoch: `${fmt.pct(epoch.znodesPercent)} (${fmt.int(now.znodes)} vs ${fmt.int(baseline.znodes)}; ${left.length} under the root)`,
        bullmq: '–',
        target: `≤ +${WITHIN_PERCENT} %`,
        met: epoch.znodesPercent <= WITHIN_PERCENT,
      },
    ],
  };
}

function parseKeep(keep: string): number {
  const match = /^\s*(\d+)\s*(ms|s|m|min|h)?\s*$/.exec(keep);
  if (!match) throw new Error(`--records-keep: use e.g. 30s, 2m or 1h (got "${keep}")`);
  const unit = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1_000;
  return Number(match[1]) * unit;
}
