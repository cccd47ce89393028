import type { LeafTask, RunInfo, RunTaskInfo, Task, TaskRunState, TopologyDetails } from '@epoch/shared';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { RunStore } from '../store/run-store.js';
import type { Versioned } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import type { ZkOp } from '../zk/zk-client.js';
import { NextTickBatches } from '../batching/next-tick-batches.js';
import { atMostOnce, IN_DOUBT_MESSAGE, mayRetry } from './delivery-policy.js';
import { LeadershipLostError } from './leadership-lost-error.js';
import { withOverrides } from './run-overrides.js';
import { nextRunState, nextTaskState, TERMINAL_TASK_STATES, type TaskEvent } from '../runs/state-machines.js';
import { TaskTimeoutError, type AttemptResult, type TaskRunner } from '../runners/task-runner.js';

export interface ExecutionDeps {
  /** This node's advertised URL, recorded with every run write. */
  nodeUrl: string;
  runs: RunStore;
  fence: () => ZkOp;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  runners: {
    CONTAINER_EXECUTION: TaskRunner<Extract<LeafTask, { type: 'CONTAINER_EXECUTION' }>>;
    HTTP: TaskRunner<Extract<LeafTask, { type: 'HTTP' }>>;
  };
}

/** Known to have started under a previous leader: adopt, never launch. (STARTING may not have: launch is idempotent.) */
const RESUMABLE: ReadonlySet<TaskRunState> = new Set(['RUNNING', 'UNKNOWN']);

/**
 * One run, from its claimed record (RUNNING, or CLAIMED and begun with the first write) to a terminal state: the task tree in order
 * (COMPOSITE ALL stops at the first failure, ANY at the first success), each leaf with its
 * timeout and retries, every transition a fenced compare-and-set write, then published.
 * Started by a new leader on a RUNNING record, it resumes: finished tasks stay finished and
 * started ones are adopted.
 */
export class RunExecution {
  private run: Versioned<RunInfo>;
  private readonly changes = new NextTickBatches<QueuedChange>((batch) => this.writeBatch(batch), {
    maxInFlight: 1,
  });
  private writeFailure: unknown;
  private readonly controller = new AbortController();

  constructor(
    private readonly deps: ExecutionDeps,
    private readonly topology: TopologyDetails,
    claimed: Versioned<RunInfo>,
    private readonly fireTime: number,
    /** Continued from a record a previous leader left RUNNING. */
    private readonly adopted = false,
  ) {
    this.run = claimed;
  }

  get runId(): string {
    return this.run.value.runId;
  }

  get current(): RunInfo {
    return this.run.value;
  }

  /** Cancel (tasks are killed, the run ends CANCELLED) or, with LeadershipLostError, just stop acting. */
  abort(reason: Error): void {
    this.controller.abort(reason);
  }

  async execute(): Promise<RunInfo> {
    // A claimed run begins with its first write, which usually carries its first task's launch too.
    if (this.run.value.state === 'CLAIMED') void this.write((run) => this.begun(run)).catch(() => undefined);
    const outcome = await this.runTask(this.topology.topology.task);
    const event = outcome === 'COMPLETED' ? 'succeeded' : outcome === 'CANCELLED' ? 'cancelled' : 'failed';
    await this.write((run) => {
      // From `run`, not this.run: the last task's outcome may be queued in the same write.
      const failure = Object.values(run.tasks).find(
        (task) => task.state === 'FAILED' || task.state === 'UNKNOWN',
      );
      return {
        ...run,
        state: nextRunState(run.state, event, {
          runType: run.runType,
          triggerType: this.topology.topology.trigger.type,
        }),
        message:
          event === 'failed' && failure?.errorMessage
            ? failure.state === 'UNKNOWN'
              ? failure.errorMessage
              : `Task failed: ${failure.errorMessage}`
            : `Task ${outcome.toLowerCase()}`,
      };
    });
    return this.run.value;
  }

  private begun(run: RunInfo): RunInfo {
    const triggerType = this.topology.topology.trigger.type;
    return { ...run, state: nextRunState(run.state, 'begin', { runType: run.runType, triggerType }) };
  }

  private async runTask(task: Task): Promise<TaskRunState> {
    if (task.type !== 'COMPOSITE') return this.runLeaf(task);
    for (const child of task.tasks) {
      const state = await this.runTask(child);
      if (task.compositionType === 'ALL' && state !== 'COMPLETED') return state;
      if (task.compositionType === 'ANY' && state === 'COMPLETED') return state;
      if (this.controller.signal.aborted) return 'CANCELLED';
    }
    return task.compositionType === 'ALL' ? 'COMPLETED' : 'FAILED';
  }

  private async runLeaf(task: LeafTask): Promise<TaskRunState> {
    const initial = this.taskInfo(task.taskName);
    if (TERMINAL_TASK_STATES.has(initial.state)) return initial.state;
    const mayHaveGoneOut = this.adopted && task.type === 'HTTP' && initial.state !== 'PENDING';
    if (mayHaveGoneOut && atMostOnce(task)) return this.inDoubt(task.taskName, initial.state);
    // An HTTP call a previous leader may have sent is sent again as a new attempt, recorded before it goes,
    // so every delivery a receiver sees (one X-Epoch-Task-Id, distinct X-Epoch-Attempt) is in the run.
    let resume = !mayHaveGoneOut && RESUMABLE.has(initial.state);
    let launched = !mayHaveGoneOut && (resume || initial.state === 'STARTING');
    let attempt = initial.attempts ?? 0;
    for (;;) {
      if (this.controller.signal.aborted) {
        this.throwIfDeposed();
        await this.transition(task.taskName, 'cancelled', {});
        return 'CANCELLED';
      }
      if (!launched) {
        attempt++;
        // Recorded (fenced) before anything is sent or started: a deposed leader, or one cut off from
        // ZooKeeper, launches nothing, and a new leader that finds a task PENDING knows it never ran.
        await this.transition(task.taskName, 'launch', {
          attempts: attempt,
          startedAt: this.deps.clock.now(),
        });
      }
      const result = await this.attempt(task, Math.max(attempt, 1), resume);
      resume = false;
      launched = false;
      const retries = task.retries;
      if (retries && mayRetry(task, result, attempt) && !this.controller.signal.aborted) {
        await this.transition(task.taskName, 'retry', this.resultFields(result));
        await this.sleep(retries.delaySeconds * 1000 * retries.backoffFactor ** (attempt - 1));
        continue;
      }
      const event: TaskEvent =
        result.state === 'COMPLETED' ? 'succeeded' : result.state === 'CANCELLED' ? 'cancelled' : 'failed';
      // Not awaited: the task's outcome travels with whatever comes next (usually the run's end), and a
      // failed write fails every later one, so the caller's next awaited write reports it.
      void this.transition(task.taskName, event, {
        ...this.resultFields(result),
        finishedAt: this.deps.clock.now(),
      }).catch(() => undefined);
      return result.state;
    }
  }

  /**
   * An AT_MOST_ONCE call a previous leader may have sent: never sent again, the task ends UNKNOWN and the run
   * FAILED, saying so. Found UNKNOWN already (that leader's successor recorded it and was lost too), it stays.
   */
  private async inDoubt(taskName: string, state: TaskRunState): Promise<TaskRunState> {
    if (state !== 'UNKNOWN') {
      await this.transition(taskName, 'lost', {
        errorMessage: IN_DOUBT_MESSAGE,
        finishedAt: this.deps.clock.now(),
      });
    }
    return 'UNKNOWN';
  }

  private async attempt(task: LeafTask, attempt: number, resume: boolean): Promise<AttemptResult> {
    // HTTP tasks time themselves out (their timeout covers reading the response); containers are killed here.
    const signal = this.attemptSignal(task.type === 'HTTP' ? undefined : task.timeoutSeconds);
    const context = {
      topologyId: this.run.value.topologyId,
      runId: this.run.value.runId,
      taskName: task.taskName,
      taskId: this.taskInfo(task.taskName).taskId,
      attempt,
      resume,
      fireTime: this.fireTime,
      signal: signal.signal,
      onStarted: (upstreamId?: string) => {
        void this.transition(task.taskName, 'started', { upstreamId }).catch(() => undefined);
      },
    };
    const { overrides } = this.run.value;
    try {
      return task.type === 'HTTP'
        ? await this.deps.runners.HTTP.run(withOverrides(task, overrides), context)
        : await this.deps.runners.CONTAINER_EXECUTION.run(withOverrides(task, overrides), context);
    } finally {
      signal.dispose();
    }
  }

  /** The run's signal plus, when the task has one, its timeout (the abort reason says which). */
  private attemptSignal(timeoutSeconds: number | undefined): { signal: AbortSignal; dispose(): void } {
    if (timeoutSeconds === undefined) return { signal: this.controller.signal, dispose: () => undefined };
    const controller = new AbortController();
    const onRunAbort = () => controller.abort(this.controller.signal.reason);
    this.controller.signal.addEventListener('abort', onRunAbort, { once: true });
    const cancelTimer = this.deps.clock.setTimer(this.deps.clock.now() + timeoutSeconds * 1000, () =>
      controller.abort(new TaskTimeoutError(timeoutSeconds)),
    );
    return {
      signal: controller.signal,
      dispose: () => {
        cancelTimer();
        this.controller.signal.removeEventListener('abort', onRunAbort);
      },
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.deps.clock.setTimer(this.deps.clock.now() + ms, done);
      function done() {
        cancel();
        resolve();
      }
      this.controller.signal.addEventListener('abort', done, { once: true });
    });
  }

  private throwIfDeposed(): void {
    if (this.controller.signal.reason instanceof LeadershipLostError) throw this.controller.signal.reason;
  }

  private resultFields(result: AttemptResult): Partial<RunTaskInfo> {
    return {
      errorMessage: result.errorMessage,
      upstreamId: result.upstreamId,
      exitCode: result.exitCode,
      httpStatus: result.httpStatus,
      responseBody: result.responseBody,
    };
  }

  private taskInfo(taskName: string): RunTaskInfo {
    const info = this.run.value.tasks[taskName];
    if (!info) throw new Error(`run ${this.run.value.runId} has no task ${taskName}`);
    return info;
  }

  private transition(taskName: string, event: TaskEvent, fields: Partial<RunTaskInfo>): Promise<void> {
    return this.write((run) => {
      const task = run.tasks[taskName]!;
      const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      return {
        ...run,
        tasks: { ...run.tasks, [taskName]: { ...task, ...defined, state: nextTaskState(task.state, event) } },
      };
    });
  }

  /**
   * Changes are written in order, each batch one compare-and-set on the version the previous write
   * produced (so one write in flight at a time). Changes queued while a write is in flight, or in the same
   * macrotask, go out together in the next one, so a quick task costs one write for several transitions.
   * A failed write means this node can no longer write safely (ZooKeeper gone, fence lost): the execution
   * stops acting and every later write fails the same way.
   */
  private write(change: (run: RunInfo) => RunInfo): Promise<void> {
    if (this.writeFailure !== undefined) return Promise.reject(this.writeFailure);
    return new Promise((resolve, reject) => this.changes.push({ change, resolve, reject }));
  }

  private async writeBatch(batch: QueuedChange[]): Promise<void> {
    if (this.writeFailure !== undefined) {
      for (const queued of batch) queued.reject(this.writeFailure);
      return;
    }
    try {
      const changed = batch.reduce((run, queued) => queued.change(run), this.run.value);
      const updated = { ...changed, updated: this.deps.clock.now(), leader: this.deps.nodeUrl };
      this.run = await this.deps.runs.update(updated, this.run.version, this.deps.fence());
      this.deps.bus.publish({ type: 'RUN_CHANGED', run: updated });
      for (const queued of batch) queued.resolve();
    } catch (error) {
      this.deps.logger.warn(
        { err: error, topologyId: this.run.value.topologyId, runId: this.run.value.runId },
        'could not record a run change; this node stops acting on the run',
      );
      this.writeFailure = error;
      for (const queued of batch) queued.reject(error);
      this.controller.abort(new LeadershipLostError());
    }
  }
}

interface QueuedChange {
  change: (run: RunInfo) => RunInfo;
  resolve: () => void;
  reject: (error: unknown) => void;
}
