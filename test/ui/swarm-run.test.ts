// Issue 21's end to end: a server process with EPOCH_RUNTIME=swarm over the real single-node swarm of the vitest
// global setup runs a topology's container task to COMPLETED, and Chromium shows its log on the run page. Once
// the run has settled, no service of the server's cluster is left running; the suite removes the completed ones
// (retention would, with their runs).
import Dockerode from 'dockerode';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { EPOCH_LABELS } from '../../server/src/runners/container/runtime/labels.js';
import { busyboxImageId } from '../harness/docker-images.js';
import { servicesLabelled, swarmServerEnv } from '../harness/swarm-mode.js';
import {
  busyboxTopology,
  page,
  postTopology,
  runStateOf,
  server,
  startRun,
  useWebUiWorld,
} from './support/web-ui-world.js';

const docker = new Dockerode();
// Its own cluster label: the suite sees, and removes, only its own services.
const cluster = `ui-swarm-${process.pid}-${Date.now().toString(36)}`;
const label = `${EPOCH_LABELS.cluster}=${cluster}`;
const swarmUnavailable = inject('swarmUnavailable');

describe.skipIf(swarmUnavailable !== null)('a container task on the Swarm runtime, in the web UI', () => {
  useWebUiWorld({
    env: async () => ({ EPOCH_CLUSTER: cluster, ...(await swarmServerEnv()) }),
  });

  afterAll(async () => {
    for (const name of await servicesLabelled(label)) await docker.getService(name).remove();
    for (const container of await docker.listContainers({ all: true, filters: { label: [label] } }))
      await docker.getContainer(container.Id).remove({ force: true });
  });

  it('runs to COMPLETED, shows the log on the run page, and leaves no service running', async () => {
    const image = await busyboxImageId(docker);
    const topology = busyboxTopology(
      'swarm-hello',
      ['sh', '-c', 'echo "hello from a swarm node"; echo done'],
      {
        executable: { type: 'DOCKER', url: image, dockerPullTimeout: '30 seconds' },
      },
    );
    expect(await postTopology(topology)).toBe(200);
    const runId = await startRun('swarm-hello');
    await expect.poll(() => runStateOf('swarm-hello', runId), { timeout: 60_000 }).toBe('COMPLETED');

    await page.goto(`${server.url}/topologies/swarm-hello/runs/${runId}`);
    const log = page.getByRole('log', { name: 'Log of main' });
    await log.getByText('hello from a swarm node', { exact: true }).waitFor({ timeout: 30_000 });
    await log.getByText('done', { exact: true }).waitFor();

    const services = await servicesLabelled(label);
    expect(services).toHaveLength(1);
    const tasks = await docker.listTasks({ filters: { service: services } });
    expect(tasks.map((task) => task.Status?.State)).toEqual(['complete']);
  });
});
