import {
  leafTasks,
  NotFoundError,
  runIdFor,
  taskIdFor,
  type RunInfo,
  type RunState,
  type RunType,
  type TopologyDetails,
} from '@epoch/shared';
import type { Logger } from 'pino';
import type { DueFires } from '../scheduling/scheduler.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import type { Versioned } from '../store/topology-store.js';
import { isZkError } from '../zk/zk-errors.js';
import { LeadershipLostError } from './leadership-lost-error.js';
import { decideLaunch, type SkipCause } from './launch-decision.js';
import { RunExecution, type ExecutionDeps } from './run-execution.js';

export class RunCancelledError extends Error {
  override readonly name = 'RunCancelledError';
}

/** Told of each fire this launcher claims (metrics listen here). */
export interface LaunchObserver {
  /** A run was claimed and started `lagMs` after its fire time (an instant run's fire time is its request). */
  launched(runType: RunType, lagMs: number): void;
  /** A scheduled fire was recorded as a SKIPPED run. */
  skipped(cause: SkipCause): void;
}

/**
 * Turns due fires into runs: every fire is claimed by creating its run znode (id from the fire
 * time) in a fenced multi-op with the topology's last scheduled fire, before anything launches;
 * a fire already claimed launches nothing. Keeps the executions of this leader.
 */
export class RunLauncher {
  private readonly active = new Map<string, Map<string, RunExecution>>();
  /** Fires of one topology are handled in order. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: ExecutionDeps & { schedules: ScheduleStore; observer?: LaunchObserver },
    private readonly logger: Logger,
  ) {}

  readonly onDue = ({ topology, plan }: DueFires): void => {
    this.enqueue(topology.id, async () => {
      for (const { fireTime, reason } of plan.skipped)
        await this.claimSkipped(topology, fireTime, 'misfire', reason);
      if (plan.launch === null) return;
      const decision = decideLaunch(topology, this.activeRunIds(topology.id));
      if (decision.kind === 'skip')
        return void (await this.claimSkipped(topology, plan.launch, decision.cause, decision.reason));
      for (const runId of decision.replace)
        this.active
          .get(topology.id)
          ?.get(runId)
          ?.abort(new RunCancelledError('replaced by a newer run (overlap policy REPLACE)'));
      const claimed = await this.claim(topology, plan.launch, 'SCHEDULED', 'RUNNING', 'Job started');
      if (!claimed) return;
      this.deps.observer?.launched('SCHEDULED', this.deps.clock.now() - plan.launch);
      this.start(topology, claimed, plan.launch);
    });
  };

  /** Epoch's instant run: works for paused topologies too. Returns the run id. */
  async runNow(topology: TopologyDetails, now: number): Promise<string> {
    // Two instant runs in one millisecond would share an id: move to the next free millisecond.
    for (let fireTime = now; ; fireTime++) {
      const claimed = await this.claim(topology, fireTime, 'INSTANT', 'RUNNING', 'Job started', false);
      if (claimed) {
        this.deps.observer?.launched('INSTANT', this.deps.clock.now() - fireTime);
        this.start(topology, claimed, fireTime);
        return claimed.value.runId;
      }
    }
  }

  /** A new leader continues a run a previous one left RUNNING. */
  adopt(topology: TopologyDetails, run: Versioned<RunInfo>, fireTime: number): void {
    this.start(topology, run, fireTime, true);
  }

  /** Cancels a topology's running runs (delete, REPLACE); their tasks are killed. */
  cancelRuns(topologyId: string, reason: string): void {
    for (const execution of this.active.get(topologyId)?.values() ?? [])
      execution.abort(new RunCancelledError(reason));
  }

  cancelRun(topologyId: string, runId: string): boolean {
    const execution = this.active.get(topologyId)?.get(runId);
    execution?.abort(new RunCancelledError('cancelled by request'));
    return execution !== undefined;
  }

  /** Leadership lost: stop acting, leave containers running for the next leader to adopt. */
  stopAll(): void {
    for (const runs of this.active.values())
      for (const execution of runs.values()) execution.abort(new LeadershipLostError());
    this.active.clear();
  }

  activeRunIds(topologyId: string): string[] {
    return [...(this.active.get(topologyId)?.keys() ?? [])];
  }

  private start(
    topology: TopologyDetails,
    claimed: Versioned<RunInfo>,
    fireTime: number,
    adopted = false,
  ): void {
    const execution = new RunExecution(this.deps, topology, claimed, fireTime, adopted);
    const runs = this.active.get(topology.id) ?? new Map<string, RunExecution>();
    runs.set(execution.runId, execution);
    this.active.set(topology.id, runs);
    execution
      .execute()
      .catch((error: unknown) => {
        if (!(error instanceof LeadershipLostError)) {
          this.logger.error(
            { err: error, topologyId: topology.id, runId: execution.runId },
            'run execution failed',
          );
        }
      })
      .finally(() => {
        runs.delete(execution.runId);
        if (runs.size === 0 && this.active.get(topology.id) === runs) this.active.delete(topology.id);
      });
  }

  private async claimSkipped(
    topology: TopologyDetails,
    fireTime: number,
    cause: SkipCause,
    reason: string,
  ): Promise<void> {
    const claimed = await this.claim(topology, fireTime, 'SCHEDULED', 'SKIPPED', `Skipped: ${reason}`);
    if (claimed) this.deps.observer?.skipped(cause);
  }

  private async claim(
    topology: TopologyDetails,
    fireTime: number,
    runType: RunType,
    state: RunState,
    message: string,
    recordFire = true,
  ): Promise<Versioned<RunInfo> | null> {
    const runId = runIdFor(runType, fireTime);
    const now = this.deps.clock.now();
    const run: RunInfo = {
      topologyId: topology.id,
      runId,
      state,
      message,
      runType,
      created: now,
      updated: now,
      leader: this.deps.nodeUrl,
      tasks: Object.fromEntries(
        leafTasks(topology.topology.task).map((task, index) => {
          const taskId = taskIdFor(topology.id, runId, task.taskName);
          // A run is claimed with its first task already STARTING: one write fewer per run, and safe,
          // since a launch is idempotent should this leader die before it.
          const starting = state === 'RUNNING' && index === 0;
          return [
            task.taskName,
            starting
              ? { taskId, state: 'STARTING' as const, attempts: 1, startedAt: now }
              : { taskId, state: 'PENDING' as const },
          ];
        }),
      ),
    };
    const alsoOps = recordFire ? [this.deps.schedules.recordOp(topology.id, fireTime)] : [];
    let claimed: Versioned<RunInfo> | null;
    try {
      claimed = await this.deps.runs.claim(run, this.deps.fence(), alsoOps);
    } catch (error) {
      // A topology stored before schedule nodes existed: make its node, then claim again.
      if (!(isZkError(error, 'NO_NODE') && error.opIndex === 2)) throw error;
      await this.deps.schedules.ensure(topology.id, fireTime);
      claimed = await this.deps.runs.claim(run, this.deps.fence(), alsoOps);
    }
    if (claimed) this.deps.bus.publish({ type: 'RUN_CHANGED', run });
    else this.logger.info({ topologyId: topology.id, runId }, 'fire already claimed; nothing launched');
    return claimed;
  }

  private enqueue(topologyId: string, work: () => Promise<void>): void {
    const previous = this.queues.get(topologyId) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => {
      if (error instanceof NotFoundError) return;
      this.logger.error({ err: error, topologyId }, 'could not handle a due fire');
    });
    this.queues.set(topologyId, next);
    void next.finally(() => {
      if (this.queues.get(topologyId) === next) this.queues.delete(topologyId);
    });
  }
}
