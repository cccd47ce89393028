import { describe, expect, it } from 'vitest';
import { containerState } from './test-fixtures.js';
import { fieldOfIssue, issuesToErrors, UNMATCHED } from './map-issues.js';
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
  it('names the field showing each path', () => {
    for (const [path, field] of [
      ['name', 'name'],
      ['trigger.timeSpec', 'timeSpec'],
      ['trigger.time', 'runAt'],
      ['task.executable.url', 'container.image'],
      ['task.url', 'http.url'],
      ['overlapPolicy', 'overlapPolicy'],
      ['task.volumes.2.pathOnHost', 'container.volumes.2.pathOnHost'],
      ['task.env.0.key', 'container.env.0.key'],
      ['task.headers.1.key', 'http.headers.1.key'],
      ['labels.3.key', 'labels.3.key'],
    ]) {
      expect(fieldOfIssue(path!, container)).toBe(field);
    }
  });

  it('reads which resource an index is from the built input', () => {
    expect(fieldOfIssue('task.resources.0.count', container)).toBe('container.cpus');
    expect(fieldOfIssue('task.resources.1.sizeInMB', container)).toBe('container.memoryMB');
    expect(fieldOfIssue('task.resources.0.sizeInMB', memoryOnly)).toBe('container.memoryMB');
    expect(fieldOfIssue('task.resources', container)).toBe('container.cpus');
  });

  it('gathers list items under their field', () => {
    expect(fieldOfIssue('notify.emails.1', container)).toBe('emails');
    expect(fieldOfIssue('task.args', container)).toBe('container.args');
    expect(fieldOfIssue('task.args.0', container)).toBe('container.args');
  });

  it("puts a notify's issues at the fields of its type", () => {
    const webhook = toTopologyInput(containerState({ notifyKind: 'WEBHOOK', webhookUrl: 'x' }));
    expect(fieldOfIssue('notify.url', webhook)).toBe('webhookUrl');
    expect(fieldOfIssue('notify', webhook)).toBe('webhookUrl');
    expect(fieldOfIssue('notify', container)).toBe('emails');
  });

  it('puts every issue of a composite at the task', () => {
    expect(fieldOfIssue('task.tasks.0.url', composite)).toBe('taskKind');
    expect(fieldOfIssue('task', container)).toBe('taskKind');
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
      name: 'first',
      [UNMATCHED]: ['task.executable.dockerPullTimeout: must be a duration', 'bad body'],
    });
  });
});
