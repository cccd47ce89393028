import { parseRunId, type TopologyDetails } from '@epoch/shared';
import type { Logger } from 'pino';
import type { EpochEvent, EventBus } from '../events/event-bus.js';
import type { ExitRouter } from '../execution/container/exit-router.js';
import type { RunLauncher } from '../execution/run-launcher.js';
import type { RetentionJob } from '../retention/retention-job.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import type { Scheduler } from '../scheduling/scheduler.js';
import type { RunStore } from '../store/run-store.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { LeaderElection } from './leader-election.js';

export interface LeaderDutiesDeps {
  election: LeaderElection;
  scheduler: Scheduler;
  launcher: RunLauncher;
  topologies: TopologyStore;
  schedules: ScheduleStore;
  runs: RunStore;
  runtime: ContainerRuntime;
  exits: ExitRouter;
  retention: RetentionJob;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
}

/**
 * What only the leader does, switched on and off with leadership: watching container exits,
 * scheduling (rebuilt from ZooKeeper, missed fires planned from each topology's last scheduled
 * fire), adopting the runs a previous leader left RUNNING, and run retention. Losing leadership
 * stops it all at once.
 */
export class LeaderDuties {
  private watch: AbortController | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Topologies changed by events while taking over: newer than what the takeover listed. */
  private changedDuringTakeover: Set<string> | null = null;

  constructor(private readonly deps: LeaderDutiesDeps) {}

  start(): void {
    this.deps.election.on('leadership', this.onLeadership);
    this.unsubscribe = this.deps.bus.subscribe(this.onEvent);
    if (this.deps.election.isLeader) this.onLeadership(true);
  }

  stop(): void {
    this.deps.election.off('leadership', this.onLeadership);
    this.unsubscribe?.();
    this.standDown();
  }

  private readonly onLeadership = (leading: boolean): void => {
    if (!leading) return this.standDown();
    this.takeOver().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'taking over as leader failed; standing down');
      this.standDown();
    });
  };

  private async takeOver(): Promise<void> {
    const { scheduler, launcher, runtime, exits, topologies, schedules, logger } = this.deps;
    this.watch = new AbortController();
    const watch = runtime.watch(this.watch.signal, exits.onExit);
    watch.done.catch((error: unknown) => logger.error({ err: error }, 'container watch ended'));
    // Scheduling starts empty, so changes made while the takeover reads ZooKeeper are not lost.
    this.changedDuringTakeover = new Set();
    scheduler.start([]);
    const all = await topologies.list();
    for (const topology of all) {
      // A change (update, pause, unpause) restarts scheduling from its time, as it does on the live leader.
      const after = Math.max(
        (await schedules.lastScheduledFire(topology.id)) ?? topology.updated,
        topology.updated,
      );
      if (!this.changedDuringTakeover.has(topology.id)) scheduler.upsert(topology, after);
    }
    this.changedDuringTakeover = null;
    for (const topology of all) await this.adoptRunning(topology, launcher);
    this.deps.retention.start();
    logger.info({ topologies: all.length }, 'leader duties started');
  }

  private async adoptRunning(topology: TopologyDetails, launcher: RunLauncher): Promise<void> {
    for (const run of await this.deps.runs.list(topology.id)) {
      if (run.state !== 'RUNNING' || launcher.activeRunIds(topology.id).includes(run.runId)) continue;
      const stored = await this.deps.runs.get(topology.id, run.runId);
      if (!stored) continue;
      const fireTime = parseRunId(run.runId)?.fireTime ?? run.created;
      this.deps.logger.info({ topologyId: topology.id, runId: run.runId }, 'adopting a running run');
      launcher.adopt(topology, stored, fireTime);
    }
  }

  private standDown(): void {
    this.changedDuringTakeover = null;
    this.deps.retention.stop();
    this.deps.scheduler.stop();
    this.deps.launcher.stopAll();
    this.watch?.abort();
    this.watch = null;
  }

  private readonly onEvent = (event: EpochEvent): void => {
    if (!this.deps.scheduler.enabled) return;
    if (event.type !== 'RUN_CHANGED') {
      this.changedDuringTakeover?.add(
        event.type === 'TOPOLOGY_CHANGED' ? event.topology.id : event.topologyId,
      );
    }
    if (event.type === 'TOPOLOGY_CHANGED') {
      // Changes take effect from now: an unpause does not replay what was missed while paused.
      this.deps.scheduler.upsert(event.topology, this.deps.clock.now());
    } else if (event.type === 'TOPOLOGY_DELETED') {
      this.deps.scheduler.remove(event.topologyId);
      this.deps.launcher.cancelRuns(event.topologyId, 'topology deleted');
    }
  };
}
