// Real ZooKeeper servers for tests: a standalone server or a loopback ensemble, each on free ports with its
// own temporary folder. The processes never outlive the test process, however it ends.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  FOUR_LETTER_WORDS,
  startZooKeeperProcess,
  stopZooKeeperProcess,
  writeZooKeeperConfig,
  zooKeeperMode,
  type QuorumMember,
  type ZooKeeperMode,
} from '../../scripts/lib/zookeeper-process.mjs';

export type { ZooKeeperMode };

/**
 * The ZooKeeper digest credential (ZK_AUTH) test nodes and harness servers use unless a test gives another:
 * every znode they create is closed to clients without it, as in production.
 */
export const TEST_ZK_AUTH = 'epoch-test:test-zk-password-0123456789';

export interface ZooKeeperServer {
  /** `127.0.0.1:PORT`, for a ZooKeeper client. */
  connectionString: string;
  port: number;
  /** The server process's id while it runs (for heap measurements with jcmd). */
  readonly pid: number | undefined;
  /** The server's log, appended to across restarts (benchmarks read its snapshot timings). */
  logPath: string;
  /** Graceful stop; also removes the temporary folder (never a `dataDir` the caller passed). */
  stop(): Promise<void>;
  /** SIGKILL, as in a crash; the data stays for restart(). */
  kill(): Promise<void>;
  /**
   * Stops the server if it runs and starts it again on the same port and data dir; with `wipeData`
   * it comes back empty, forgetting every session (how tests make a client's session expire).
   */
  restart(options?: { wipeData?: boolean }): Promise<void>;
}

export interface ZooKeeperEnsembleMember {
  /** The server's id (its myid). */
  id: number;
  port: number;
  connectionString: string;
  /** Graceful stop; the member keeps its data and can start() again. */
  stop(): Promise<void>;
  /** SIGKILL, as in a crash. */
  kill(): Promise<void>;
  /** Starts a stopped or killed member and resolves once it serves clients again. */
  start(): Promise<void>;
  /** 'leader' or 'follower' while it serves clients; null when it is down or has no quorum. */
  mode(): Promise<ZooKeeperMode | null>;
}

export interface ZooKeeperEnsemble {
  /** Every member, `127.0.0.1:P1,127.0.0.1:P2,…`. */
  connectionString: string;
  servers: ZooKeeperEnsembleMember[];
  /** Resolves once every running member serves clients under exactly one leader (e.g. after a kill). */
  waitForLeader(): Promise<void>;
  /** Stops every member and removes the ensemble's temporary folder. */
  stop(): Promise<void>;
}

// The production set, plus `srst`: the schedule benchmark resets request statistics between its windows.
const TEST_FOUR_LETTER_WORDS = [...FOUR_LETTER_WORDS, 'srst'];

// Small ticks make elections and session expiry fast; the limits, in ticks, leave room for a slow JVM.
const ENSEMBLE_TIMING = { tickTime: 500, initLimit: 10, syncLimit: 5 };
const LEADER_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
// Free ports are found by binding port 0 and closing it, so another process may take one before
// ZooKeeper binds it; such a start is retried on fresh ports.
const START_ATTEMPTS = 3;

/**
 * Starts a standalone server on a free port, its data in a fresh temporary folder or in `dataDir`, with a
 * heap of `heapMb` (the tests' small default when absent).
 */
export async function startZooKeeper(
  options: { dataDir?: string; heapMb?: number } = {},
): Promise<ZooKeeperServer> {
  return retryOnPortConflict(() => startStandalone(options));
}

/** Starts an ensemble of `size` servers on loopback and resolves once it has elected a leader. */
export async function startZooKeeperEnsemble(size = 3): Promise<ZooKeeperEnsemble> {
  return retryOnPortConflict(() => startEnsemble(size));
}

/** One ZooKeeper server process that can be started again from the same zoo.cfg. */
class ZooKeeperNode {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly configPath: string,
    readonly logPath: string,
    private readonly heapMb?: number,
  ) {}

  get pid(): number | undefined {
    return this.isRunning ? this.child?.pid : undefined;
  }

  async start(): Promise<void> {
    if (this.isRunning) throw new Error(`the ZooKeeper on port ${this.port} is already running`);
    const { configPath, logPath, port: clientPort, heapMb } = this;
    this.child = await startZooKeeperProcess({ configPath, logPath, clientPort, heapMb });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child) return;
    await stopZooKeeperProcess(this.child, signal);
    this.child = undefined;
  }

  /** False once stopped, and also when the process died on its own. */
  get isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
}

async function startStandalone(options: { dataDir?: string; heapMb?: number }): Promise<ZooKeeperServer> {
  const folder = await mkdtemp(path.join(tmpdir(), 'epoch-zookeeper-'));
  const [port] = (await findFreePorts(1)) as [number];
  const configPath = path.join(folder, 'zoo.cfg');
  const dataDir = options.dataDir ?? path.join(folder, 'data');
  await writeZooKeeperConfig({
    configPath,
    dataDir,
    clientPort: port,
    fourLetterWords: TEST_FOUR_LETTER_WORDS,
  });
  const node = new ZooKeeperNode(port, configPath, path.join(folder, 'zookeeper.log'), options.heapMb);
  await startOrCleanUp([node], folder);
  return {
    connectionString: `127.0.0.1:${port}`,
    port,
    logPath: node.logPath,
    get pid() {
      return node.pid;
    },
    stop: async () => {
      await node.stop();
      await rm(folder, { recursive: true, force: true });
    },
    kill: () => node.stop('SIGKILL'),
    restart: async ({ wipeData = false } = {}) => {
      await node.stop();
      if (wipeData) await rm(path.join(dataDir, 'version-2'), { recursive: true, force: true });
      await node.start();
    },
  };
}

async function startEnsemble(size: number): Promise<ZooKeeperEnsemble> {
  const folder = await mkdtemp(path.join(tmpdir(), 'epoch-zookeeper-ensemble-'));
  const ports = await findFreePorts(3 * size);
  const quorum: QuorumMember[] = Array.from({ length: size }, (_, index) => ({
    id: index + 1,
    quorumPort: ports[3 * index + 1] as number,
    electionPort: ports[3 * index + 2] as number,
  }));
  const nodes = await Promise.all(
    quorum.map((member, index) => createEnsembleNode(folder, quorum, member, ports[3 * index] as number)),
  );
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await rm(folder, { recursive: true, force: true });
  };
  const waitForLeader = () => waitForSingleLeader(nodes);
  await startOrCleanUp(nodes, folder);
  await waitForLeader().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    connectionString: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    servers: nodes.map((node, index) => ensembleMember(node, (quorum[index] as QuorumMember).id)),
    waitForLeader,
    stop,
  };
}

async function createEnsembleNode(
  ensembleFolder: string,
  quorum: QuorumMember[],
  member: QuorumMember,
  clientPort: number,
): Promise<ZooKeeperNode> {
  const folder = path.join(ensembleFolder, `server-${member.id}`);
  const configPath = path.join(folder, 'zoo.cfg');
  const dataDir = path.join(folder, 'data');
  await writeZooKeeperConfig({
    configPath,
    dataDir,
    clientPort,
    quorum,
    myId: member.id,
    fourLetterWords: TEST_FOUR_LETTER_WORDS,
    ...ENSEMBLE_TIMING,
  });
  return new ZooKeeperNode(clientPort, configPath, path.join(folder, 'zookeeper.log'));
}

function ensembleMember(node: ZooKeeperNode, id: number): ZooKeeperEnsembleMember {
  return {
    id,
    port: node.port,
    connectionString: `127.0.0.1:${node.port}`,
    stop: () => node.stop(),
    kill: () => node.stop('SIGKILL'),
    start: () => node.start(),
    mode: () => zooKeeperMode(node.port),
  };
}

async function waitForSingleLeader(nodes: ZooKeeperNode[]): Promise<void> {
  const deadline = Date.now() + LEADER_TIMEOUT_MS;
  for (;;) {
    const running = nodes.filter((node) => node.isRunning);
    const modes = await Promise.all(running.map((node) => zooKeeperMode(node.port)));
    const leaders = modes.filter((mode) => mode === 'leader').length;
    if (leaders === 1 && modes.every((mode) => mode === 'leader' || mode === 'follower')) return;
    if (Date.now() >= deadline) {
      const states = running.map((node, index) => `port ${node.port}: ${modes[index] ?? 'not serving'}`);
      throw new Error(
        `the ensemble has no single leader after ${LEADER_TIMEOUT_MS / 1000} s (${states.join(', ')})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** Starts the nodes together (ensemble members wait for each other); on failure leaves nothing behind. */
async function startOrCleanUp(nodes: ZooKeeperNode[], folder: string): Promise<void> {
  const results = await Promise.allSettled(nodes.map((node) => node.start()));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (!failure) return;
  await Promise.all(nodes.map((node) => node.stop('SIGKILL')));
  const portConflict = await anyLogReportsPortConflict(nodes);
  await rm(folder, { recursive: true, force: true });
  throw portConflict ? new PortConflictError(failure.reason) : failure.reason;
}

class PortConflictError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

async function anyLogReportsPortConflict(nodes: ZooKeeperNode[]): Promise<boolean> {
  const logs = await Promise.all(nodes.map((node) => readFile(node.logPath, 'utf8').catch(() => '')));
  return logs.some((log) => log.includes('Address already in use'));
}

async function retryOnPortConflict<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof PortConflictError)) throw error;
      if (attempt === START_ATTEMPTS) throw error.original;
    }
  }
}

/** Ports the OS reports free, all different: the listeners stay open until every port is known. */
async function findFreePorts(count: number): Promise<number[]> {
  const listeners = await Promise.all(Array.from({ length: count }, listenOnFreePort));
  const ports = listeners.map((listener) => (listener.address() as AddressInfo).port);
  await Promise.all(listeners.map((listener) => new Promise((resolve) => listener.close(resolve))));
  return ports;
}

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const listener = createServer();
    listener.once('error', reject);
    listener.listen(0, '127.0.0.1', () => resolve(listener));
  });
}
