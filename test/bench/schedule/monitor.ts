// What each process did during a measured window, to tell where the time goes: CPU of the Epoch server, of
// ZooKeeper and of the benchmark (sink) itself; the server's responsiveness (a /healthz probe, which waits for
// its event loop); the sink's own event-loop delay; and the ZooKeeper transactions committed.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { processCpuMs, type EpochProcess } from '../../harness/epoch-process.js';
import { percentile } from './stats.js';
import { resetZkStats, zkCounters } from './zookeeper-probe.js';

export interface WindowReport {
  seconds: number;
  /** CPU use in percent of one core. */
  serverCpu: number;
  zooKeeperCpu: number;
  benchCpu: number;
  /** Round trip of GET /healthz to the server, ms. */
  healthP50: number;
  healthP99: number;
  healthMax: number;
  /** The sink's event-loop delay p99, ms (high values would make the sink's arrival times late). */
  sinkLoopDelayP99: number;
  zkTxnsPerSecond: number;
  /** ZooKeeper's own request latency (arrival to reply) in the window, ms. */
  zkLatencyAvg: number;
  zkLatencyMax: number;
  zkFsyncAvg: number;
  serverRss: number;
}

const LOOP_RESOLUTION_MS = 5;

export interface Monitor {
  stop(): Promise<WindowReport>;
}

export async function startMonitor(
  server: EpochProcess,
  zk: { port: number; pid: number | null },
): Promise<Monitor> {
  const started = performance.now();
  const serverCpu = await server.cpuMs();
  const zkCpu = zk.pid === null ? 0 : await processCpuMs(zk.pid).catch(() => 0);
  const benchCpu = process.cpuUsage();
  await resetZkStats(zk.port);
  const counters = await zkCounters(zk.port);
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const health: number[] = [];
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const sent = performance.now();
      const ok = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) })
        .then((response) => response.arrayBuffer())
        .then(
          () => true,
          () => false,
        );
      health.push(ok ? performance.now() - sent : 10_000);
      await sleep(100);
    }
  })();
  return {
    async stop() {
      probing = false;
      await probe;
      loop.disable();
      const seconds = (performance.now() - started) / 1000;
      const percent = (cpuMs: number) => cpuMs / 10 / seconds;
      const bench = process.cpuUsage(benchCpu);
      const after = await zkCounters(zk.port);
      const sorted = health.sort((a, b) => a - b);
      return {
        seconds,
        serverCpu: percent((await server.cpuMs()) - serverCpu),
        zooKeeperCpu: zk.pid === null ? NaN : percent((await processCpuMs(zk.pid).catch(() => 0)) - zkCpu),
        benchCpu: percent((bench.user + bench.system) / 1000),
        healthP50: percentile(sorted, 50),
        healthP99: percentile(sorted, 99),
        healthMax: sorted.at(-1) ?? NaN,
        // The histogram holds whole timer intervals: the delay is what exceeds the resolution.
        sinkLoopDelayP99: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        zkTxnsPerSecond: (after.zxid - counters.zxid) / seconds,
        zkLatencyAvg: after.latencyAvg,
        zkLatencyMax: after.latencyMax,
        zkFsyncAvg: (after.fsyncMs - counters.fsyncMs) / Math.max(1, after.fsyncs - counters.fsyncs),
        serverRss: (await server.memory()).rss,
      };
    },
  };
}

export function describeWindow(report: WindowReport): string {
  const pct = (value: number) => `${Math.round(value)}%`;
  return [
    `CPU server ${pct(report.serverCpu)}, ZooKeeper ${pct(report.zooKeeperCpu)}, bench ${pct(report.benchCpu)}`,
    `/healthz p50 ${report.healthP50.toFixed(1)} ms p99 ${report.healthP99.toFixed(1)} ms max ${report.healthMax.toFixed(0)} ms`,
    `sink loop delay p99 ${report.sinkLoopDelayP99.toFixed(1)} ms`,
    `ZooKeeper ${Math.round(report.zkTxnsPerSecond)} txn/s, latency avg ${report.zkLatencyAvg.toFixed(1)} ms max ${report.zkLatencyMax} ms, fsync avg ${report.zkFsyncAvg.toFixed(1)} ms`,
    `server RSS ${Math.round(report.serverRss / 1024 / 1024)} MiB`,
  ].join(' · ');
}
