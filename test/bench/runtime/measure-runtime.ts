// One runtime, start to finish: its own ZooKeeper and server, the lanes' topologies, the runs, the engine's
// start times, and then nothing of it left on the engine. Swarm mode is entered only for the swarm runtime
// and left as it was found.
import { enterSwarmMode } from '../../harness/swarm-mode.js';
import { createLaneTopologies, drive, type DriveOptions } from './drive.js';
import { containerStarts, removeCluster } from './engine.js';
import { runtimeFigures, type RuntimeFigures } from './figures.js';
import { RunEvents } from './run-events.js';
import { startRuntimeStack, type RuntimeKind } from './stack.js';

export interface LeaderMemory {
  /** RSS once the server leads and the topologies exist, before the first run. */
  idleRss: number;
  /** RSS after the last run ended. */
  endRss: number;
  /** The process's peak RSS (VmHWM), read after the last run. */
  peakRss: number;
}

export interface RuntimeResult {
  runtime: RuntimeKind;
  /** Why this runtime was not measured (the engine cannot enter swarm mode). */
  unavailable?: string;
  /** EPOCH_SWARM_ACCEPT_UNENFORCED the swarm server ran with. */
  acceptedUnenforced?: string;
  figures?: RuntimeFigures;
  memory?: LeaderMemory;
  /** Containers and services of the benchmark still on the engine after its clean-up: none, or a bug. */
  left: string[];
}

export async function measureRuntime(
  runtime: RuntimeKind,
  options: DriveOptions & { server: string; logDir: string },
  cleanups: Set<() => Promise<unknown>>,
): Promise<RuntimeResult> {
  const swarmMode = runtime === 'swarm' ? await enterSwarmMode() : undefined;
  if (swarmMode?.unavailable) return { runtime, unavailable: swarmMode.unavailable, left: [] };
  const leaveSwarm = async () => {
    cleanups.delete(leaveSwarm);
    await swarmMode?.restore();
  };
  cleanups.add(leaveSwarm);
  try {
    const stack = await startRuntimeStack(runtime, options);
    // The server goes first, so it does not see its containers removed; then every container and service.
    const tearDown = async () => {
      cleanups.delete(tearDown);
      await stack.stop();
      return removeCluster(stack.cluster, runtime === 'swarm');
    };
    cleanups.add(tearDown);
    const result: RuntimeResult = {
      runtime,
      acceptedUnenforced: stack.acceptedUnenforced,
      left: [],
    };
    try {
      const events = new RunEvents();
      await events.open(stack.leader.url);
      await createLaneTopologies(stack.leader.url, options);
      const idle = await stack.leader.memory();
      const triggered = await drive(stack.leader.url, events, options).finally(() => events.close());
      const end = await stack.leader.memory();
      result.memory = { idleRss: idle.rss, endRss: end.rss, peakRss: end.peak };
      result.figures = runtimeFigures(
        triggered,
        (topologyId, runId) => events.times(topologyId, runId),
        await containerStarts(stack.cluster),
      );
    } finally {
      result.left = (await tearDown()).left;
    }
    return result;
  } finally {
    await leaveSwarm();
  }
}
