// What the benchmark learns from ZooKeeper itself: the transaction counter (`srvr` Zxid), request counters
// (`mntr`), the kinds of transactions in its log, the server's CPU time, and the run records it holds.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { sendFourLetterWord } from '../../../scripts/lib/zookeeper-process.mjs';
import { TEST_ZK_AUTH } from '../../harness/zookeeper.js';
import { runCodec } from '../../../server/src/store/run-store.js';
import { ZkClient } from '../../../server/src/zk/zk-client.js';
import { ZkCredential } from '../../../server/src/zk/zk-credential.js';
import { ZkPaths } from '../../../server/src/zk/zk-paths.js';
import { percentile, secs } from './stats.js';

export interface ZkCounters {
  /** Transactions committed (every write request, failed ones included: they are logged as error txns). */
  zxid: number;
  /** Every request received, reads and pings included. */
  packetsReceived: number;
  /** Transaction-log fsyncs so far and their total time, ms. */
  fsyncs: number;
  fsyncMs: number;
  /** Server-side request latency since the last `srst`, ms. */
  latencyAvg: number;
  latencyMax: number;
}

export async function zkCounters(port: number): Promise<ZkCounters> {
  const srvr = await sendFourLetterWord(port, 'srvr', 5_000);
  const mntr = await sendFourLetterWord(port, 'mntr', 5_000);
  const zxid = /^Zxid: 0x([0-9a-f]+)/m.exec(srvr)?.[1];
  const latency = /^Latency min\/avg\/max: ([\d.]+)\/([\d.]+)\/([\d.]+)/m.exec(srvr);
  const metric = (name: string) => Number(new RegExp(`^${name}\\s+([\\d.]+)`, 'm').exec(mntr)?.[1] ?? NaN);
  if (zxid === undefined || !latency) throw new Error(`unexpected srvr reply:\n${srvr}`);
  return {
    // Within one epoch (one standalone server's life) the low 32 bits count transactions.
    zxid: Number(BigInt(`0x${zxid}`) & 0xffffffffn),
    packetsReceived: metric('zk_packets_received'),
    fsyncs: metric('zk_cnt_fsynctime'),
    fsyncMs: metric('zk_sum_fsynctime'),
    latencyAvg: Number(latency[2]),
    latencyMax: Number(latency[3]),
  };
}

/** Resets the server's request statistics (`srst`), so the next latencies cover one window. */
export async function resetZkStats(port: number): Promise<void> {
  await sendFourLetterWord(port, 'srst', 5_000);
}

/**
 * The pid and log file of the ZooKeeper serving `port` (the harness keeps its child to itself), for CPU
 * accounting and for its errors.
 */
export async function findZooKeeper(port: number): Promise<{ pid: number; logPath: string } | null> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes('QuorumPeerMain')) continue;
    const configPath = cmdline.split('\0').filter(Boolean).at(-1) ?? '';
    const config = await readFile(configPath, 'utf8').catch(() => '');
    if (new RegExp(`^clientPort=${port}$`, 'm').test(config))
      return { pid: Number(entry), logPath: path.join(path.dirname(configPath), 'zookeeper.log') };
  }
  return null;
}

/** Errors in ZooKeeper's own log (out of memory, closed sessions…), counted, with a few examples. */
export async function zooKeeperErrors(logPath: string): Promise<{ count: number; examples: string[] }> {
  const log = await readFile(logPath, 'utf8').catch(() => '');
  const lines = log.split('\n').filter((line) => /\b(ERROR|FATAL)\b|OutOfMemory/.test(line));
  const examples = [...new Set(lines.map((line) => line.replace(/^.*?(ERROR|FATAL)/, '$1').slice(0, 200)))];
  return { count: lines.length, examples: examples.slice(0, 3) };
}

export interface TxnBreakdown {
  /** Transactions by type (create, setData, multi, error, createSession…). */
  txns: Record<string, number>;
  /** Operations inside multi transactions, by type (check, create, setData, delete). */
  multiOps: Record<string, number>;
}

/**
 * Reads ZooKeeper's transaction log with its own TxnLogToolkit and counts the transactions with a zxid in
 * (fromZxid, toZxid].
 */
export async function txnBreakdown(dataDir: string, fromZxid: number, toZxid: number): Promise<TxnBreakdown> {
  const logDir = path.join(dataDir, 'version-2');
  const logs = (await readdir(logDir)).filter((name) => name.startsWith('log.')).sort();
  const breakdown: TxnBreakdown = { txns: {}, multiOps: {} };
  for (const log of logs) {
    const { stdout } = await promisify(execFile)(
      'java',
      [
        '-cp',
        '/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar:/usr/share/java/*',
        'org.apache.zookeeper.server.persistence.TxnLogToolkit',
        '-d',
        path.join(logDir, log),
      ],
      { maxBuffer: 1 << 30, encoding: 'latin1' },
    );
    const heads = [...stdout.matchAll(/ zxid 0x([0-9a-f]+) (\w+)/g)];
    heads.forEach((head, index) => {
      const zxid = Number.parseInt(head[1] as string, 16);
      if (zxid <= fromZxid || zxid > toZxid) return;
      const type = head[2] as string;
      breakdown.txns[type] = (breakdown.txns[type] ?? 0) + 1;
      if (type !== 'multi') return;
      const body = stdout.slice(head.index, heads[index + 1]?.index ?? stdout.length);
      for (const op of body.matchAll(/(?:^|;|multi )(check|create|setData|delete|error):/g)) {
        const name = op[1] as string;
        breakdown.multiOps[name] = (breakdown.multiOps[name] ?? 0) + 1;
      }
    });
  }
  return breakdown;
}

export interface RunCheck {
  topologyId: string;
  runId: string;
  fireTime: number;
}

export interface RunVerification {
  checked: number;
  /** Run state → count, over the sample. */
  states: Record<string, number>;
  missing: number;
  unreadable: number;
  /** A few runs not in the expected state, with their messages. */
  unexpected: string[];
  /**
   * Where the lag goes, from the records' own timestamps, ms after the fire time (p50/p99 over the sample):
   * the claim began (`created`), the task launched (`startedAt`, after the claim's writes), it finished
   * (`finishedAt`), the run's last write began (`updated`).
   */
  timeline: Record<'claimed' | 'launched' | 'finished' | 'updated', { p50: number; p99: number }>;
}

/** Reads each sampled run's znode and re-parses it with the server's own run schema. */
export async function verifyRuns(
  connectionString: string,
  zkRoot: string,
  sample: RunCheck[],
  expectedState: string,
): Promise<RunVerification> {
  const zk = await ZkClient.connect({
    connectionString,
    sessionTimeoutMs: 30_000,
    logger: pino({ level: 'silent' }),
    // The servers the harness starts protect their znodes with it.
    auth: ZkCredential.parse(TEST_ZK_AUTH)!,
  });
  const paths = new ZkPaths(zkRoot);
  const result = emptyVerification();
  const times = {
    claimed: [] as number[],
    launched: [] as number[],
    finished: [] as number[],
    updated: [] as number[],
  };
  try {
    const CONCURRENCY = 100;
    for (let start = 0; start < sample.length; start += CONCURRENCY) {
      await Promise.all(
        sample.slice(start, start + CONCURRENCY).map(async ({ topologyId, runId, fireTime }) => {
          result.checked++;
          const runPath = paths.run(topologyId, runId);
          const node = await zk.get(runPath);
          if (!node) return void result.missing++;
          try {
            const run = runCodec.decode(node.data, runPath);
            result.states[run.state] = (result.states[run.state] ?? 0) + 1;
            if (run.state !== expectedState && result.unexpected.length < 3) {
              const errors = Object.values(run.tasks)
                .map((task) => task.errorMessage)
                .filter(Boolean);
              result.unexpected.push(
                `${topologyId}/${runId} ${run.state}: ${run.message} ${errors.join('; ')}`,
              );
            }
            const task = Object.values(run.tasks)[0];
            times.claimed.push(run.created - fireTime);
            times.updated.push(run.updated - fireTime);
            if (task?.startedAt !== undefined) times.launched.push(task.startedAt - fireTime);
            if (task?.finishedAt !== undefined) times.finished.push(task.finishedAt - fireTime);
          } catch {
            result.unreadable++;
          }
        }),
      );
    }
  } finally {
    zk.close();
  }
  for (const [key, values] of Object.entries(times)) {
    const sorted = values.sort((a, b) => a - b);
    result.timeline[key as keyof typeof times] = { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  }
  return result;
}

export type Durability = RunVerification & {
  durableAfterMs: number;
  ok: boolean;
  firstCheck: boolean;
  /** Set when ZooKeeper could not be read at all. */
  error?: string;
};

export function emptyVerification(): RunVerification {
  const none = { p50: NaN, p99: NaN };
  return {
    checked: 0,
    states: {},
    missing: 0,
    unreadable: 0,
    unexpected: [],
    timeline: { claimed: none, launched: none, finished: none, updated: none },
  };
}

/**
 * Reads the sampled runs back from ZooKeeper until all have reached `state` (their last writes follow the
 * HTTP call) or two minutes pass; also reports how long after `since` that was.
 */
export async function verifyDurable(
  connectionString: string,
  zkRoot: string,
  checks: RunCheck[],
  state: 'SUCCESSFUL' | 'COMPLETED',
  since: number,
): Promise<Durability> {
  const deadline = Date.now() + 120_000;
  for (let attempt = 1; ; attempt++) {
    let verification: RunVerification;
    try {
      verification = await verifyRuns(connectionString, zkRoot, checks, state);
    } catch (error) {
      // A ZooKeeper that cannot answer is a finding, not a reason to lose the other figures.
      const message = error instanceof Error ? error.message : String(error);
      return { ...emptyVerification(), durableAfterMs: NaN, ok: false, firstCheck: false, error: message };
    }
    const ok = verification.states[state] === verification.checked;
    if (ok || Date.now() > deadline)
      return { ...verification, durableAfterMs: Date.now() - since, ok, firstCheck: attempt === 1 };
    await sleep(500);
  }
}

export function describeVerification(verification: Durability): string {
  if (verification.error) return `ZooKeeper check FAILED: ${verification.error}`;
  const { timeline } = verification;
  const states = Object.entries(verification.states)
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  return (
    `ZooKeeper check of ${verification.checked} sampled runs: ${states || 'none'}` +
    `${verification.missing ? `, MISSING ${verification.missing}` : ''}` +
    `${verification.unreadable ? `, UNREADABLE ${verification.unreadable}` : ''}` +
    ` (${verification.ok ? 'all final' : 'gave up'}${verification.firstCheck ? ' at the first check,' : ''} ${secs(verification.durableAfterMs)} after the fire)` +
    (verification.unexpected.length ? `\n    e.g. ${verification.unexpected.join('\n    e.g. ')}` : '') +
    `\n  from the run records, ms after the fire (p50/p99): claim began ${timeline.claimed.p50}/${timeline.claimed.p99}, ` +
    `task launched ${timeline.launched.p50}/${timeline.launched.p99}, finished ${timeline.finished.p50}/${timeline.finished.p99}, ` +
    `last write began ${timeline.updated.p50}/${timeline.updated.p99}`
  );
}
