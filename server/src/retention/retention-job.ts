import type { Logger } from 'pino';
import type { ContainerRuntime } from '../runners/container/runtime/container-runtime.js';
import type { RunStore } from '../store/run-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { ZkOp } from '../zk/zk-client.js';
import { BUDGET_WARNING_SHARE, runsOverBudget, type RetainedRun } from './runs-over-budget.js';
import { isUnfinished } from '../runs/state-machines.js';
import { runsToPrune, type RetentionPolicy } from './runs-to-prune.js';

/** What a pass left: the runs retained across all topologies. */
export type RetentionObserver = (pass: { retained: number }) => void;

export interface RetentionJobDeps {
  topologies: TopologyStore;
  runs: RunStore;
  runtime: ContainerRuntime;
  fence: () => ZkOp;
  clock: Clock;
  logger: Logger;
  observer?: RetentionObserver;
}

/**
 * The leader's periodic clean-up: per topology, finished runs beyond the newest `keepRuns` (and
 * `keepSkippedRuns` skips) or older than `maxAgeMs` are removed from ZooKeeper, with their containers;
 * then, across all topologies, the oldest finished runs beyond `maxTotalRuns`, so that no number of
 * topologies can fill ZooKeeper's heap. Runs are never removed while RUNNING.
 */
export class RetentionJob {
  private cancelTimer: (() => void) | null = null;

  constructor(
    private readonly deps: RetentionJobDeps,
    private readonly policy: RetentionPolicy & { intervalMs: number; maxTotalRuns: number },
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
    let running = 0;
    const finished: RetainedRun[] = [];
    for (const topology of await this.deps.topologies.list()) {
      const runs = await this.deps.runs.list(topology.id);
      const doomed = new Set(runsToPrune(runs, this.deps.clock.now(), this.policy));
      for (const run of runs) {
        if (doomed.has(run)) continue;
        if (run.state === 'RUNNING') running++;
        else if (!isUnfinished(run.state))
          finished.push({ topologyId: topology.id, runId: run.runId, updated: run.updated });
      }
      for (const run of doomed) await this.remove(topology.id, run.runId);
      removed += doomed.size;
    }
    const { maxTotalRuns } = this.policy;
    const over = runsOverBudget(finished, running, maxTotalRuns);
    for (const run of over) await this.remove(run.topologyId, run.runId);
    const retained = finished.length - over.length + running;
    if (over.length > 0) {
      this.deps.logger.warn(
        { removed: over.length, budget: maxTotalRuns },
        'retention removed runs over the budget',
      );
    } else if (retained >= BUDGET_WARNING_SHARE * maxTotalRuns) {
      this.deps.logger.warn(
        { retained, budget: maxTotalRuns },
        'runs near the budget (EPOCH_RUNS_MAX_TOTAL): the oldest will be removed beyond it',
      );
    }
    this.deps.observer?.({ retained });
    return removed + over.length;
  }

  /** Containers first: a run record without its container is only a missing log, never an orphan. */
  private async remove(topologyId: string, runId: string): Promise<void> {
    for (const container of await this.deps.runtime.listByLabel({ topologyId, runId })) {
      await this.deps.runtime.remove(container.name);
    }
    await this.deps.runs.remove(topologyId, runId, this.deps.fence());
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
