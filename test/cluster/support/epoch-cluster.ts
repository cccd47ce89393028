// Three real Epoch processes on a real 3-server ZooKeeper ensemble, all on loopback: what the cluster suites
// and the failover benchmark start, kill, pause and ask.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunInfo, TopologyInput } from '@epoch/shared';
import { startEpochProcess, type EpochProcess } from '../../harness/epoch-process.js';
import { startZooKeeperEnsemble, type ZooKeeperEnsemble } from '../../harness/zookeeper.js';

export interface EpochCluster {
  zookeeper: ZooKeeperEnsemble;
  nodes: EpochProcess[];
  sessionTimeoutMs: number;
  logDir: string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  label: string;
  size?: number;
  /** Short, so a crashed leader's session (and leadership) ends soon; the ensemble allows 1–10 s. */
  sessionTimeoutMs?: number;
}

export async function startEpochCluster({
  label,
  size = 3,
  sessionTimeoutMs = 4_000,
}: ClusterOptions): Promise<EpochCluster> {
  const zookeeper = await startZooKeeperEnsemble(3);
  const logDir = await mkdtemp(path.join(tmpdir(), `epoch-${label}-`));
  const zkRoot = `/epoch-${label}-${Date.now()}`;
  const nodes: EpochProcess[] = [];
  try {
    for (let i = 0; i < size; i++) {
      nodes.push(
        await startEpochProcess({
          zkConnectionString: zookeeper.connectionString,
          zkRoot,
          logPath: path.join(logDir, `node-${i + 1}.log`),
          logLevel: 'info',
          // The first node started leads; the rest wait until they answer.
          waitFor: i === 0 ? 'leader' : 'ready',
          env: {
            ZK_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
            // Keep every run for the checks: no retention pass during a test.
            EPOCH_RUNS_KEEP: '100000',
            EPOCH_RETENTION_INTERVAL_SECONDS: '86400',
          },
        }),
      );
    }
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    await zookeeper.stop();
    throw error;
  }
  return {
    zookeeper,
    nodes,
    sessionTimeoutMs,
    logDir,
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()));
      await zookeeper.stop();
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** One API call; the body is parsed as JSON when it is JSON. */
export async function api<T = unknown>(
  node: EpochProcess,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as T) : (text as T);
  return { status: response.status, headers: response.headers, body: json };
}

/** The data of an Epoch success envelope; throws with the answer otherwise. */
export async function apiData<T>(
  node: EpochProcess,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await api<{ status: string; data: T }>(node, method, path, body);
  if (answer.status !== 200 || answer.body.status !== 'SUCCESS') {
    throw new Error(`${method} ${path} on ${node.url}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body.data;
}

/**
 * The node every live one names as leader, once they agree and it answers as leader itself. `among`
 * limits the nodes asked (e.g. leaving out a paused one).
 */
export async function waitForLeader(
  cluster: Pick<EpochCluster, 'nodes'>,
  { among = cluster.nodes, timeoutMs = 30_000 }: { among?: EpochProcess[]; timeoutMs?: number } = {},
): Promise<EpochProcess> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const live = among.filter((node) => !node.exited);
    const named = await Promise.all(live.map((node) => leaderNamedBy(node)));
    const [first] = named;
    const leader = live.find((node) => node.url === first);
    if (first && named.every((url) => url === first) && leader && (await leads(leader))) return leader;
    last = named.join(', ');
    await sleep(50);
  }
  throw new Error(`no agreed leader within ${timeoutMs} ms (last answers: ${last})`);
}

async function leaderNamedBy(node: EpochProcess): Promise<string | null> {
  try {
    const answer = await api<{ leader?: string }>(node, 'GET', '/apis/housekeeping/v1/leader');
    return answer.status === 200 ? (answer.body.leader ?? null) : null;
  } catch {
    return null;
  }
}

/** Whether the node itself says it leads (its cluster view marks it LEADER). */
async function leads(node: EpochProcess): Promise<boolean> {
  try {
    const status = await apiData<{ leader: string | null }>(node, 'GET', '/apis/v1/cluster');
    return status.leader === node.url;
  } catch {
    return false;
  }
}

export const everySecondHttpTopology = (
  name: string,
  sinkUrl: string,
  delivery: 'AT_LEAST_ONCE' | 'AT_MOST_ONCE' = 'AT_LEAST_ONCE',
): TopologyInput => ({
  name,
  task: { type: 'HTTP', taskName: 'hook', method: 'POST', url: sinkUrl, body: { topology: name }, delivery },
  trigger: { type: 'CRON', timeSpec: '* * * * * ?', timeZone: 'UTC' },
  misfirePolicy: 'RUN_ONCE',
  startingDeadlineSeconds: 60,
});

/** Every run of a topology, through the API of `node` (the leader answers, wherever asked). */
export async function runsOf(node: EpochProcess, topologyId: string): Promise<RunInfo[]> {
  const runs: RunInfo[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await apiData<RunInfo[]>(
      node,
      'GET',
      `/apis/v1/topologies/${topologyId}/runs?sort=runId&order=asc&limit=1000&offset=${offset}`,
    );
    runs.push(...page);
    if (page.length < 1000) return runs;
  }
}
