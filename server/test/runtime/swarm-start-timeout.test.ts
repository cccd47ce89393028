import { describe, expect, it } from 'vitest';
import type {
  SwarmService,
  SwarmTask,
  SwarmTaskState,
} from '../../src/runners/container/runtime/swarm/swarm-objects.js';
import { NOWHERE } from '../../src/runners/container/runtime/swarm/service-stop.js';
import { placementFailure } from '../../src/runners/container/runtime/swarm/start-timeout.js';
import { unplacedExit } from '../../src/runners/container/runtime/swarm/task-state.js';

const created = Date.parse('2030-01-15T10:00:00Z');
const labels = {
  'io.epoch.managed': 'true',
  'io.epoch.container-name': 'epoch-prod.t-r-x',
  'io.epoch.start-timeout-ms': '30000',
};
const service = (constraints?: string[], extraLabels: Record<string, string> = {}): SwarmService => ({
  ID: 'svc1',
  CreatedAt: '2030-01-15T10:00:00Z',
  Version: { Index: 11 },
  Spec: {
    Name: 'epoch-prod-t-r-x-0123456789ab',
    Labels: { ...labels, ...extraLabels },
    TaskTemplate: constraints === undefined ? {} : { Placement: { Constraints: constraints } },
  },
});
const NO_NODE = 'no suitable node (scheduling constraints not satisfied on 1 node)';
const task = (state: SwarmTaskState, err?: string): SwarmTask => ({
  ID: 'task1',
  ServiceID: 'svc1',
  CreatedAt: '2030-01-15T10:00:00Z',
  Status: { State: state, Message: 'pending task scheduling', Err: err },
});

describe('placementFailure', () => {
  const pool = ['node.labels.pool==nowhere'];

  it('waits until the start timeout has passed since the service was created', () => {
    expect(placementFailure(service(pool), task('pending', NO_NODE), created + 29_999)).toBeUndefined();
    expect(placementFailure(service(pool), task('pending', NO_NODE), created + 30_000)).toBe(
      `not placed on any node within 30 s (constraints: node.labels.pool==nowhere): ${NO_NODE}`,
    );
  });

  it("names Swarm's message when it gives no error, and a service without a task", () => {
    const late = created + 60_000;
    expect(placementFailure(service(), task('pending'), late)).toBe(
      'not placed on any node within 30 s: pending task scheduling',
    );
    expect(placementFailure(service(), undefined, late)).toBe(
      'not placed on any node within 30 s: Swarm made no task for it',
    );
  });

  it('leaves a task a node has taken to its own end, however long it takes to start', () => {
    for (const state of ['assigned', 'preparing', 'starting', 'running', 'complete', 'failed'] as const) {
      expect(placementFailure(service(pool), task(state), created + 3_600_000)).toBeUndefined();
    }
  });

  it('leaves a killed service, whose replacement task is unplaced on purpose, to the kill', () => {
    expect(
      placementFailure(service([NOWHERE]), task('pending', NO_NODE), created + 3_600_000),
    ).toBeUndefined();
  });

  it('leaves a service without a start timeout of its own', () => {
    const unlabelled = service(pool, { 'io.epoch.start-timeout-ms': 'none' });
    expect(placementFailure(unlabelled, task('pending', NO_NODE), created + 3_600_000)).toBeUndefined();
  });
});

describe('unplacedExit', () => {
  it('is a failed exit of the service, with the reason as its error', () => {
    expect(unplacedExit(service(), 'not placed')).toEqual({
      containerId: 'svc1',
      name: 'epoch-prod.t-r-x',
      labels,
      exitCode: -1,
      oomKilled: false,
      error: 'not placed',
    });
  });
});
