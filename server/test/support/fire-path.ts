// The leader's fire path with every interface faked (clock, election, run store, task runners) and the real
// scheduler, launcher and execution between them: table tests of what a fire becomes, without ZooKeeper or Docker.
import {
  runIdFor,
  topologyDetailsSchema,
  type RunInfo,
  type RunTaskInfo,
  type TopologyDetails,
} from '@epoch/shared';
import { pino } from 'pino';
import { MemoryElection } from '../../src/cluster/memory-election.js';
import { EventBus } from '../../src/events/event-bus.js';
import type { SkipCause } from '../../src/execution/launch-decision.js';
import { RunLauncher } from '../../src/execution/run-launcher.js';
import { ScriptedTaskRunner } from '../../src/runners/scripted-task-runner.js';
import { Scheduler } from '../../src/scheduling/scheduler.js';
import { MemoryRunStore } from '../../src/store/memory-run-store.js';
import type { ZkOp } from '../../src/zk/zk-client.js';
import { ManualClock } from './manual-clock.js';

export const T = (iso: string): number => Date.parse(iso);

/** A valid topology (parsed by the API's schema, defaults filled) calling one HTTP task every `timeSpec`. */
export function cronTopology(
  id: string,
  timeSpec: string,
  overrides: {
    task?: Record<string, unknown>;
    topology?: Record<string, unknown>;
    state?: 'ACTIVE' | 'PAUSED';
  } = {},
): TopologyDetails {
  return topologyDetailsSchema.parse({
    id,
    state: overrides.state ?? 'ACTIVE',
    created: 0,
    updated: 0,
    topology: {
      name: id,
      task: { type: 'HTTP', taskName: 'call', url: 'http://127.0.0.1:9/hook', ...overrides.task },
      trigger: { type: 'CRON', timeSpec, timeZone: 'UTC' },
      misfirePolicy: 'RUN_ONCE',
      startingDeadlineSeconds: 300,
      ...overrides.topology,
    },
  });
}

export interface FirePathOptions {
  start: string;
  /** The scheduler's claim-ahead window. */
  lookaheadMs?: number;
  runner?: ScriptedTaskRunner;
}

export function firePath({ start, lookaheadMs = 0, runner = new ScriptedTaskRunner() }: FirePathOptions) {
  const clock = new ManualClock(T(start));
  const logger = pino({ level: 'silent' });
  const election = new MemoryElection();
  election.lead();
  const runs = new MemoryRunStore(election.fenceHolds);
  const bus = new EventBus();
  const launched: Array<{ runType: string; lagMs: number }> = [];
  const skipped: SkipCause[] = [];
  const schedules = {
    recordOp: (topologyId: string, fireTime: number): ZkOp => ({
      op: 'setData',
      path: `/schedules/${topologyId}`,
      data: Buffer.from(String(fireTime)),
      version: -1,
    }),
    ensure: async (topologyId: string) => void runs.withoutSchedule.delete(topologyId),
  };
  const scheduler = new Scheduler(clock, (due): number | null => launcher.onDue(due), logger, {
    lookaheadMs,
  });
  const launcher: RunLauncher = new RunLauncher(
    {
      nodeUrl: election.url,
      runs,
      schedules,
      schedule: scheduler,
      fence: () => election.fence(),
      bus,
      clock,
      logger,
      observer: {
        launched: (runType, lagMs) => launched.push({ runType, lagMs }),
        skipped: (cause) => skipped.push(cause),
      },
      runners: { HTTP: runner, CONTAINER_EXECUTION: runner },
    },
    logger,
  );

  /** Lets every write, promise and next-tick batch settle: the fakes answer asynchronously. */
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  return {
    clock,
    election,
    runs,
    bus,
    scheduler,
    launcher,
    runner,
    launched,
    skipped,
    settle,
    /** Moves the clock to `iso`, firing every timer on the way, then lets everything settle. */
    async at(iso: string): Promise<void> {
      clock.set(iso);
      await settle();
    },
    /** Stores the run of the fire at `fireIso` as a previous leader left it: begun, its one task in `state`. */
    async leftBegun(topologyId: string, fireIso: string, taskName: string, state: RunTaskInfo['state']) {
      const runId = runIdFor('SCHEDULED', T(fireIso));
      const taskId = `${topologyId}-${runId}-${taskName}`;
      const run: RunInfo = {
        topologyId,
        runId,
        state: 'RUNNING',
        runType: 'SCHEDULED',
        created: 0,
        updated: 0,
        tasks: { [taskName]: { taskId, state, attempts: 1, startedAt: 0 } },
      };
      const claimed = await runs.claim(run, election.fence());
      if (claimed.kind !== 'claimed') throw new Error(`run ${runId} exists already`);
      return claimed.run;
    },
    /** The stored run of a scheduled fire at `iso`. */
    run(topologyId: string, iso: string): RunInfo | undefined {
      return runs.runs.get(`${topologyId}/${runIdFor('SCHEDULED', T(iso))}`)?.value;
    },
    /** Every stored run of a topology as `fire time → state`, in fire order. */
    states(topologyId: string): Record<string, string> {
      return Object.fromEntries(
        [...runs.runs.values()]
          .map(({ value }) => value)
          .filter((run) => run.topologyId === topologyId)
          .sort((a, b) => a.runId.localeCompare(b.runId))
          .map((run) => [run.runId, run.state]),
      );
    },
  };
}
