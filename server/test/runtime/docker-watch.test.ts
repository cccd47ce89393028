// watch(), kill() and remove() against the real Docker Engine: exits arrive through the event stream, missed ones
// through the reconcile, each once, and map to Epoch's task states.
import { startTcpProxy, type TcpProxy } from '@epoch/test/harness/tcp-proxy';
import { memoryHog } from '@epoch/test/harness/docker-images';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { taskOutcome } from '../../src/runners/container/runtime/task-outcome.js';
import { recordWatch, removeAll, startSuite, type RecordedWatch, type Suite } from './runtime-fixtures.js';

// Long enough that only the event stream (or a reconnect) can report an exit within a test.
const NO_PERIODIC_RECONCILE = { reconcileIntervalMs: 600_000 };

let suite: Suite;
let watch: RecordedWatch | undefined;

beforeAll(async () => {
  suite = await startSuite('watch', NO_PERIODIC_RECONCILE);
});
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
  await removeAll(suite.runtime);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('watch', () => {
  it('reports exit 0 as COMPLETED and exit 3 as FAILED, from the event stream', async () => {
    watch = await recordWatch(suite.runtime);
    const succeeds = suite.spec(['true']);
    const fails = suite.spec(['sh', '-c', 'exit 3']);

    await Promise.all([suite.runtime.launch(succeeds), suite.runtime.launch(fails)]);
    const [success, failure] = await Promise.all([watch.exitOf(succeeds.name), watch.exitOf(fails.name)]);

    expect(success).toMatchObject({ exitCode: 0, oomKilled: false, labels: succeeds.labels });
    expect(failure).toMatchObject({ exitCode: 3, oomKilled: false, labels: fails.labels });
    expect(failure.finishedAt).toBeGreaterThan(Date.now() - 10_000);
    expect(taskOutcome({ kind: 'exited', ...success, cancelled: false })).toEqual({ state: 'COMPLETED' });
    expect(taskOutcome({ kind: 'exited', ...failure, cancelled: false })).toEqual({
      state: 'FAILED',
      errorMessage: 'exited with code 3',
    });
  });

  it('reports an OOM kill under a small memory limit as FAILED with the limit', async () => {
    watch = await recordWatch(suite.runtime);
    const spec = suite.spec(memoryHog(16), {
      resources: [
        { type: 'CPU', count: 1 },
        { type: 'MEMORY', sizeInMB: 16 },
      ],
    });

    await suite.runtime.launch(spec);
    const exit = await watch.exitOf(spec.name);

    expect(exit).toMatchObject({ oomKilled: true, exitCode: 137, memoryLimitMb: 16 });
    expect(taskOutcome({ kind: 'exited', ...exit, cancelled: false })).toEqual({
      state: 'FAILED',
      errorMessage: 'killed: out of memory (limit 16 MB)',
    });
  });

  it('kills a running container (CANCELLED), idempotently, and removes it idempotently', async () => {
    watch = await recordWatch(suite.runtime);
    const spec = suite.spec(['sleep', '30']);
    await suite.runtime.launch(spec);

    const wasRunning = await suite.runtime.kill(spec.name);
    const exit = await watch.exitOf(spec.name);

    expect(wasRunning).toBe(true);
    expect(exit.exitCode).toBe(137);
    expect(taskOutcome({ kind: 'exited', ...exit, cancelled: wasRunning })).toEqual({ state: 'CANCELLED' });
    expect(await suite.runtime.kill(spec.name)).toBe(false);
    expect(await suite.runtime.inspect(spec.name)).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(await suite.runtime.remove(spec.name)).toBe(true);
    expect(await suite.runtime.remove(spec.name)).toBe(false);
    expect(await suite.runtime.kill(spec.name)).toBe(false);
    expect(await suite.runtime.inspect(spec.name)).toBeNull();
  });

  it('inspects a running container', async () => {
    const spec = suite.spec(['sleep', '30']);
    const { containerId } = await suite.runtime.launch(spec);

    const status = await suite.runtime.inspect(spec.name);

    expect(status).toMatchObject({ state: 'running', containerId, name: spec.name, labels: spec.labels });
    expect(status?.state === 'running' && status.startedAt).toBeGreaterThan(Date.now() - 10_000);
  });

  it('reports an exit that happened while no watch ran, once, through the reconcile', async () => {
    const spec = suite.spec(['sh', '-c', 'exit 5']);
    await suite.runtime.launch(spec);
    await eventuallyExited(spec.name);

    watch = await recordWatch(suite.runtimeWith({ reconcileIntervalMs: 100 }));
    // `ready` means the first reconcile has run; later ones must not report it again.
    await sleep(500);

    expect(watch.exits.map((exit) => [exit.name, exit.exitCode])).toEqual([[spec.name, 5]]);
  });

  it('reports each exit once although stream and reconcile both see it', async () => {
    watch = await recordWatch(suite.runtimeWith({ reconcileIntervalMs: 50 }));
    const specs = [1, 2, 3].map((code) => suite.spec(['sh', '-c', `exit ${code}`]));

    await Promise.all(specs.map((spec) => suite.runtime.launch(spec)));
    await Promise.all(specs.map((spec) => watch!.exitOf(spec.name)));
    await sleep(300);

    expect(watch.exits.map((exit) => exit.exitCode).sort()).toEqual([1, 2, 3]);
  });

  it('stops reporting once aborted', async () => {
    const stopped = await recordWatch(suite.runtimeWith({ reconcileIntervalMs: 50 }));
    await stopped.stop();
    const spec = suite.spec(['true']);

    await suite.runtime.launch(spec);
    await eventuallyExited(spec.name);
    await sleep(200);

    expect(stopped.exits).toEqual([]);
  });

  describe('when the event stream drops', () => {
    let proxy: TcpProxy;
    beforeAll(async () => {
      proxy = await startTcpProxy('/var/run/docker.sock');
    });
    afterAll(async () => {
      await proxy.close();
    });

    it('reconnects and reports the exit it missed, once', async () => {
      watch = await recordWatch(
        suite.runtimeWith({
          dockerHost: `tcp://127.0.0.1:${proxy.port}`,
          reconnectBackoff: { initialMs: 50, maxMs: 200 },
          ...NO_PERIODIC_RECONCILE,
        }),
      );
      const missed = suite.spec(['sh', '-c', 'exit 7']);

      proxy.cut();
      await suite.runtime.launch(missed);
      await eventuallyExited(missed.name);
      proxy.restore();
      const exit = await watch.exitOf(missed.name);
      // And the stream works again: a later exit arrives without any periodic reconcile.
      const later = suite.spec(['sh', '-c', 'exit 8']);
      await suite.runtime.launch(later);
      await watch.exitOf(later.name);

      expect(exit.exitCode).toBe(7);
      expect(watch.exits.map((reported) => reported.exitCode)).toEqual([7, 8]);
    });

    it('keeps trying while the engine is unreachable, and stops at once when aborted', async () => {
      proxy.cut();
      try {
        const controller = new AbortController();
        const unreachable = suite.runtimeWith({ dockerHost: `tcp://127.0.0.1:${proxy.port}` });
        const pending = unreachable.watch(controller.signal, () => {});
        await sleep(300);
        const stoppedAt = Date.now();

        controller.abort();

        await expect(pending.ready).rejects.toThrow();
        await pending.done;
        expect(Date.now() - stoppedAt).toBeLessThan(500);
      } finally {
        proxy.restore();
      }
    });
  });
});

/** Waits for the engine to have the container exited, without any watch. */
async function eventuallyExited(name: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await suite.runtime.inspect(name))?.state === 'exited') return;
    await sleep(25);
  }
  throw new Error(`${name} did not exit`);
}
