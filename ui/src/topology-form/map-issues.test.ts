import { describe, expect, it } from 'vitest';
import { containerState } from './test-fixtures.js';
import { fieldOfIssue, issuesToErrors } from './map-issues.js';
import { toTopologyInput } from './to-topology-input.js';

const container = toTopologyInput(containerState());
const memoryOnly = toTopologyInput(
  containerState({ container: { ...containerState().container, cpus: '' } }),
);
const composite = toTopologyInput(
  containerState({
    taskKind: 'COMPOSITE',
    composite: { type: 'COMPOSITE', compositionType: 'ALL', tasks: [] },
  }),
);

describe('fieldOfIssue', () => {
  it('passes field paths through', () => {
    for (const path of [
      'name',
      'trigger.timeSpec',
      'trigger.time',
      'task.executable.url',
      'task.url',
      'overlapPolicy',
    ]) {
      expect(fieldOfIssue(path, container)).toBe(path);
    }
    expect(fieldOfIssue('task.volumes.2.pathOnHost', container)).toBe('task.volumes.2.pathOnHost');
    expect(fieldOfIssue('task.env.0.key', container)).toBe('task.env.0.key');
  });

  it('reads which resource an index is from the built input', () => {
    expect(fieldOfIssue('task.resources.0.count', container)).toBe('task.cpus');
    expect(fieldOfIssue('task.resources.1.sizeInMB', container)).toBe('task.memoryMB');
    expect(fieldOfIssue('task.resources.0.sizeInMB', memoryOnly)).toBe('task.memoryMB');
    expect(fieldOfIssue('task.resources', container)).toBe('task.cpus');
  });

  it('gathers list items under their field', () => {
    expect(fieldOfIssue('notify.emails.1', container)).toBe('notify.emails');
    expect(fieldOfIssue('task.args', container)).toBe('task.args');
  });

  it("puts a notify's issues at the fields of its type", () => {
    const webhook = toTopologyInput(containerState({ notifyKind: 'WEBHOOK', webhookUrl: 'x' }));
    expect(fieldOfIssue('notify.url', webhook)).toBe('notify.url');
    expect(fieldOfIssue('notify', webhook)).toBe('notify.url');
    expect(fieldOfIssue('notify', container)).toBe('notify.emails');
  });

  it('puts every issue of a composite at the task', () => {
    expect(fieldOfIssue('task.tasks.0.url', composite)).toBe('task');
    expect(fieldOfIssue('task', container)).toBe('task');
  });

  it('has no field for paths the form does not show', () => {
    expect(fieldOfIssue('task.executable.dockerPullTimeout', container)).toBeNull();
    expect(fieldOfIssue('(root)', container)).toBeNull();
    expect(fieldOfIssue('trigger.type', container)).toBeNull();
  });
});

describe('issuesToErrors', () => {
  it('keeps the first message per field and lists the unplaced ones once', () => {
    expect(
      issuesToErrors(
        [
          { field: 'name', message: 'first' },
          { field: 'name', message: 'second' },
          { field: 'task.executable.dockerPullTimeout', message: 'must be a duration' },
          { field: 'task.executable.dockerPullTimeout', message: 'must be a duration' },
          { field: '', message: 'bad body' },
        ],
        container,
      ),
    ).toEqual({
      fields: { name: 'first' },
      unmatched: ['task.executable.dockerPullTimeout: must be a duration', 'bad body'],
    });
  });
});
