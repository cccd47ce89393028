// Hardened task containers through a real Epoch node (real ZooKeeper, real Docker Engine): a run whose volume
// would escape the allowed directories, and a fork bomb, both end FAILED with a message saying why.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARDENED_DEFAULTS } from '../src/runners/container/runtime/container-defaults.js';
import {
  containerTask,
  createTopology,
  finishedRun,
  runNow,
  useRealNodes,
  waitForTask,
} from './support/real-nodes.js';

const realNode = useRealNodes();
const docker = new Dockerode();
let allowed: string;

// Under /tmp, the test nodes' allowed directory.
beforeAll(async () => {
  allowed = await mkdtemp(path.join(tmpdir(), 'epoch-escape-'));
});
afterAll(async () => {
  await rm(allowed, { recursive: true, force: true });
});

describe('task containers through a real node', () => {
  it('fails the run of a volume that a link planted by an earlier task would lead out of /tmp', async () => {
    const node = await realNode('escape');
    await createTopology(
      node,
      'planter',
      containerTask('main', ['busybox', 'ln', '-s', '/', '/mnt/x/escape'], {
        volumes: [{ pathOnHost: allowed, pathInContainer: '/mnt/x', mode: 'READ_WRITE' }],
      }),
    );
    const planted = await finishedRun(node, 'planter', await runNow(node, 'planter'));
    expect(planted.state).toBe('COMPLETED');
    expect(await readlink(path.join(allowed, 'escape'))).toBe('/');

    const escape = `${allowed}/escape`;
    await createTopology(
      node,
      'escapee',
      containerTask('main', ['ls', '/host'], {
        volumes: [{ pathOnHost: escape, pathInContainer: '/host', mode: 'READ_ONLY' }],
      }),
    );
    const run = await finishedRun(node, 'escapee', await runNow(node, 'escapee'));

    expect(run.state).toBe('FAILED');
    expect(run.message).toContain(`volume host path ${escape} is not allowed`);
    expect(run.tasks.main).toMatchObject({ state: 'FAILED' });
    expect(run.tasks.main?.errorMessage).toContain(escape);
    expect(await node.runtime.listByLabel({ topologyId: 'escapee' })).toEqual([]);
  });

  it('contains a fork bomb at the pids limit and fails its run at the task timeout', async () => {
    const node = await realNode('fork-bomb', { containerDefaults: { ...HARDENED_DEFAULTS, pidsLimit: 32 } });
    // Bounded depth (2^9 processes at most without a limit), so that a broken limit cannot hurt a shared machine.
    await createTopology(
      node,
      'bomb',
      containerTask(
        'main',
        [
          'sh',
          '-c',
          '(f(){ if [ $1 -gt 0 ]; then f $(($1-1)) & f $(($1-1)); fi; sleep 30; }; f 8) & exec sleep 600',
        ],
        { timeoutSeconds: 4 },
      ),
    );
    const runId = await runNow(node, 'bomb');
    const running = await waitForTask(node, 'bomb', runId, 'main', ['RUNNING']);
    const container = docker.getContainer(running.tasks.main!.upstreamId!);
    expect((await container.inspect()).HostConfig.PidsLimit).toBe(32);
    const { pids_stats: pids } = (await container.stats({ stream: false })) as {
      pids_stats: { current: number };
    };
    expect(pids.current).toBeLessThanOrEqual(32);
    expect(spawnSync('true').status).toBe(0);

    const run = await finishedRun(node, 'bomb', runId);

    expect(run.state).toBe('FAILED');
    expect(run.tasks.main).toMatchObject({ state: 'FAILED', errorMessage: 'timed out after 4 s' });
    expect(run.message).toBe('Task failed: timed out after 4 s');
  });
});
