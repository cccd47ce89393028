import type { ContainerTask } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { containerSpecFor } from '../../src/runners/container/runtime/container-spec.js';
import { taskIdsFromLabels } from '../../src/runners/container/runtime/labels.js';

const task: ContainerTask = {
  type: 'CONTAINER_EXECUTION',
  taskName: 'export',
  executable: {
    type: 'DOCKER',
    url: 'registry.example.com:5000/team/app:1.2',
    dockerPullTimeout: '2 minutes',
  },
  resources: [
    { type: 'MEMORY', sizeInMB: 512 },
    { type: 'CPU', count: 2 },
  ],
  volumes: [{ pathOnHost: '/srv/epoch/data', pathInContainer: '/data', mode: 'READ_ONLY' }],
  configs: [],
  tags: {},
  env: { MODE: 'full' },
  args: ['--since', 'yesterday'],
  readOnlyRootFs: true,
  user: '1000:1000',
  logging: { type: 'LOCAL', maxSize: '50m', maxFiles: 2, compress: true },
};
const ids = { topologyId: 'nightly', runId: 'ESR-2030-01-15-10-00-00-000', taskName: 'export' };

describe('containerSpecFor', () => {
  it('builds the runtime spec from the task, the ids and the cluster', () => {
    expect(containerSpecFor(task, ids, { cluster: 'prod' })).toEqual({
      name: 'epoch-prod.nightly-ESR-2030-01-15-10-00-00-000-export',
      image: 'registry.example.com:5000/team/app:1.2',
      pullTimeoutMs: 120_000,
      startTimeoutMs: 300_000,
      args: ['--since', 'yesterday'],
      env: { MODE: 'full' },
      cpus: 2,
      memoryMb: 512,
      volumes: [{ pathOnHost: '/srv/epoch/data', pathInContainer: '/data', mode: 'READ_ONLY' }],
      readOnlyRootFs: true,
      user: '1000:1000',
      logging: { type: 'LOCAL', maxSize: '50m', maxFiles: 2, compress: true },
      labels: {
        'io.epoch.managed': 'true',
        'io.epoch.cluster': 'prod',
        'io.epoch.topology-id': 'nightly',
        'io.epoch.run-id': 'ESR-2030-01-15-10-00-00-000',
        'io.epoch.task-name': 'export',
        'io.epoch.task-id': 'nightly-ESR-2030-01-15-10-00-00-000-export',
      },
    });
  });

  it("leaves out what the task does not set, so the image's command and the runtime's defaults apply", () => {
    const { readOnlyRootFs: _readOnly, user: _user, logging: _logging, ...plain } = task;
    const spec = containerSpecFor(
      { ...plain, args: undefined, resources: [{ type: 'CPU', count: 1 }] },
      ids,
      {
        cluster: 'prod',
      },
    );
    expect(spec.args).toBeUndefined();
    expect(spec.memoryMb).toBeUndefined();
    expect(spec.cpus).toBe(1);
    // The runtime's defaults apply (create-options.ts); the root file system stays writable.
    expect(spec.readOnlyRootFs).toBeUndefined();
    expect(spec.user).toBeUndefined();
    expect(spec.logging).toBeUndefined();
  });

  it("carries the task's placement and start timeout", () => {
    const placement = {
      constraints: ['node.labels.pool==batch'],
      preferences: [{ spread: 'node.labels.zone' }],
    };
    const spec = containerSpecFor({ ...task, placement, startTimeout: '90s' }, ids, { cluster: 'prod' });
    expect(spec).toMatchObject({ placement, startTimeoutMs: 90_000 });
    expect(containerSpecFor(task, ids, { cluster: 'prod' }).placement).toBeUndefined();
  });

  it('labels that map back to the run and task', () => {
    const { labels } = containerSpecFor(task, ids, { cluster: 'prod' });
    expect(taskIdsFromLabels(labels)).toEqual(ids);
    expect(taskIdsFromLabels({ 'io.epoch.managed': 'true' })).toBeUndefined();
  });
});
