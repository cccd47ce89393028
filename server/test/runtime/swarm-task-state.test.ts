import { describe, expect, it } from 'vitest';
import type {
  SwarmService,
  SwarmTask,
  SwarmTaskState,
} from '../../src/runners/container/runtime/swarm/swarm-objects.js';
import { NOWHERE } from '../../src/runners/container/runtime/swarm/service-stop.js';
import {
  exitOf,
  taskOfRecord,
  statusOf,
  summaryOf,
} from '../../src/runners/container/runtime/swarm/task-state.js';

const labels = {
  'io.epoch.managed': 'true',
  'io.epoch.task-id': 't-r-x',
  'io.epoch.container-name': 'epoch-prod.t-r-x',
};
const service: SwarmService = {
  ID: 'svc1',
  CreatedAt: '2030-01-15T10:00:00Z',
  Version: { Index: 11 },
  Spec: {
    Name: 'epoch-prod-t-r-x-0123456789ab',
    Labels: labels,
    TaskTemplate: { Resources: { Limits: { MemoryBytes: 64 * 1024 * 1024 } } },
  },
};
const facts = { containerId: 'svc1', name: 'epoch-prod.t-r-x', labels };

function task(
  state: SwarmTaskState,
  status: Partial<SwarmTask['Status']> = {},
  createdAt = '2030-01-15T10:00:01Z',
): SwarmTask {
  return {
    ID: `task-${createdAt}`,
    ServiceID: 'svc1',
    CreatedAt: createdAt,
    Status: { State: state, Timestamp: '2030-01-15T10:00:05Z', ...status },
  };
}
const at = Date.parse('2030-01-15T10:00:05Z');

describe('statusOf', () => {
  it('reads a service without a task yet, or with one on its way to a node, as created', () => {
    expect(statusOf(service, undefined)).toEqual({ ...facts, state: 'created', error: undefined });
    for (const state of ['new', 'pending', 'assigned', 'preparing', 'starting'] as const) {
      expect(statusOf(service, task(state)).state).toBe('created');
    }
    // Swarm keeps trying to place it: why it cannot yet is the error to show.
    expect(
      statusOf(service, task('pending', { Err: 'no suitable node (1 node not available)' })),
    ).toMatchObject({
      state: 'created',
      error: 'no suitable node (1 node not available)',
    });
  });

  it('reads a running task as running since its state last changed', () => {
    expect(statusOf(service, task('running'))).toEqual({ ...facts, state: 'running', startedAt: at });
  });

  it("reads every final state as exited, with the container's exit code and Swarm's error", () => {
    expect(statusOf(service, task('complete', { ContainerStatus: { ExitCode: 0 } }))).toEqual({
      ...facts,
      state: 'exited',
      exitCode: 0,
      oomKilled: false,
      finishedAt: at,
      error: undefined,
    });
    // Swarm's "task: non-zero exit (3)" says nothing the exit code does not.
    expect(
      statusOf(service, task('failed', { Err: 'task: non-zero exit (3)', ContainerStatus: { ExitCode: 3 } })),
    ).toMatchObject({
      state: 'exited',
      exitCode: 3,
      error: undefined,
    });
    expect(statusOf(service, task('rejected', { Err: 'No such image: nope:1' }))).toMatchObject({
      state: 'exited',
      exitCode: -1,
      error: 'No such image: nope:1',
    });
    expect(statusOf(service, task('shutdown', { ContainerStatus: { ExitCode: 137 } }))).toMatchObject({
      state: 'exited',
      exitCode: 137,
    });
  });
});

describe('a stopped service', () => {
  const stopped: SwarmService = {
    ...service,
    Spec: {
      ...service.Spec,
      TaskTemplate: { ...service.Spec.TaskTemplate, Placement: { Constraints: [NOWHERE] } },
    },
  };

  it('has ended when it was stopped before its task ran: Swarm will never run that task now', () => {
    // Killed straight after launch: Swarm had made no task yet, or had not started the one it made.
    for (const before of [undefined, task('new'), task('pending'), task('assigned')]) {
      expect(statusOf(stopped, before)).toMatchObject({ state: 'exited', exitCode: -1 });
      expect(summaryOf(stopped, before).state).toBe('exited');
      expect(exitOf(stopped, before, false)).toMatchObject({ exitCode: -1, oomKilled: false });
    }
  });

  it('is running until the task it stopped has shut down, then exited with that exit code', () => {
    expect(statusOf(stopped, task('running')).state).toBe('running');
    expect(statusOf(stopped, task('shutdown', { ContainerStatus: { ExitCode: 137 } }))).toMatchObject({
      state: 'exited',
      exitCode: 137,
    });
  });
});

describe('exitOf', () => {
  it('is null until the task has finished', () => {
    expect(exitOf(service, undefined, false)).toBeNull();
    expect(exitOf(service, task('running'), false)).toBeNull();
  });

  it('reports the end with the memory limit, and an OOM kill the watch learnt from the node', () => {
    expect(exitOf(service, task('failed', { ContainerStatus: { ExitCode: 137 } }), true)).toEqual({
      ...facts,
      exitCode: 137,
      oomKilled: true,
      error: undefined,
      finishedAt: at,
      memoryLimitMb: 64,
    });
  });
});

describe('the name', () => {
  it('is the container name the service was launched as, else the service name', () => {
    expect(statusOf(service, undefined).name).toBe('epoch-prod.t-r-x');
    const unlabelled = { ...service, Spec: { ...service.Spec, Labels: {} } };
    expect(summaryOf(unlabelled, undefined).name).toBe('epoch-prod-t-r-x-0123456789ab');
  });
});

describe('taskOfRecord and summaryOf', () => {
  it("takes the task Swarm created last, but never a stopped service's never-placed replacement", () => {
    const older = task('failed', {}, '2030-01-15T10:00:01Z');
    const newer = task('running', {}, '2030-01-15T10:00:09Z');
    expect(taskOfRecord([newer, older])).toBe(newer);
    expect(taskOfRecord([])).toBeUndefined();
    const replacement = {
      ...task('pending', {}, '2030-01-15T10:00:20Z'),
      Spec: { Placement: { Constraints: [NOWHERE] } },
    };
    expect(taskOfRecord([older, replacement, newer])).toBe(newer);
    expect(summaryOf(service, newer)).toEqual({ ...facts, state: 'running' });
  });
});
