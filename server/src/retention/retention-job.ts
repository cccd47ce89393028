import type { Logger } from 'pino';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { RunStore } from '../store/run-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { ZkOp } from '../zk/zk-client.js';
import { runsToPrune, type RetentionPolicy } from './runs-to-prune.js';

export interface RetentionJobDeps {
  topologies: TopologyStore;
  runs: RunStore;
  runtime: ContainerRuntime;
  fence: () => ZkOp;
  clock: Clock;
  logger: Logger;
}

/**
 * The leader's periodic clean-up: per topology, finished runs beyond the newest `keepRuns` or
 * older than `maxAgeMs` are removed from ZooKeeper, with their containers. Runs are never
 * removed while RUNNING.
 */
export class RetentionJob {
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly deps: RetentionJobDeps,
    private readonly policy: RetentionPolicy & { intervalMs: number },
  ) {}

  start(): void {
    if (this.cancelTimer) return;
    this.schedule();
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** One pass over every topology; returns how many runs it removed. */
  async prune(): Promise<number> {
    let removed = 0;
    for (const topology of await this.deps.topologies.list()) {
      const doomed = runsToPrune(await this.deps.runs.list(topology.id), this.deps.clock.now(), this.policy);
      for (const run of doomed) {
        // Containers first: a run record without its container is only a missing log, never an orphan.
        for (const container of await this.deps.runtime.listByLabel({
          topologyId: topology.id,
          runId: run.runId,
        })) {
          await this.deps.runtime.remove(container.name);
        }
        await this.deps.runs.remove(topology.id, run.runId, this.deps.fence());
        removed++;
      }
    }
    return removed;
  }

  private schedule(): void {
    this.cancelTimer = this.deps.clock.setTimer(this.deps.clock.now() + this.policy.intervalMs, () => {
      this.prune()
        .then((removed) => {
          if (removed > 0) this.deps.logger.info({ removed }, 'retention removed old runs');
        })
        .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'retention pass failed'))
        .finally(() => {
          if (this.cancelTimer) this.schedule();
        });
    });
  }
}
