// A fresh ZooKeeper and one or two Epoch server processes on the same root (the second stands by, to take over
// when the leader is killed), with the route to the sink in place.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEpochProcess, type EpochProcess } from '../../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';
import type { JobsBenchContext } from './context.js';
import { putRoute } from './epoch-jobs-client.js';

export interface EpochStack {
  zk: ZooKeeperServer;
  /** The servers' ZK_ROOT. */
  root: string;
  /** ZooKeeper's data folder (snapshots and transaction logs under version-2). */
  dataDir: string;
  /** servers[0] leads when the stack starts. */
  servers: EpochProcess[];
  stop(): Promise<void>;
}

export async function startEpochStack(
  context: JobsBenchContext,
  label: string,
  options: { servers?: number; env?: Record<string, string>; logLevel?: string } = {},
): Promise<EpochStack> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `epoch-jobs-bench-zk-${label}-`));
  const zk = await startZooKeeper({ dataDir, heapMb: context.options.zkHeapMb });
  const servers: EpochProcess[] = [];
  const root = `/bench-jobs-${label}`;
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
    await zk.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    context.cleanups.delete(stop);
  };
  context.cleanups.add(stop);
  const start = (waitFor: 'leader' | 'ready') =>
    startEpochProcess({
      mainJs: context.options.server,
      zkConnectionString: zk.connectionString,
      zkRoot: root,
      logPath: path.join(context.logDir, `${label}-${++context.serversStarted}.log`),
      env: { EPOCH_CLUSTER: 'bench', EPOCH_JOB_RECORDS_KEEP: context.options.recordsKeep, ...options.env },
      waitFor,
      logLevel: options.logLevel,
    });
  try {
    servers.push(await start('leader'));
    for (let more = 1; more < (options.servers ?? 1); more++) servers.push(await start('ready'));
    await putRoute(servers[0]!.url, context.sink.url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { zk, root, dataDir, servers, stop };
}
