// A fresh ZooKeeper and one Epoch server process running container tasks through one runtime, in a cluster
// of its own so that its containers and services are told apart from anything else on the engine.
import path from 'node:path';
import { startEpochProcess, type EpochProcess } from '../../harness/epoch-process.js';
import { swarmServerEnv } from '../../harness/swarm-mode.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

export type RuntimeKind = 'docker' | 'swarm';

export interface RuntimeStack {
  zk: ZooKeeperServer;
  leader: EpochProcess;
  /** EPOCH_CLUSTER of the server: the label on every container and service it makes. */
  cluster: string;
  /** Swarm: the EPOCH_SWARM_ACCEPT_UNENFORCED it runs with. */
  acceptedUnenforced?: string;
  stop(): Promise<void>;
}

export async function startRuntimeStack(
  runtime: RuntimeKind,
  options: { server: string; logDir: string },
): Promise<RuntimeStack> {
  // Its data in a temporary folder of its own, which stop() removes.
  const zk = await startZooKeeper();
  const cluster = `bench-runtime-${runtime}-${process.pid}-${Date.now().toString(36)}`;
  // The server refuses to start over hardening this engine's Swarm would silently drop; the benchmark
  // accepts exactly those gaps (this machine's Docker 20.10: no-new-privileges, memory-swap), as the README
  // tells an operator to, and says so in its output.
  const env: Record<string, string> = {
    EPOCH_CLUSTER: cluster,
    ...(runtime === 'swarm' ? await swarmServerEnv() : { EPOCH_RUNTIME: runtime }),
  };
  const stopZk = () => zk.stop().catch(() => undefined);
  let leader: EpochProcess;
  try {
    leader = await startEpochProcess({
      mainJs: options.server,
      zkConnectionString: zk.connectionString,
      zkRoot: `/bench-runtime-${runtime}`,
      logPath: path.join(options.logDir, `${runtime}.log`),
      env,
      waitFor: 'leader',
    });
  } catch (error) {
    await stopZk();
    throw error;
  }
  return {
    zk,
    leader,
    cluster,
    acceptedUnenforced: env.EPOCH_SWARM_ACCEPT_UNENFORCED,
    stop: async () => {
      await leader.stop().catch(() => undefined);
      await stopZk();
    },
  };
}
