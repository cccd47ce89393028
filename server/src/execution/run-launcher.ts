import { NotFoundError, type RunInfo, type RunType, type TopologyDetails } from '@epoch/shared';
import type { Logger } from 'pino';
import { hasBegun } from '../runs/state-machines.js';
import { planFires, type FirePlan } from '../scheduling/fire-planner.js';
import type { DueFire } from '../scheduling/scheduler.js';
import { compileTrigger, type CompiledTrigger } from '../scheduling/trigger-fires.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import type { Versioned } from '../store/topology-store.js';
import { FireClaims, type InstantRunOptions } from './fire-claims.js';
import { FireTimeGate } from './fire-time-gate.js';
import { decideLaunch, recordsFires, type SkipCause } from './launch-decision.js';
import { LeadershipLostError } from './leadership-lost-error.js';
import { RunExecution, type ExecutionDeps } from './run-execution.js';

export class RunCancelledError extends Error {
  override readonly name = 'RunCancelledError';
}

/** Told of each fire this launcher claims (metrics listen here). */
export interface LaunchObserver {
  /** A run began `lagMs` after its fire time (an instant run's fire time is its request). */
  launched(runType: RunType, lagMs: number): void;
  /** A scheduled fire was recorded as a SKIPPED run. */
  skipped(cause: SkipCause): void;
}

/** What a fire claimed ahead of its time is checked against when the time comes. */
export interface CurrentSchedule {
  /** The topology as scheduled now, if `fireTime` is still one of its fires. */
  scheduledAt(topologyId: string, fireTime: number): TopologyDetails | null;
}

export type LauncherDeps = ExecutionDeps & {
  schedules: Pick<ScheduleStore, 'recordOp' | 'ensure'>;
  schedule: CurrentSchedule;
  observer?: LaunchObserver;
};

interface Claimed {
  /** As it was when the fire was claimed. */
  topology: TopologyDetails;
  run: Versioned<RunInfo>;
}

/**
 * Decides what happens at a fire, for live fires and adopted ones alike. The fire planner says which
 * due fires launch and which were missed; a fire ahead of its time is claimed at once (its write off
 * the fire's critical path) and held until its time; at a fire time the launch decision — pause,
 * overlap — says whether it begins, is skipped, or, claimed while its topology was since paused, is
 * withdrawn. Every fire is claimed before anything launches, so a fire claimed already launches
 * nothing. Keeps the executions of this leader.
 */
export class RunLauncher {
  private readonly active = new Map<string, Map<string, RunExecution>>();
  /** Fires of one topology are claimed in order. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly held: FireTimeGate<Claimed>;
  private readonly claims: FireClaims;

  constructor(
    private readonly deps: LauncherDeps,
    private readonly logger: Logger,
  ) {
    this.claims = new FireClaims({ ...deps, onSkipped: (cause) => deps.observer?.skipped(cause) }, logger);
    this.held = new FireTimeGate(deps.clock, (claimed, fireTime) => this.release(claimed, fireTime));
  }

  /** The scheduler's due fires: returns the last fire accounted for, which it schedules on from. */
  readonly onDue = ({ topology, trigger, after, now }: DueFire): number | null => {
    const plan = this.plan(topology, trigger, after, now);
    // A paused topology's fires are nothing: no run, no skip, no claim. The scheduler moves on, and an unpause
    // restarts scheduling from its own time, so nothing is replayed.
    if (!recordsFires(topology) || (plan.launch === null && plan.skipped.length === 0))
      return plan.lastScheduledFire;
    this.enqueue(topology.id, async () => {
      for (const { fireTime, reason } of plan.skipped)
        await this.claims.claim(topology, fireTime, 'SCHEDULED', 'skipped', { cause: 'misfire', reason });
      if (plan.launch === null) return;
      if (plan.launch <= this.deps.clock.now()) return this.atFireTime(topology, plan.launch, null);
      const run = await this.claims.claim(topology, plan.launch, 'SCHEDULED', 'ahead');
      if (run) this.hold({ topology, run }, plan.launch);
    });
    return plan.lastScheduledFire;
  };

  /**
   * Epoch's instant run: works for paused topologies too. Returns the run id. `options` (overrides, the run
   * re-run) are recorded in the run, already validated against the topology.
   */
  async runNow(topology: TopologyDetails, now: number, options: InstantRunOptions = {}): Promise<string> {
    // Two instant runs in one millisecond would share an id: move to the next free millisecond.
    for (let fireTime = now; ; fireTime++) {
      const run = await this.claims.claim(topology, fireTime, 'INSTANT', 'at-fire-time', undefined, options);
      if (run) {
        this.begin(topology, run, fireTime);
        return run.value.runId;
      }
    }
  }

  /**
   * A new leader continues a run a previous one left unfinished. A begun one is adopted as it is; a claimed
   * one waits for its fire time if that is still to come; if it has passed, it is a missed fire and the
   * misfire policy decides (it begins if it is the latest fire due and late within the policy's bounds),
   * as for fires nobody claimed.
   */
  adopt(topology: TopologyDetails, run: Versioned<RunInfo>, fireTime: number): void {
    if (hasBegun(run.value)) return this.start(topology, run, fireTime, true);
    const claimed = { topology, run };
    if (fireTime > this.deps.clock.now()) return this.hold(claimed, fireTime);
    if (!recordsFires(topology)) return this.settle(this.claims.withdraw(run), run.value);
    const trigger = compileTrigger(topology.topology.trigger);
    const plan = this.plan(topology, trigger, fireTime - 1, this.deps.clock.now());
    if (plan.launch === fireTime) return this.release(claimed, fireTime);
    const missed = plan.skipped.find((skipped) => skipped.fireTime === fireTime);
    if (missed) this.skipClaimed(claimed, 'misfire', missed.reason);
    else this.skipClaimed(claimed, 'changed', 'schedule changed before its fire time');
  }

  /** Fires skipped in a row since their topology's last run, summed over the topologies this leader saw fire. */
  get skippedInRow(): number {
    return this.claims.skippedInRow;
  }

  /** Whether this leader runs, or holds for its fire time, the run. */
  handles(topologyId: string, runId: string, fireTime: number): boolean {
    return (
      this.active.get(topologyId)?.has(runId) === true || this.held.has(fireTime, `${topologyId}/${runId}`)
    );
  }

  /**
   * Cancels a topology's running runs (delete, REPLACE); their tasks are killed. Runs held for
   * their fire time are dropped: deleting the topology removes them.
   */
  cancelRuns(topologyId: string, reason: string): void {
    this.claims.forget(topologyId);
    this.held.dropWhere((claimed) => claimed.topology.id === topologyId);
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
    this.held.clear();
    this.claims.clear();
    for (const runs of this.active.values())
      for (const execution of runs.values()) execution.abort(new LeadershipLostError());
    this.active.clear();
  }

  /** The one call of the fire planner: which of a topology's fires due in (after, now] launch, which were missed. */
  private plan(topology: TopologyDetails, trigger: CompiledTrigger, after: number, now: number): FirePlan {
    return planFires({ trigger, policy: topology.topology, after, now });
  }

  private hold(claimed: Claimed, fireTime: number): void {
    this.held.hold(fireTime, `${claimed.topology.id}/${claimed.run.value.runId}`, claimed);
  }

  /** A claimed fire at its time: it goes on as the topology is scheduled now, or is skipped if it no longer fires then. */
  private release(claimed: Claimed, fireTime: number): void {
    const topology = this.deps.schedule.scheduledAt(claimed.topology.id, fireTime);
    if (!topology) return this.skipClaimed(claimed, 'changed', 'schedule changed before its fire time');
    void this.atFireTime(topology, fireTime, claimed.run);
  }

  /**
   * The one call of the launch decision, at a fire's time: `claimed` is its run if claimed ahead, else the
   * fire is claimed now, as it begins or is skipped.
   */
  private async atFireTime(
    topology: TopologyDetails,
    fireTime: number,
    claimed: Versioned<RunInfo> | null,
  ): Promise<void> {
    const decision = decideLaunch(topology, this.activeRunIds(topology.id));
    if (decision.kind === 'nothing') {
      if (claimed) this.settle(this.claims.withdraw(claimed), claimed.value);
      return;
    }
    if (decision.kind === 'skip') {
      if (claimed) return this.skipClaimed({ topology, run: claimed }, decision.cause, decision.reason);
      await this.claims.claim(topology, fireTime, 'SCHEDULED', 'skipped', decision);
      return;
    }
    this.replace(topology.id, decision.replace);
    const run = claimed ?? (await this.claims.claim(topology, fireTime, 'SCHEDULED', 'at-fire-time'));
    if (run) this.begin(topology, run, fireTime);
  }

  private skipClaimed({ topology, run }: Claimed, cause: SkipCause, reason: string): void {
    this.settle(this.claims.skipClaimed(topology, run, cause, reason), run.value);
  }

  /** A write about a claimed run, off the fire's path: a failure is logged; a new leader settles the run. */
  private settle(write: Promise<void>, run: RunInfo): void {
    write.catch((error: unknown) =>
      this.logger.warn(
        { err: error, topologyId: run.topologyId, runId: run.runId },
        'could not settle a fire claimed ahead',
      ),
    );
  }

  private activeRunIds(topologyId: string): string[] {
    return [...(this.active.get(topologyId)?.keys() ?? [])];
  }

  private begin(topology: TopologyDetails, run: Versioned<RunInfo>, fireTime: number): void {
    this.claims.began(topology.id);
    this.deps.observer?.launched(run.value.runType, this.deps.clock.now() - fireTime);
    this.start(topology, run, fireTime);
  }

  /** Overlap policy REPLACE: the runs still going are cancelled as the new one starts. */
  private replace(topologyId: string, runIds: string[]): void {
    for (const runId of runIds)
      this.active
        .get(topologyId)
        ?.get(runId)
        ?.abort(new RunCancelledError('replaced by a newer run (overlap policy REPLACE)'));
  }

  private start(topology: TopologyDetails, run: Versioned<RunInfo>, fireTime: number, adopted = false): void {
    const execution = new RunExecution(this.deps, topology, run, fireTime, adopted);
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
