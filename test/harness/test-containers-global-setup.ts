// Vitest global setup: server processes the suites start (epoch-process.ts) run their container tasks under the
// cluster label `test`, and nothing else removes those containers once the process is gone. After the run, the
// stopped ones this run made are removed, so that test runs do not pile them up on the engine.
import Dockerode from 'dockerode';
import { HARNESS_CLUSTER } from './epoch-process.js';

export default function setup(): () => Promise<void> {
  const startedAt = Math.floor(Date.now() / 1000);
  return async () => {
    const docker = new Dockerode();
    const containers = await docker
      .listContainers({
        all: true,
        filters: { label: [`io.epoch.cluster=${HARNESS_CLUSTER}`], status: ['exited'] },
      })
      // No engine (a run of suites that need none): nothing to remove.
      .catch(() => []);
    await Promise.all(
      containers
        .filter((container) => container.Created >= startedAt)
        .map((container) =>
          docker
            .getContainer(container.Id)
            .remove()
            .catch(() => undefined),
        ),
    );
  };
}
