// The container runner against the in-memory runtime: launch, exit codes, idempotent launch, the kill at a
// timeout, a resumed attempt whose container vanished, and a deposed leader leaving its container running.
import { containerTaskSchema, type ContainerTask } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { LeadershipLostError } from '../../execution/leadership-lost-error.js';
import { TaskTimeoutError, type AttemptContext } from '../task-runner.js';
import { ContainerTaskRunner } from './container-task-runner.js';
import { ExitRouter } from './exit-router.js';
import { MemoryContainerRuntime } from './runtime/memory-runtime.js';

const task: ContainerTask = containerTaskSchema.parse({
  type: 'CONTAINER_EXECUTION',
  taskName: 'main',
  executable: { url: 'busybox:1.36' },
  resources: [{ type: 'CPU', count: 1 }],
});

function setup() {
  const runtime = new MemoryContainerRuntime();
  const exits = new ExitRouter();
  const watching = new AbortController();
  runtime.watch(watching.signal, exits.onExit);
  const runner = new ContainerTaskRunner(runtime, exits, 'test-cluster');
  const controller = new AbortController();
  const started: Array<string | undefined> = [];
  const context = (extra: Partial<AttemptContext> = {}): AttemptContext => ({
    topologyId: 't',
    runId: 'ESR-2030-01-01-10-00-10-000',
    taskName: 'main',
    taskId: 't-ESR-2030-01-01-10-00-10-000-main',
    attempt: 1,
    resume: false,
    fireTime: 0,
    signal: controller.signal,
    onStarted: (upstreamId) => started.push(upstreamId),
    ...extra,
  });
  /** The one container the runner launched, once it is there. */
  const launched = async (): Promise<string> => {
    while (runtime.launches.length === 0) await new Promise((resolve) => setImmediate(resolve));
    return runtime.launches[0]!;
  };
  return { runtime, runner, controller, context, started, launched };
}

describe('ContainerTaskRunner on the in-memory runtime', () => {
  it('launches once, reports the start, and ends with the exit code', async () => {
    const { runtime, runner, context, started, launched } = setup();
    const attempt = runner.run(task, context());
    await runtime.exit(await launched(), 3);
    expect(await attempt).toMatchObject({ state: 'FAILED', retryable: true, exitCode: 3 });
    expect(started).toEqual(['memory-1']);
  });

  it('launches by name: a second launch of the same attempt adopts the container', async () => {
    const { runtime, runner, context, launched } = setup();
    const attempt = runner.run(task, context());
    const name = await launched();
    const spec = runtime.containers.get(name)!.spec;
    expect(await runtime.launch(spec)).toEqual({ containerId: 'memory-1', adopted: true });
    await runtime.exit(name, 0);
    expect(await attempt).toMatchObject({ state: 'COMPLETED', exitCode: 0 });
    expect(runtime.launches).toEqual([name]);
  });

  it('kills the container at its timeout and fails the attempt, retryably, naming the timeout', async () => {
    const { runtime, runner, controller, context, launched } = setup();
    const attempt = runner.run(task, context());
    const name = await launched();
    controller.abort(new TaskTimeoutError(30));
    expect(await attempt).toMatchObject({
      state: 'FAILED',
      retryable: true,
      errorMessage: 'timed out after 30 s',
      exitCode: 137,
    });
    expect((await runtime.inspect(name))?.state).toBe('exited');
  });

  it('fails a resumed attempt whose container vanished, for good', async () => {
    const { runtime, runner, context } = setup();
    const result = await runner.run(task, context({ resume: true }));
    expect(result).toMatchObject({ state: 'FAILED', retryable: false });
    expect(runtime.launches).toEqual([]);
  });

  it('leaves the container running when leadership is lost: the next leader adopts it', async () => {
    const { runtime, runner, controller, context, launched } = setup();
    const attempt = runner.run(task, context());
    const name = await launched();
    controller.abort(new LeadershipLostError());
    await expect(attempt).rejects.toBeInstanceOf(LeadershipLostError);
    expect((await runtime.inspect(name))?.state).toBe('running');
    expect(await runtime.listByLabel({ topologyId: 't' })).toMatchObject([{ name, state: 'running' }]);
  });
});
