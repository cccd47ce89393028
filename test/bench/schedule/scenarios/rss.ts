// rss: the leader's resident memory with --rss-sizes topologies loaded, and a new leader loading them all.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchContext } from '../context.js';
import type { RssPoint, RssResult } from '../report.js';
import { withStack } from '../stack.js';
import { count, mib } from '../stats.js';
import { createTopologies, cron, describeCreation, httpTopology } from '../topologies.js';

export async function rss(context: BenchContext): Promise<RssResult> {
  const { sink } = context;
  const { concurrency } = context.options;
  const sizes = [...context.options.rssSizes].sort((a, b) => a - b);
  console.log(`\n## rss: leader RSS with ${sizes.map(count).join(' / ')} topologies`);
  return withStack(context, 'rss', async (stack) => {
    await sleep(3_000);
    const settled = async () => {
      // Creation garbage is collected lazily: the lowest of a few readings over 10 s.
      let low = Infinity;
      for (let i = 0; i < 5; i++) {
        await sleep(2_000);
        low = Math.min(low, (await stack.server.memory()).rss);
      }
      return { rss: low, peak: (await stack.server.memory()).peak };
    };
    const empty = (await settled()).rss;
    console.log(`  empty leader: RSS ${mib(empty)}`);
    // Daily, twelve hours from now: scheduled (in the heap) but not firing during the benchmark.
    const hour = (new Date().getUTCHours() + 12) % 24;
    const points: RssPoint[] = [];
    let loaded = 0;
    for (const size of sizes) {
      const specs = Array.from({ length: size - loaded }, (_, k) => {
        const i = loaded + k;
        return httpTopology(`rss-${i}`, cron(`${i % 60} ${Math.floor(i / 60) % 60} ${hour} * * ?`), sink.url);
      });
      const creation = await createTopologies(stack.server.url, specs, { concurrency, label: 'rss' });
      loaded = size;
      const memory = await settled();
      console.log(
        `  ${describeCreation(creation)}, ${count(size)} in all; RSS ${mib(memory.rss)} (peak ${mib(memory.peak)})`,
      );
      points.push({ topologies: size, creation, ...memory });
    }
    // A new leader loads every topology (and its last scheduled fire) from ZooKeeper.
    const restarted = Date.now();
    const server = await stack.restartServer('info');
    const outcome = await waitForLog(
      server.logPath,
      { done: /"msg":"leader duties started"/, failed: /"msg":"taking over as leader failed[^"]*"/ },
      600_000,
    );
    const loadedAll = outcome.kind === 'done';
    const seconds = (Date.now() - restarted) / 1000;
    const memory = await settled();
    const takeover = loadedAll ? { topologies: loaded, seconds, ...memory } : null;
    console.log(
      takeover
        ? `  restarted leader loaded ${count(loaded)} topologies in ${seconds.toFixed(1)} s (process start included); RSS ${mib(memory.rss)} (peak ${mib(memory.peak)})`
        : `  restarted leader did NOT take over after ${seconds.toFixed(1)} s: ${outcome.line ?? 'no "leader duties started" within 10 min'}; RSS ${mib(memory.rss)}`,
    );
    return { empty, points, takeover, takeoverFailure: loadedAll ? null : (outcome.line ?? 'timed out') };
  });
}

/** Waits for a log line matching `done` or `failed`; `line` is the failure's message (errors included). */
async function waitForLog(
  logPath: string,
  patterns: { done: RegExp; failed: RegExp },
  timeoutMs: number,
): Promise<{ kind: 'done' | 'failed' | 'timeout'; line?: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const log = await readFile(logPath, 'utf8').catch(() => '');
    if (patterns.done.test(log)) return { kind: 'done' };
    const failed = log.split('\n').find((line) => patterns.failed.test(line));
    if (failed) {
      const message = /"err":\{[^}]*?"message":"([^"]*)"/.exec(failed)?.[1];
      return {
        kind: 'failed',
        line: `${patterns.failed.exec(failed)?.[0] ?? failed}${message ? ` (${message})` : ''}`,
      };
    }
    await sleep(250);
  }
  return { kind: 'timeout' };
}
