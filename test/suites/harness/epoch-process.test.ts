// The Epoch process harness against a real server build and a real ZooKeeper: what the cluster suites and the
// failover benchmark rely on when they pause, crash and restart a node. Needs server/dist (npm run build).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEpochProcess, type EpochProcess } from '../../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../../harness/zookeeper.js';

// Node and JVM starts take seconds, more when other suites load the machine.
const REAL_PROCESSES = 60_000;

describe('startEpochProcess', () => {
  let zk: ZooKeeperServer;
  let logDir: string;
  let epoch: EpochProcess | undefined;
  let roots = 0;

  beforeAll(async () => {
    [zk, logDir] = await Promise.all([startZooKeeper(), mkdtemp(path.join(tmpdir(), 'epoch-process-test-'))]);
  }, REAL_PROCESSES);

  afterEach(async () => {
    await epoch?.stop();
    epoch = undefined;
  }, REAL_PROCESSES);

  afterAll(async () => {
    await zk?.stop();
    if (logDir) await rm(logDir, { recursive: true, force: true });
  }, REAL_PROCESSES);

  /** Each test its own ZooKeeper root, so no election or data is shared between them. */
  const start = (waitFor: 'ready' | 'leader') => {
    const root = ++roots;
    return startEpochProcess({
      zkConnectionString: zk.connectionString,
      zkRoot: `/epoch-process-${root}`,
      logPath: path.join(logDir, `epoch-${root}.log`),
      waitFor,
    });
  };

  it(
    "waits until the server leads and reports the process's resources",
    async () => {
      epoch = await start('leader');

      expect(epoch.url).toBe(`http://127.0.0.1:${epoch.port}`);
      expect(await getJson(`${epoch.url}/apis/housekeeping/v1/leader`)).toEqual({ leader: epoch.url });
      expect((await epoch.memory()).rss).toBeGreaterThan(0);
      expect(await epoch.cpuMs()).toBeGreaterThan(0);
      expect(epoch.exited).toBe(false);
    },
    REAL_PROCESSES,
  );

  it(
    'pause() freezes the server, resume() thaws it, and stop() ends a paused one gracefully',
    async () => {
      epoch = await start('leader');

      await epoch.pause();
      await expect(answers(`${epoch.url}/healthz`, 500)).resolves.toBe(false);
      await epoch.resume();
      await expect(answers(`${epoch.url}/healthz`, 5_000)).resolves.toBe(true);

      await epoch.pause();
      await epoch.stop();
      // Exit code 0 is the server's own SIGTERM shutdown; the 10 s SIGKILL escalation would give a signal.
      expect(await epoch.waitForExit()).toEqual({ code: 0, signal: null });
    },
    REAL_PROCESSES,
  );

  it(
    'kill() ends the server like a crash and restart() brings it back on the same port',
    async () => {
      epoch = await start('leader');
      const { port, pid } = epoch;

      await epoch.kill();
      expect(epoch.exited).toBe(true);
      expect(await epoch.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' });
      await expect(answers(`${epoch.url}/healthz`, 1_000)).resolves.toBe(false);

      await epoch.restart({ waitFor: 'ready' });
      expect(epoch.exited).toBe(false);
      expect(epoch.port).toBe(port);
      expect(epoch.pid).not.toBe(pid);
      await expect(answers(`${epoch.url}/readyz`, 5_000)).resolves.toBe(true);

      await epoch.stop();
      expect(epoch.exited).toBe(true);
    },
    REAL_PROCESSES,
  );
});

/** True when `url` answers 200 within `timeoutMs`. */
function answers(url: string, timeoutMs: number): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
    async (response) => {
      await response.arrayBuffer();
      return response.status === 200;
    },
    () => false,
  );
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}
