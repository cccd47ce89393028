import { RUN_STATES, RUN_TYPES } from '@epoch/shared';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Election } from '../cluster/election.js';
import type { EventBus } from '../events/event-bus.js';
import type { SkipCause } from '../execution/launch-decision.js';
import type { LaunchObserver, RunLauncher } from '../execution/run-launcher.js';
import { TERMINAL_TASK_STATES } from '../runs/state-machines.js';
import type { RetentionObserver } from '../retention/retention-job.js';
import type { Scheduler } from '../scheduling/scheduler.js';
import type { ZkOperationObserver } from '../zk/zk-client.js';
import type { RuntimeOperation } from './counting-runtime.js';
import { runOutcome } from './run-outcome.js';

const SKIP_CAUSES: SkipCause[] = ['overlap', 'misfire', 'changed'];

/**
 * One node's Prometheus metrics, in a registry of its own (several nodes in one process, as in the
 * tests, must not share counters), with the observers that feed them. Only the leader schedules and
 * launches, so a follower's run counters stay at zero.
 */
export class NodeMetrics {
  readonly registry = new Registry();

  private readonly fireLag = new Histogram({
    name: 'epoch_fire_lag_seconds',
    help: 'Time from a scheduled fire time to the fire being claimed and its run started',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly launched = new Counter({
    name: 'epoch_runs_launched_total',
    help: 'Runs claimed and started by this node, by run type (SCHEDULED fires, INSTANT runs)',
    labelNames: ['run_type'],
    registers: [this.registry],
  });
  private readonly skipped = new Counter({
    name: 'epoch_runs_skipped_total',
    help: 'Scheduled fires recorded as SKIPPED runs, by reason (overlap, misfire, changed); a paused topology records none',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly runs = new Counter({
    name: 'epoch_runs_total',
    help: 'Runs that ended, by terminal state',
    labelNames: ['state'],
    registers: [this.registry],
  });
  private readonly tasks = new Counter({
    name: 'epoch_tasks_total',
    help: 'Tasks that ended, by terminal state (counted when their run ends)',
    labelNames: ['state'],
    registers: [this.registry],
  });
  private readonly zkDuration = new Histogram({
    name: 'epoch_zookeeper_operation_seconds',
    help: 'ZooKeeper operations, by operation, failed ones included',
    labelNames: ['operation'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly zkErrors = new Counter({
    name: 'epoch_zookeeper_errors_total',
    help: 'ZooKeeper operations that failed, by operation and error code (NO_NODE is often an expected miss)',
    labelNames: ['operation', 'code'],
    registers: [this.registry],
  });
  private readonly runtimeErrors = new Counter({
    name: 'epoch_runtime_errors_total',
    help: 'Container runtime (Docker Engine) calls that failed for the engine, by operation',
    labelNames: ['operation'],
    registers: [this.registry],
  });

  private readonly retained = new Gauge({
    name: 'epoch_runs_retained',
    help: "Runs kept across all topologies after the leader's last retention pass",
    registers: [this.registry],
  });
  private readonly budget = new Gauge({
    name: 'epoch_runs_budget',
    help: 'Runs that may be kept across all topologies (EPOCH_RUNS_MAX_TOTAL)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Every expected series exists from the start, at zero, so rates and alerts need no special case.
    for (const state of RUN_STATES) if (state !== 'RUNNING') this.runs.inc({ state }, 0);
    for (const state of TERMINAL_TASK_STATES) this.tasks.inc({ state }, 0);
    for (const runType of RUN_TYPES) this.launched.inc({ run_type: runType }, 0);
    for (const reason of SKIP_CAUSES) this.skipped.inc({ reason }, 0);
  }

  readonly zkObserver: ZkOperationObserver = (operation, seconds, errorCode) => {
    this.zkDuration.observe({ operation }, seconds);
    if (errorCode) this.zkErrors.inc({ operation, code: errorCode });
  };

  readonly launches: LaunchObserver = {
    launched: (runType, lagMs) => {
      this.launched.inc({ run_type: runType });
      // A timer may fire a hair early; an instant run has no schedule to lag behind.
      if (runType === 'SCHEDULED') this.fireLag.observe(Math.max(0, lagMs) / 1000);
    },
    skipped: (cause) => this.skipped.inc({ reason: cause }),
  };

  readonly retention: RetentionObserver = ({ retained }) => {
    this.retained.set(retained);
  };

  /** The runs budget, known from the start: a scrape before the first retention pass shows it too. */
  runsBudget(budget: number): void {
    this.budget.set(budget);
  }

  readonly runtimeFailure = (operation: RuntimeOperation): void => {
    this.runtimeErrors.inc({ operation });
  };

  /** Counts runs and their tasks as they end; returns the unsubscribe function. */
  countRuns(bus: EventBus): () => void {
    return bus.subscribe((event) => {
      if (event.type !== 'RUN_CHANGED') return;
      const outcome = runOutcome(event.run);
      if (!outcome) return;
      this.runs.inc({ state: outcome.runState });
      for (const state of outcome.taskStates) this.tasks.inc({ state });
    });
  }

  /** Leadership, the schedule's size and the skips in a row, read when scraped. */
  watchNode(election: Election, scheduler: Scheduler, launcher: Pick<RunLauncher, 'skippedInRow'>): void {
    new Gauge({
      name: 'epoch_leader',
      help: '1 while this node is the leader, else 0',
      registers: [this.registry],
      collect() {
        this.set(election.isLeader ? 1 : 0);
      },
    });
    new Gauge({
      name: 'epoch_scheduled_topologies',
      help: "Topologies in this node's schedule (the leader's; 0 on a follower)",
      registers: [this.registry],
      collect() {
        this.set(scheduler.size);
      },
    });
    // One series, not one per topology: the count per topology is in its summary (skippedSinceLastRun).
    new Gauge({
      name: 'epoch_fires_skipped_since_last_run',
      help: "Fires skipped in a row since their topology's last run, summed over the leader's topologies that fired since it took over",
      registers: [this.registry],
      collect() {
        this.set(launcher.skippedInRow);
      },
    });
  }
}
