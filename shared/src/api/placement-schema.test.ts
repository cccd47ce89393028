import { describe, expect, it } from 'vitest';
import { parseInput } from './parse-input.js';
import { placementSchema } from './placement-schema.js';
import { taskSchema } from './task-schema.js';

const container = (extra: object) => ({
  type: 'CONTAINER_EXECUTION',
  taskName: 'main',
  executable: { url: 'busybox:1.36' },
  resources: [{ type: 'CPU', count: 1 }],
  ...extra,
});

/** The fields a bad task is refused for, as the API names them. */
function refusedFields(task: unknown): string[] {
  try {
    parseInput(taskSchema, task, 'task');
  } catch (error) {
    return (error as { issues: Array<{ field: string }> }).issues.map((issue) => issue.field);
  }
  throw new Error('accepted');
}

describe('placement', () => {
  it.each([
    'node.labels.pool==batch',
    'node.labels.pool != batch',
    'engine.labels.com.example.disk==ssd',
    'node.role==manager',
    'node.role==WORKER',
    'node.hostname!=build-3.example.com',
    'node.id==2ivku8v2gvtg4',
    'node.platform.os==linux',
    'node.platform.arch==x86_64',
  ])('accepts the constraint %s', (constraint) => {
    expect(placementSchema.safeParse({ constraints: [constraint] }).success).toBe(true);
  });

  it.each([
    ['no operator', 'node.labels.pool'],
    ['an unknown attribute', 'node.name==a'],
    ['an unknown prefix', 'container.labels.a==b'],
    ['an empty label name', 'node.labels.==b'],
    ['an empty value', 'node.labels.pool=='],
    ['a second condition in the value', 'node.labels.pool==a==b'],
    ['a space inside the value', 'node.labels.pool==a b'],
    ['another operator', 'node.labels.pool>=3'],
    ['a role no node has', 'node.role==leader'],
    ['over 256 characters', `node.labels.pool==${'a'.repeat(250)}`],
  ])('refuses a constraint with %s, naming it', (_label, constraint) => {
    const task = container({ placement: { constraints: ['node.role==manager', constraint] } });
    expect(refusedFields(task)).toEqual(['task.placement.constraints.1']);
  });

  it('refuses a spread over anything but a label, naming it', () => {
    const task = container({ placement: { preferences: [{ spread: 'node.hostname' }] } });
    expect(refusedFields(task)).toEqual(['task.placement.preferences.0.spread']);
  });

  it('bounds how many constraints and preferences a task has', () => {
    const constraints = Array.from({ length: 17 }, (_, index) => `node.labels.l${index}==x`);
    const preferences = Array.from({ length: 5 }, () => ({ spread: 'node.labels.zone' }));
    expect(refusedFields(container({ placement: { constraints, preferences } }))).toEqual([
      'task.placement.constraints',
      'task.placement.preferences',
    ]);
  });

  it('names the field inside a composite', () => {
    const bad = container({ taskName: 'b', placement: { constraints: ['pool==batch'] } });
    const task = { type: 'COMPOSITE', tasks: [container({ taskName: 'a' }), bad] };
    expect(refusedFields(task)).toEqual(['task.tasks.1.placement.constraints.0']);
  });

  it('defaults both lists to empty', () => {
    expect(placementSchema.parse({})).toEqual({ constraints: [], preferences: [] });
  });
});

describe('startTimeout', () => {
  it('accepts a duration', () => {
    expect(taskSchema.safeParse(container({ startTimeout: '5 minutes' })).success).toBe(true);
  });

  it.each([
    ['not a duration', 'soon'],
    ['zero', '0 seconds'],
  ])('refuses %s, naming it', (_label, startTimeout) => {
    expect(refusedFields(container({ startTimeout }))).toEqual(['task.startTimeout']);
  });
});
