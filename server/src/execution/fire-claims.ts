import {
  leafTasks,
  parseRunId,
  runIdFor,
  taskIdFor,
  type RunInfo,
  type RunOverrides,
  type RunType,
  type TopologyDetails,
} from '@epoch/shared';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import { nextRunState } from '../runs/state-machines.js';
import type { RunStore } from '../store/run-store.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import type { Versioned } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { ZkOp } from '../zk/zk-client.js';
import type { SkipCause } from './launch-decision.js';

export interface FireClaimsDeps {
  nodeUrl: string;
  runs: RunStore;
  schedules: Pick<ScheduleStore, 'recordOp' | 'ensure'>;
  fence: () => ZkOp;
  bus: EventBus;
  clock: Clock;
  /** Told of each fire recorded SKIPPED. */
  onSkipped?: (cause: SkipCause) => void;
}

/** What an instant run may carry beyond its topology: overrides of its tasks, the run it re-runs. */
export interface InstantRunOptions {
  overrides?: RunOverrides;
  rerunOf?: string;
}

/** How a fire is claimed: at its time and launched at once, ahead of it, or skipped. */
export type ClaimKind = 'at-fire-time' | 'ahead' | 'skipped';

/**
 * The launcher's writes of fires: a claim creates the fire's run (id from the fire time) in one fenced
 * write with the topology's last scheduled fire, so a fire is claimed once whoever tries; a claimed run
 * is later skipped or withdrawn by compare-and-set. Keeps, per topology, the fires skipped in a row.
 */
export class FireClaims {
  /**
   * Per topology, the fires skipped in a row since its last run. Each SKIPPED run carries the count
   * (`skippedInRow`), so the latest run, read anyway for a summary, tells it: no write beyond the skip's own,
   * and whole however many skipped runs retention removed. Seeded from that run after a takeover.
   */
  private readonly skipsInRow = new Map<string, number>();

  constructor(
    private readonly deps: FireClaimsDeps,
    private readonly logger: Logger,
  ) {}

  /** Fires skipped in a row since their topology's last run, summed over the topologies this leader saw fire. */
  get skippedInRow(): number {
    let total = 0;
    for (const count of this.skipsInRow.values()) total += count;
    return total;
  }

  /** A run began: the topology's skips in a row are over. */
  began(topologyId: string): void {
    this.skipsInRow.set(topologyId, 0);
  }

  forget(topologyId: string): void {
    this.skipsInRow.delete(topologyId);
  }

  clear(): void {
    this.skipsInRow.clear();
  }

  /** Claims a fire; null when it was claimed already (by this leader before, or another). */
  async claim(
    topology: TopologyDetails,
    fireTime: number,
    runType: RunType,
    kind: ClaimKind,
    skip?: { cause: SkipCause; reason: string },
    instant: InstantRunOptions = {},
  ): Promise<Versioned<RunInfo> | null> {
    const skippedInRow = kind === 'skipped' ? (await this.skipsBefore(topology.id, fireTime)) + 1 : undefined;
    const run = { ...this.newRun(topology, fireTime, runType, kind, skip?.reason, skippedInRow), ...instant };
    const recordFire =
      runType === 'SCHEDULED' ? this.deps.schedules.recordOp(topology.id, fireTime) : undefined;
    let result = await this.deps.runs.claim(run, this.deps.fence(), recordFire);
    if (result.kind === 'no-schedule') {
      await this.deps.schedules.ensure(topology.id, fireTime);
      result = await this.deps.runs.claim(run, this.deps.fence(), recordFire);
    }
    if (result.kind !== 'claimed') {
      this.logger.info(
        { topologyId: topology.id, runId: run.runId },
        'fire already claimed; nothing launched',
      );
      return null;
    }
    if (skippedInRow !== undefined) this.skipped(topology.id, skippedInRow, skip!.cause);
    // A run claimed ahead is no run yet: it is published when it begins.
    if (kind !== 'ahead') this.deps.bus.publish({ type: 'RUN_CHANGED', run });
    return result.run;
  }

  /** Records a claimed run as SKIPPED: its fire time came and it was not to run. */
  async skipClaimed(
    topology: TopologyDetails,
    claimed: Versioned<RunInfo>,
    cause: SkipCause,
    reason: string,
  ): Promise<void> {
    const { value: run } = claimed;
    const fireTime = parseRunId(run.runId)?.fireTime ?? this.deps.clock.now();
    const skippedInRow = (await this.skipsBefore(topology.id, fireTime)) + 1;
    const skipped: RunInfo = {
      ...run,
      state: nextRunState(run.state, 'skipped', {
        runType: run.runType,
        triggerType: topology.topology.trigger.type,
      }),
      message: `Skipped: ${reason}`,
      updated: this.deps.clock.now(),
      leader: this.deps.nodeUrl,
      skippedInRow,
    };
    await this.deps.runs.update(skipped, claimed.version, this.deps.fence());
    this.skipped(topology.id, skippedInRow, cause);
    this.deps.bus.publish({ type: 'RUN_CHANGED', run: skipped });
  }

  /** Withdraws a claimed run: its record goes (its topology was paused, and a pause records no runs). */
  withdraw(claimed: Versioned<RunInfo>): Promise<void> {
    return this.deps.runs.discard(claimed, this.deps.fence());
  }

  private skipped(topologyId: string, skippedInRow: number, cause: SkipCause): void {
    this.skipsInRow.set(topologyId, skippedInRow);
    this.deps.onSkipped?.(cause);
  }

  /** Fires skipped in a row before `fireTime`: known, or, first after a takeover, read from the run before it. */
  private async skipsBefore(topologyId: string, fireTime: number): Promise<number> {
    const known = this.skipsInRow.get(topologyId);
    if (known !== undefined) return known;
    const previous = await this.deps.runs.latest(topologyId, fireTime - 1);
    return previous?.state === 'SKIPPED' ? (previous.skippedInRow ?? 1) : 0;
  }

  private newRun(
    topology: TopologyDetails,
    fireTime: number,
    runType: RunType,
    kind: ClaimKind,
    skipReason: string | undefined,
    skippedInRow: number | undefined,
  ): RunInfo {
    const runId = runIdFor(runType, fireTime);
    const now = this.deps.clock.now();
    const state = kind === 'ahead' ? 'CLAIMED' : kind === 'skipped' ? 'SKIPPED' : 'RUNNING';
    return {
      topologyId: topology.id,
      runId,
      state,
      message: skipReason === undefined ? 'Job started' : `Skipped: ${skipReason}`,
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
          // before it.
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
  }
}
