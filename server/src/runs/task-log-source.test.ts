import type { RunInfo, RunTaskInfo, TopologyDetails } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { containerNameFor } from '../runners/container/runtime/container-name.js';
import { missingLogError, taskLogSource } from './task-log-source.js';

const container = (taskName: string) => ({
  type: 'CONTAINER_EXECUTION' as const,
  taskName,
  executable: { type: 'DOCKER' as const, url: 'busybox:1', dockerPullTimeout: '10 seconds' },
  resources: [],
  volumes: [],
  env: {},
  args: [],
});

const topology = {
  id: 'pipeline',
  state: 'ACTIVE',
  created: 0,
  updated: 0,
  topology: {
    name: 'pipeline',
    task: {
      type: 'COMPOSITE',
      compositionType: 'ALL',
      tasks: [container('build'), { type: 'HTTP', taskName: 'notify', method: 'POST', url: 'http://x/' }],
    },
    trigger: { type: 'CRON', timeSpec: '0 0 * * * ?', timeZone: 'UTC' },
  },
} as unknown as TopologyDetails;

const runWith = (tasks: Record<string, Partial<RunTaskInfo>>): RunInfo => ({
  topologyId: 'pipeline',
  runId: 'ESR-2030-01-15-10-00-00-000',
  state: 'RUNNING',
  runType: 'SCHEDULED',
  created: 0,
  updated: 0,
  tasks: Object.fromEntries(
    Object.entries(tasks).map(([name, info]) => [name, { taskId: name, state: 'PENDING', ...info }]),
  ),
});

const firstName = containerNameFor(
  { topologyId: 'pipeline', runId: 'ESR-2030-01-15-10-00-00-000', taskName: 'build' },
  'prod',
);

describe('taskLogSource', () => {
  it("names the latest attempt's container by default, an earlier one on request", () => {
    const run = runWith({ build: { state: 'RUNNING', attempts: 3 } });
    expect(taskLogSource(topology, run, 'build', 'prod')).toEqual({
      containerName: `${firstName}.attempt-3`,
      attempt: 3,
      launching: false,
    });
    expect(taskLogSource(topology, run, 'build', 'prod', 1).containerName).toBe(firstName);
  });

  it('says why there is no log: unknown task, HTTP task, not started, no such attempt', () => {
    const run = runWith({ build: { state: 'PENDING' }, notify: { state: 'COMPLETED', attempts: 1 } });
    expect(() => taskLogSource(topology, run, 'deploy', 'prod')).toThrow(
      'No task deploy in run ESR-2030-01-15-10-00-00-000 of topology pipeline',
    );
    expect(() => taskLogSource(topology, run, 'notify', 'prod')).toThrow(/^Task notify is an HTTP task/);
    expect(() => taskLogSource(topology, run, 'build', 'prod')).toThrow(
      'Task build of run ESR-2030-01-15-10-00-00-000 has not started yet: no log',
    );
    const retried = runWith({ build: { state: 'FAILED', attempts: 2 } });
    expect(() => taskLogSource(topology, retried, 'build', 'prod', 3)).toThrow(
      'has no attempt 3: it has had 2 so far',
    );
  });

  it('tells a container still being created from one removed', () => {
    const starting = runWith({ build: { state: 'STARTING', attempts: 2 } });
    expect(missingLogError(taskLogSource(topology, starting, 'build', 'prod'), 'build').message).toBe(
      'No log yet: the container of attempt 2 of task build is still being created',
    );
    expect(missingLogError(taskLogSource(topology, starting, 'build', 'prod', 1), 'build').message).toBe(
      'Log no longer available: the container of attempt 1 of task build was removed',
    );
  });
});
