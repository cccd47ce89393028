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
import { planFires } from '../scheduling/fire-planner.js';
import type { DueFires } from '../scheduling/scheduler.js';
import { compileTrigger } from '../scheduling/trigger-fires.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import type { Versioned } from '../store/topology-store.js';
import { isZkError } from '../zk/zk-errors.js';
import { FireTimeGate } from './fire-time-gate.js';
import { LeadershipLostError } from './leadership-lost-error.js';
import { decideLaunch, recordsFires, type SkipCause } from './launch-decision.js';
import { RunExecution, type ExecutionDeps } from './run-execution.js';
import { nextRunState } from './state-machines.js';

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

/** What a fire handed over ahead of its time is checked against when the time comes. */
export interface CurrentSchedule {
  /** The topology as scheduled now, if `fireTime` is still one of its fires. */
  scheduledAt(topologyId: string, fireTime: number): TopologyDetails | null;
}

interface ClaimedAhead {
  /** As it was when the fire was claimed. */
  topology: TopologyDetails;
  run: Versioned<RunInfo>;
}

/**
 * Turns due fires into runs: every fire is claimed by creating its run znode (id from the fire
 * time) in a fenced multi-op with the topology's last scheduled fire, before anything launches;
 * a fire already claimed launches nothing. A paused topology's fires are nothing at all. A fire
 * handed over ahead of its time is claimed at once (the run's creation is off the fire's critical
 * path) and held until its time, when it is launched, its launch recorded by the usual fenced write
 * first, recorded SKIPPED if the topology changed or was busy by then, or removed if it was paused.
 * Keeps the executions of this leader.
 */
export class RunLauncher {
  private readonly active = new Map<string, Map<string, RunExecution>>();
  /** Fires of one topology are claimed in order. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly claimedAhead: FireTimeGate<ClaimedAhead>;
  /**
   * Per topology, the fires skipped in a row since its last run. Each SKIPPED run carries the count
   * (`skippedInRow`), so the latest run, read anyway for a summary, tells it: no write beyond the skip's own,
   * and whole however many skipped runs retention removed. Seeded from that run after a takeover.
   */
  private readonly skipsInRow = new Map<string, number>();

  constructor(
    private readonly deps: ExecutionDeps & {
      schedules: ScheduleStore;
      schedule: CurrentSchedule;
      observer?: LaunchObserver;
    },
    private readonly logger: Logger,
  ) {
    this.claimedAhead = new FireTimeGate(deps.clock, (held, fireTime) => this.launchClaimed(held, fireTime));
  }

  readonly onDue = ({ topology, plan }: DueFires): void => {
    // Neither run nor skip nor claim ahead: the scheduler keeps its position in memory, and an unpause restarts
    // scheduling from its own time, so nothing is replayed.
    if (!recordsFires(topology)) return;
    this.enqueue(topology.id, async () => {
      for (const { fireTime, reason } of plan.skipped)
        await this.claimSkipped(topology, fireTime, 'misfire', reason);
      if (plan.launch === null) return;
      if (plan.launch > this.deps.clock.now()) {
        const claimed = await this.claim(topology, plan.launch, 'SCHEDULED', 'RUNNING', 'Job started');
        if (claimed) this.holdUntilFireTime(topology, claimed, plan.launch);
        return;
      }
      const decision = decideLaunch(topology, this.activeRunIds(topology.id));
      if (decision.kind === 'nothing') return;
      if (decision.kind === 'skip')
        return void (await this.claimSkipped(topology, plan.launch, decision.cause, decision.reason));
      this.replace(topology.id, decision.replace);
      const claimed = await this.claim(topology, plan.launch, 'SCHEDULED', 'RUNNING', 'Job started');
      if (!claimed) return;
      this.launchScheduled(topology, claimed, plan.launch);
    });
  };

  /** Epoch's instant run: works for paused topologies too. Returns the run id. */
  async runNow(topology: TopologyDetails, now: number): Promise<string> {
    // Two instant runs in one millisecond would share an id: move to the next free millisecond.
    for (let fireTime = now; ; fireTime++) {
      const claimed = await this.claim(topology, fireTime, 'INSTANT', 'RUNNING', 'Job started', {
        recordFire: false,
      });
      if (claimed) {
        this.skipsInRow.set(topology.id, 0);
        this.deps.observer?.launched('INSTANT', this.deps.clock.now() - fireTime);
        this.start(topology, claimed, fireTime);
        return claimed.value.runId;
      }
    }
  }

  /**
   * A new leader continues a run a previous one left RUNNING. One claimed ahead and never launched
   * waits for its fire time if that is still to come; if it has passed, it is a missed fire and the
   * misfire policy decides (launched if it is the latest fire due and late within the policy's
   * bounds, else SKIPPED), as for fires nobody claimed.
   */
  adopt(topology: TopologyDetails, run: Versioned<RunInfo>, fireTime: number): void {
    if (!neverLaunched(run.value)) return this.start(topology, run, fireTime, true);
    if (fireTime > this.deps.clock.now()) return this.holdUntilFireTime(topology, run, fireTime);
    const held = { topology, run };
    if (!recordsFires(topology)) return this.discard(held);
    const plan = planFires({
      trigger: compileTrigger(topology.topology.trigger),
      policy: topology.topology,
      after: fireTime - 1,
      now: this.deps.clock.now(),
    });
    if (plan.launch === fireTime) return this.launchClaimed(held, fireTime);
    const missed = plan.skipped.find((skipped) => skipped.fireTime === fireTime);
    if (missed) this.withdraw(held, fireTime, 'misfire', missed.reason);
    else this.withdraw(held, fireTime, 'changed', 'schedule changed before its fire time');
  }

  /**
   * Fires skipped in a row since their topology's last run, summed over topologies: over those that fired since
   * this leader took over, as older counts are read from ZooKeeper only when needed.
   */
  get skippedInRow(): number {
    let total = 0;
    for (const count of this.skipsInRow.values()) total += count;
    return total;
  }

  /** Whether this leader runs, or holds for its fire time, the run. */
  handles(topologyId: string, runId: string, fireTime: number): boolean {
    return (
      this.active.get(topologyId)?.has(runId) === true ||
      this.claimedAhead.has(fireTime, `${topologyId}/${runId}`)
    );
  }

  /**
   * Cancels a topology's running runs (delete, REPLACE); their tasks are killed. Runs held for
   * their fire time are dropped: deleting the topology removes them.
   */
  cancelRuns(topologyId: string, reason: string): void {
    this.skipsInRow.delete(topologyId);
    this.claimedAhead.dropWhere((held) => held.topology.id === topologyId);
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
    this.claimedAhead.clear();
    this.skipsInRow.clear();
    for (const runs of this.active.values())
      for (const execution of runs.values()) execution.abort(new LeadershipLostError());
    this.active.clear();
  }

  private activeRunIds(topologyId: string): string[] {
    return [...(this.active.get(topologyId)?.keys() ?? [])];
  }

  private holdUntilFireTime(topology: TopologyDetails, run: Versioned<RunInfo>, fireTime: number): void {
    this.claimedAhead.hold(fireTime, `${topology.id}/${run.value.runId}`, { topology, run });
  }

  /**
   * A fire claimed ahead, at its time: launched as the topology is now, recorded SKIPPED, or, the
   * topology paused meanwhile, removed.
   */
  private launchClaimed(held: ClaimedAhead, fireTime: number): void {
    const { run } = held;
    const topology = this.deps.schedule.scheduledAt(held.topology.id, fireTime);
    if (!topology) return this.withdraw(held, fireTime, 'changed', 'schedule changed before its fire time');
    const decision = decideLaunch(topology, this.activeRunIds(topology.id));
    if (decision.kind === 'nothing') return this.discard(held);
    if (decision.kind === 'skip') return this.withdraw(held, fireTime, decision.cause, decision.reason);
    this.replace(topology.id, decision.replace);
    this.deps.bus.publish({ type: 'RUN_CHANGED', run: run.value });
    this.launchScheduled(topology, run, fireTime);
  }

  /** Records a run claimed ahead as SKIPPED: its fire time came and it was not to run (its tasks stay PENDING). */
  private withdraw(
    { topology, run: claimed }: ClaimedAhead,
    fireTime: number,
    cause: SkipCause,
    reason: string,
  ): void {
    const { value: run } = claimed;
    const updated = this.deps.clock.now();
    const write = async (): Promise<void> => {
      const skippedInRow = (await this.skipsBefore(topology.id, fireTime)) + 1;
      const skipped: RunInfo = {
        ...run,
        state: nextRunState(run.state, 'skipped', {
          runType: run.runType,
          triggerType: topology.topology.trigger.type,
        }),
        message: `Skipped: ${reason}`,
        updated,
        leader: this.deps.nodeUrl,
        skippedInRow,
      };
      await this.deps.runs.update(skipped, claimed.version, this.deps.fence());
      this.skipsInRow.set(topology.id, skippedInRow);
      this.deps.bus.publish({ type: 'RUN_CHANGED', run: skipped });
      this.deps.observer?.skipped(cause);
    };
    write().catch((error: unknown) =>
      this.logger.warn(
        { err: error, topologyId: run.topologyId, runId: run.runId },
        'could not record a skipped fire',
      ),
    );
  }

  /** Removes a run claimed ahead whose fire came while its topology was paused: a pause records no runs. */
  private discard({ run }: ClaimedAhead): void {
    this.deps.runs
      .discard(run, this.deps.fence())
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error, topologyId: run.value.topologyId, runId: run.value.runId },
          'could not remove a fire claimed ahead of a pause',
        ),
      );
  }

  private launchScheduled(topology: TopologyDetails, claimed: Versioned<RunInfo>, fireTime: number): void {
    this.skipsInRow.set(topology.id, 0);
    this.deps.observer?.launched('SCHEDULED', this.deps.clock.now() - fireTime);
    this.start(topology, claimed, fireTime);
  }

  /** Overlap policy REPLACE: the runs still going are cancelled as the new one starts. */
  private replace(topologyId: string, runIds: string[]): void {
    for (const runId of runIds)
      this.active
        .get(topologyId)
        ?.get(runId)
        ?.abort(new RunCancelledError('replaced by a newer run (overlap policy REPLACE)'));
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
    const skippedInRow = (await this.skipsBefore(topology.id, fireTime)) + 1;
    const claimed = await this.claim(topology, fireTime, 'SCHEDULED', 'SKIPPED', `Skipped: ${reason}`, {
      skippedInRow,
    });
    if (!claimed) return;
    this.skipsInRow.set(topology.id, skippedInRow);
    this.deps.observer?.skipped(cause);
  }

  /** Fires skipped in a row before `fireTime`: known, or, first after a takeover, read from the run before it. */
  private async skipsBefore(topologyId: string, fireTime: number): Promise<number> {
    const known = this.skipsInRow.get(topologyId);
    if (known !== undefined) return known;
    const previous = await this.deps.runs.latest(topologyId, fireTime - 1);
    return previous?.state === 'SKIPPED' ? (previous.skippedInRow ?? 1) : 0;
  }

  private async claim(
    topology: TopologyDetails,
    fireTime: number,
    runType: RunType,
    state: RunState,
    message: string,
    { recordFire = true, skippedInRow }: { recordFire?: boolean; skippedInRow?: number } = {},
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
      ...(skippedInRow !== undefined && { skippedInRow }),
      tasks: Object.fromEntries(
        leafTasks(topology.topology.task).map((task, index) => {
          const taskId = taskIdFor(topology.id, runId, task.taskName);
          // A run claimed at its fire time is launched at once: it is claimed with its first task already
          // STARTING, one write fewer per run, and safe, since a launch is idempotent should this leader die
          // before it. One claimed ahead keeps every task PENDING until its time, so that a new leader can
          // tell it was never launched.
          const starting = state === 'RUNNING' && index === 0 && fireTime <= now;
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
    // A run claimed ahead is published when its fire time comes.
    if (claimed && fireTime <= now) this.deps.bus.publish({ type: 'RUN_CHANGED', run });
    else if (!claimed)
      this.logger.info({ topologyId: topology.id, runId }, 'fire already claimed; nothing launched');
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

/** Claimed ahead of its fire time and not launched since: no task has been handed to a runner. */
function neverLaunched(run: RunInfo): boolean {
  return (
    run.runType === 'SCHEDULED' &&
    Object.values(run.tasks).every((task) => task.state === 'PENDING' && !task.attempts)
  );
}
