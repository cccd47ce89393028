import { parseRunId } from '@epoch/shared';
import pMap from 'p-map';
import type { Logger } from 'pino';
import type { EpochEvent, EventBus } from '../events/event-bus.js';
import type { ExitRouter } from '../runners/container/exit-router.js';
import type { RunLauncher } from '../execution/run-launcher.js';
import type { RetentionJob } from '../retention/retention-job.js';
import type { ContainerRuntime } from '../runners/container/runtime/container-runtime.js';
import type { Scheduler } from '../scheduling/scheduler.js';
import type { RunStore } from '../store/run-store.js';
import type { ScheduleStore } from '../store/schedule-store.js';
import { READ_CONCURRENCY, type TopologyStore } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { TopologyCatalog } from '../topologies/topology-catalog.js';
import type { TopologyLastRuns } from '../metrics/topology-last-runs.js';
import { isUnfinished } from '../runs/state-machines.js';
import type { Election } from './election.js';

const TAKEOVER_RETRY_MS = 2_000;

export interface LeaderDutiesDeps {
  election: Election;
  scheduler: Scheduler;
  launcher: RunLauncher;
  topologies: TopologyStore;
  catalog: TopologyCatalog;
  schedules: ScheduleStore;
  runs: RunStore;
  runtime: ContainerRuntime;
  exits: ExitRouter;
  retention: RetentionJob;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** The per-topology last-run metrics, read at takeover and forgotten at stand-down. */
  lastRuns?: Pick<TopologyLastRuns, 'load' | 'clear'>;
}

/**
 * What only the leader does, switched on and off with leadership: watching container exits,
 * scheduling (rebuilt from ZooKeeper, missed fires planned from each topology's last scheduled
 * fire), adopting the runs a previous leader left RUNNING, and run retention. Losing leadership
 * stops it all at once.
 */
export class LeaderDuties {
  /** The current term's duties, aborted when it ends (that stops the container watch). */
  private term: AbortController | null = null;
  private unsubscribe: (() => void) | null = null;
  private cancelRetry: (() => void) | null = null;

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
      this.standDown();
      if (!this.deps.election.isLeader) return;
      // Still elected: a leader that schedules nothing is worse than none, so try again until it works.
      this.deps.logger.error(
        { err: error, retryInMs: TAKEOVER_RETRY_MS },
        'taking over as leader failed; trying again',
      );
      this.cancelRetry = this.deps.clock.setTimer(this.deps.clock.now() + TAKEOVER_RETRY_MS, () => {
        this.cancelRetry = null;
        if (this.deps.election.isLeader) this.onLeadership(true);
      });
    });
  };

  private async takeOver(): Promise<void> {
    const { scheduler, launcher, runtime, exits, topologies, catalog, schedules, runs, logger } = this.deps;
    const term = new AbortController();
    this.term = term;
    const watch = runtime.watch(term.signal, exits.onExit);
    watch.done.catch((error: unknown) => logger.error({ err: error }, 'container watch ended'));
    // Scheduling starts empty and follows events at once, so changes made while the takeover reads ZooKeeper
    // are not lost; the catalog, recording from before the read, tells which listed topologies they overtook.
    scheduler.start([]);
    catalog.begin();
    const all = await topologies.list();
    catalog.load(all);
    const afters = await pMap(
      all,
      // A change (update, pause, unpause) restarts scheduling from its time, as it does on the live leader.
      async (topology) =>
        Math.max((await schedules.lastScheduledFire(topology.id)) ?? topology.updated, topology.updated),
      { concurrency: READ_CONCURRENCY },
    );
    // Stood down (or lost leadership) meanwhile: leave the new state alone.
    if (this.term !== term) return;
    all.forEach((topology, i) => {
      // Changed or deleted since it was listed (the catalog holds another version, or none): its event
      // scheduled it already.
      if (catalog.get(topology.id) === topology) scheduler.upsert(topology, afters[i]!);
    });
    const byId = new Map(all.map((topology) => [topology.id, topology]));
    const unfinished = await runs.listActive();
    await pMap(
      unfinished,
      async ({ topologyId, runId }) => {
        const topology = byId.get(topologyId);
        const fireTime = parseRunId(runId)?.fireTime;
        if (!topology || fireTime === undefined || launcher.handles(topologyId, runId, fireTime)) return;
        const stored = await runs.get(topologyId, runId);
        if (!stored || !isUnfinished(stored.value.state) || !scheduler.enabled) return;
        logger.info({ topologyId, runId }, 'adopting a running run');
        launcher.adopt(topology, stored, fireTime);
      },
      { concurrency: READ_CONCURRENCY },
    );
    this.deps.retention.start();
    // In the background: metrics must not hold up scheduling, and stop with the term.
    this.deps.lastRuns
      ?.load(
        all.map((topology) => topology.id),
        runs,
        term.signal,
      )
      .catch((error: unknown) => logger.warn({ err: error }, 'reading last runs for metrics failed'));
    logger.info({ topologies: all.length, adopted: unfinished.length }, 'leader duties started');
  }

  private standDown(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.deps.catalog.clear();
    this.deps.lastRuns?.clear();
    this.deps.retention.stop();
    this.deps.scheduler.stop();
    this.deps.launcher.stopAll();
    this.term?.abort();
    this.term = null;
  }

  private readonly onEvent = (event: EpochEvent): void => {
    if (!this.deps.scheduler.enabled) return;
    if (event.type === 'TOPOLOGY_CHANGED') {
      // Changes take effect from now: an unpause does not replay what was missed while paused.
      this.deps.scheduler.upsert(event.topology, this.deps.clock.now());
    } else if (event.type === 'TOPOLOGY_DELETED') {
      this.deps.scheduler.remove(event.topologyId);
      this.deps.launcher.cancelRuns(event.topologyId, 'topology deleted');
    }
  };
}
