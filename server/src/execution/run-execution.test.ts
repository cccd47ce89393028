// One run from its claim to its end, on a manual clock with a scripted runner and an in-memory store: retries
// with backoff, timeouts, cancellation, composite tasks and calls whose delivery is in doubt.
import { runIdFor, type RunInfo } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { cronTopology, firePath, T } from '../../test/support/fire-path.js';
import { failRetryably, ScriptedTaskRunner, succeed, untilAborted } from '../runners/scripted-task-runner.js';
import { IN_DOUBT_MESSAGE } from './delivery-policy.js';

const FIRE = '2030-01-01T10:00:10Z';
/** Fires at FIRE only (daily at 10:00:10): no later fire gets in the way. */
const AT_FIRE = '10 0 10 * * ?';

const container = (extra: Record<string, unknown> = {}) => ({
  type: 'CONTAINER_EXECUTION',
  taskName: 'main',
  executable: { url: 'busybox:1.36' },
  resources: [{ type: 'CPU', count: 1 }],
  ...extra,
});

/** A topology firing at FIRE. */
function fireOnce(runner: ScriptedTaskRunner, overrides: Parameters<typeof cronTopology>[2]) {
  const path = firePath({ start: '2030-01-01T10:00:00Z', runner });
  path.scheduler.start([{ topology: cronTopology('t', AT_FIRE, overrides), after: path.clock.now() }]);
  const run = (): RunInfo => path.run('t', FIRE)!;
  return { path, run };
}

describe('retries', () => {
  it('retries a retryable failure after its delay, growing by the backoff factor, then ends with the last attempt', async () => {
    const runner = new ScriptedTaskRunner(failRetryably, failRetryably, succeed);
    const { path, run } = fireOnce(runner, {
      task: { retries: { count: 2, delaySeconds: 4, backoffFactor: 2 } },
    });
    await path.at(FIRE);
    expect(runner.attempts).toHaveLength(1);
    expect(run().tasks.call).toMatchObject({ state: 'PENDING', attempts: 1, errorMessage: 'exit code 1' });
    await path.at('2030-01-01T10:00:13.999Z');
    expect(runner.attempts).toHaveLength(1);
    await path.at('2030-01-01T10:00:14Z');
    expect(runner.attempts).toHaveLength(2);
    await path.at('2030-01-01T10:00:21.999Z');
    expect(runner.attempts).toHaveLength(2);
    await path.at('2030-01-01T10:00:22Z');
    expect(runner.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
    expect(run()).toMatchObject({
      state: 'SUCCESSFUL',
      tasks: { call: { state: 'COMPLETED', attempts: 3 } },
    });
  });

  it('fails for good once the retries are spent, with the last error', async () => {
    const runner = new ScriptedTaskRunner(failRetryably);
    const { path, run } = fireOnce(runner, { task: { retries: { count: 1, delaySeconds: 1 } } });
    await path.at(FIRE);
    await path.at('2030-01-01T10:00:11Z');
    expect(runner.attempts).toHaveLength(2);
    expect(run()).toMatchObject({ state: 'FAILED', message: 'Task failed: exit code 1' });
  });

  it('never sends an AT_MOST_ONCE call again after an answer', async () => {
    const runner = new ScriptedTaskRunner(failRetryably, succeed);
    const { path, run } = fireOnce(runner, {
      task: { delivery: 'AT_MOST_ONCE', retries: { count: 3, delaySeconds: 1 } },
    });
    await path.at(FIRE);
    await path.at('2030-01-01T10:00:15Z');
    expect(runner.attempts).toHaveLength(1);
    expect(run().state).toBe('FAILED');
  });
});

describe('timeouts and cancellation', () => {
  it('aborts a container attempt at its timeout and fails the run naming it', async () => {
    const runner = new ScriptedTaskRunner(untilAborted);
    const { path, run } = fireOnce(runner, { task: container({ timeoutSeconds: 30 }) });
    await path.at(FIRE);
    await path.at('2030-01-01T10:00:39.999Z');
    expect(runner.attempts[0]!.signal.aborted).toBe(false);
    await path.at('2030-01-01T10:00:40Z');
    expect(runner.attempts[0]!.signal.aborted).toBe(true);
    expect(run()).toMatchObject({ state: 'FAILED', tasks: { main: { state: 'FAILED' } } });
    expect(run().message).toContain('timed out after 30 s');
  });

  it('cancels a run on request: its task is aborted and the run ends CANCELLED', async () => {
    const runner = new ScriptedTaskRunner(untilAborted);
    const { path, run } = fireOnce(runner, {});
    await path.at(FIRE);
    expect(path.launcher.cancelRun('t', runIdFor('SCHEDULED', T(FIRE)))).toBe(true);
    await path.settle();
    expect(run()).toMatchObject({ state: 'CANCELLED', tasks: { call: { state: 'CANCELLED' } } });
  });
});

describe('composite tasks', () => {
  const twoSteps = (compositionType: 'ALL' | 'ANY') => ({
    type: 'COMPOSITE',
    compositionType,
    tasks: [
      { type: 'HTTP', taskName: 'first', url: 'http://127.0.0.1:9/a' },
      { type: 'HTTP', taskName: 'second', url: 'http://127.0.0.1:9/b' },
    ],
  });

  it('ALL stops at the first failure, leaving the rest PENDING', async () => {
    const runner = new ScriptedTaskRunner(() => ({
      state: 'FAILED',
      retryable: false,
      errorMessage: 'HTTP 500',
    }));
    const { path, run } = fireOnce(runner, { task: twoSteps('ALL') });
    await path.at(FIRE);
    expect(run()).toMatchObject({
      state: 'FAILED',
      tasks: { first: { state: 'FAILED' }, second: { state: 'PENDING' } },
    });
  });

  it('ANY stops at the first success', async () => {
    const runner = new ScriptedTaskRunner(succeed);
    const { path, run } = fireOnce(runner, { task: twoSteps('ANY') });
    await path.at(FIRE);
    expect(run()).toMatchObject({
      state: 'SUCCESSFUL',
      tasks: { first: { state: 'COMPLETED' }, second: { state: 'PENDING' } },
    });
    expect(runner.attempts).toHaveLength(1);
  });
});

describe('adopted work', () => {
  async function adoptStarted(task: Record<string, unknown>, runner: ScriptedTaskRunner) {
    const path = firePath({ start: '2030-01-01T10:00:30Z', runner });
    const run = await path.leftBegun('t', FIRE, String(task.taskName ?? 'call'), 'RUNNING');
    path.launcher.adopt(cronTopology('t', AT_FIRE, { task }), run, T(FIRE));
    await path.settle();
    return path;
  }

  it('resumes a running container (adopts it, never launches it again)', async () => {
    const runner = new ScriptedTaskRunner(succeed);
    const path = await adoptStarted(container(), runner);
    expect(runner.attempts.map(({ attempt, resume }) => ({ attempt, resume }))).toEqual([
      { attempt: 1, resume: true },
    ]);
    expect(path.run('t', FIRE)?.state).toBe('SUCCESSFUL');
  });

  it('ends an AT_MOST_ONCE call a previous leader may have sent UNKNOWN, never sending it again', async () => {
    const runner = new ScriptedTaskRunner(succeed);
    const path = await adoptStarted({ delivery: 'AT_MOST_ONCE' }, runner);
    expect(runner.attempts).toEqual([]);
    expect(path.run('t', FIRE)).toMatchObject({
      state: 'FAILED',
      message: IN_DOUBT_MESSAGE,
      tasks: { call: { state: 'UNKNOWN' } },
    });
  });
});

describe('overrides of an instant run', () => {
  const NOW = '2030-01-01T10:00:00Z';
  const http = (taskName: string, extra: Record<string, unknown> = {}) => ({
    type: 'HTTP',
    taskName,
    url: `http://127.0.0.1:9/${taskName}`,
    body: { from: 'topology' },
    ...extra,
  });
  const mixed = {
    type: 'COMPOSITE',
    compositionType: 'ALL',
    tasks: [
      container({ taskName: 'one', env: { KEEP: 'k', X: '1' }, args: ['echo', 'defined'] }),
      http('call'),
      container({ taskName: 'two' }),
    ],
  };

  it.each([
    {
      name: 'none: every task as defined',
      overrides: undefined,
      launched: [
        { env: { KEEP: 'k', X: '1' }, args: ['echo', 'defined'] },
        { body: { from: 'topology' } },
        { env: {}, args: undefined },
      ],
    },
    {
      name: 'env merged over every container task’s, args replaced; the HTTP task untouched',
      overrides: { env: { X: '42' }, args: ['sh', '-c', 'echo $X'] },
      launched: [
        { env: { KEEP: 'k', X: '42' }, args: ['sh', '-c', 'echo $X'] },
        { body: { from: 'topology' } },
        { env: { X: '42' }, args: ['sh', '-c', 'echo $X'] },
      ],
    },
    {
      name: 'body replaces every HTTP task’s; containers keep their env and args',
      overrides: { body: 'plain text' },
      launched: [
        { env: { KEEP: 'k', X: '1' }, args: ['echo', 'defined'] },
        { body: 'plain text' },
        { env: {}, args: undefined },
      ],
    },
  ])('$name', async ({ overrides, launched }) => {
    const runner = new ScriptedTaskRunner(succeed);
    const path = firePath({ start: NOW, runner });
    const topology = cronTopology('t', AT_FIRE, { task: mixed });
    const runId = await path.launcher.runNow(topology, T(NOW), { overrides, rerunOf: 'EIR-before' });
    await path.settle();
    expect(runner.tasks.map((task) => task.taskName)).toEqual(['one', 'call', 'two']);
    expect(
      runner.tasks.map((task) =>
        task.type === 'HTTP' ? { body: task.body } : { env: task.env, args: task.args },
      ),
    ).toEqual(launched);
    // Recorded in the run, so a new leader continuing it launches the same.
    const run = path.runs.runs.get(`t/${runId}`)!.value;
    expect(run).toMatchObject({ state: 'COMPLETED', runType: 'INSTANT', rerunOf: 'EIR-before' });
    expect(run.overrides).toEqual(overrides);
  });

  it('a new leader adopting a run launches its pending tasks with the recorded overrides', async () => {
    const runner = new ScriptedTaskRunner(succeed);
    const path = firePath({ start: '2030-01-01T10:00:30Z', runner });
    const left = await path.leftBegun('t', FIRE, 'main', 'PENDING');
    const withOverrides = await path.runs.update(
      { ...left.value, overrides: { env: { X: '42' } } },
      left.version,
      path.election.fence(),
    );
    path.launcher.adopt(cronTopology('t', AT_FIRE, { task: container() }), withOverrides, T(FIRE));
    await path.settle();
    expect(runner.tasks).toMatchObject([{ taskName: 'main', env: { X: '42' } }]);
    expect(path.run('t', FIRE)?.state).toBe('SUCCESSFUL');
  });
});
