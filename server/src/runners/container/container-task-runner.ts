import type { ContainerTask } from '@epoch/shared';
import { attemptContainerName } from './runtime/container-name.js';
import { containerSpecFor } from './runtime/container-spec.js';
import type { ContainerExit, ContainerRuntime, ContainerSpec } from './runtime/container-runtime.js';
import { ContainerStartError, ImagePullError, InvalidContainerSpecError } from './runtime/runtime-errors.js';
import { taskOutcome, type TaskEnd } from './runtime/task-outcome.js';
import { LeadershipLostError } from '../../execution/leadership-lost-error.js';
import {
  TaskTimeoutError,
  type AttemptContext,
  type AttemptResult,
  type TaskRunner,
} from '../task-runner.js';
import type { ExitRouter } from './exit-router.js';

/** How long a killed container may take to report its exit before we stop waiting. */
const EXIT_AFTER_KILL_MS = 30_000;

/**
 * One attempt of a container task: launch (idempotent: a container that exists is adopted, never
 * started twice), wait for its exit from the runtime's event stream, kill on cancel or timeout.
 * A resumed attempt (after a leader change) never launches: a vanished container is a failure.
 */
export class ContainerTaskRunner implements TaskRunner<ContainerTask> {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly exits: ExitRouter,
    private readonly cluster: string,
  ) {}

  async run(task: ContainerTask, context: AttemptContext): Promise<AttemptResult> {
    const spec = this.specFor(task, context);
    const launched = context.resume ? await this.adopt(spec) : await this.launch(spec, context.signal);
    if ('state' in launched) return launched;
    context.onStarted(launched.containerId);
    try {
      const exit = await this.exits.wait(spec.name, context.signal);
      return this.fromEnd({ kind: 'exited', ...exit, cancelled: false }, exit, launched.containerId);
    } catch (reason) {
      return this.stopped(spec, reason, launched.containerId);
    }
  }

  private specFor(task: ContainerTask, context: AttemptContext): ContainerSpec {
    const spec = containerSpecFor(task, context, { cluster: this.cluster });
    return { ...spec, name: attemptContainerName(spec.name, context.attempt) };
  }

  private async launch(
    spec: ContainerSpec,
    signal: AbortSignal,
  ): Promise<{ containerId: string } | AttemptResult> {
    try {
      return await this.runtime.launch(spec, signal);
    } catch (error) {
      if (error instanceof ImagePullError) {
        return {
          ...taskOutcome({ kind: 'pull-failed', image: spec.image, reason: error.message }),
          retryable: true,
        };
      }
      if (error instanceof ContainerStartError) {
        return {
          ...taskOutcome({ kind: 'start-failed', containerName: spec.name, reason: error.message }),
          retryable: false,
        };
      }
      if (error instanceof InvalidContainerSpecError) {
        return { state: 'FAILED', retryable: false, errorMessage: error.message };
      }
      if (signal.aborted) return this.abortedBeforeStart(signal.reason);
      throw error;
    }
  }

  private async adopt(spec: ContainerSpec): Promise<{ containerId: string } | AttemptResult> {
    const status = await this.runtime.inspect(spec.name);
    if (!status) return { ...taskOutcome({ kind: 'vanished', containerName: spec.name }), retryable: false };
    return { containerId: status.containerId };
  }

  private async stopped(spec: ContainerSpec, reason: unknown, containerId: string): Promise<AttemptResult> {
    // A deposed leader leaves the container running: the next leader adopts it.
    if (reason instanceof LeadershipLostError) throw reason;
    const wasRunning = await this.runtime.kill(spec.name);
    const exit = await this.exits
      .wait(spec.name, AbortSignal.timeout(EXIT_AFTER_KILL_MS))
      .catch(() => undefined);
    if (reason instanceof TaskTimeoutError) {
      return {
        state: 'FAILED',
        retryable: true,
        errorMessage: reason.message,
        upstreamId: containerId,
        exitCode: exit?.exitCode,
      };
    }
    if (exit && !wasRunning)
      return this.fromEnd({ kind: 'exited', ...exit, cancelled: false }, exit, containerId);
    return { state: 'CANCELLED', retryable: false, upstreamId: containerId, exitCode: exit?.exitCode };
  }

  private abortedBeforeStart(reason: unknown): AttemptResult {
    if (reason instanceof LeadershipLostError) throw reason;
    if (reason instanceof TaskTimeoutError)
      return { state: 'FAILED', retryable: true, errorMessage: reason.message };
    return { state: 'CANCELLED', retryable: false };
  }

  private fromEnd(end: TaskEnd, exit: ContainerExit, containerId: string): AttemptResult {
    const outcome = taskOutcome(end);
    return {
      ...outcome,
      // A non-zero exit or an OOM kill may pass on another attempt; the caller applies the task's retries.
      retryable: outcome.state === 'FAILED',
      upstreamId: containerId,
      exitCode: exit.exitCode,
    };
  }
}
