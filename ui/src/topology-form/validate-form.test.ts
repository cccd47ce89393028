import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { containerState, httpState } from './test-fixtures.js';
import { issuesToErrors } from './map-issues.js';
import { issuesFromSaveFailure } from './submit-errors.js';
import { toTopologyInput } from './to-topology-input.js';
import { validateForm } from './validate-form.js';

const NOW = Date.UTC(2030, 0, 1);

describe('validateForm', () => {
  it('accepts a valid form and returns what to send', () => {
    const result = validateForm(containerState(), NOW);
    expect(result).toEqual({ ok: true, input: toTopologyInput(containerState()) });
  });

  it('maps every schema issue to its field', () => {
    const base = containerState();
    const result = validateForm(
      {
        ...base,
        name: 'bad name',
        timeSpec: '0 61 * * * ?',
        taskName: '',
        container: {
          ...base.container,
          image: 'Not An Image',
          cpus: 0,
          memoryMB: 1,
          volumes: [{ id: 'v', pathOnHost: 'relative', pathInContainer: '/ok', mode: 'READ_ONLY' }],
        },
        retryCount: 99,
        notifyKind: 'MAIL',
        emails: 'nope',
      },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors.fields).sort()).toEqual(
      [
        'name',
        'trigger.timeSpec',
        'task.taskName',
        'task.executable.url',
        'task.cpus',
        'task.memoryMB',
        'task.volumes.0.pathOnHost',
        'task.retries.count',
        'notify.emails',
      ].sort(),
    );
    expect(result.errors.fields['task.taskName']).toBe('Required');
    expect(result.errors.fields['name']).toMatch(/letters, digits/);
    expect(result.errors.unmatched).toEqual([]);
  });

  it('says Required for an empty name and URL', () => {
    const result = validateForm(httpState({ name: '', http: { ...httpState().http, url: '' } }), NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.fields['name']).toBe('Required');
    expect(result.errors.fields['task.url']).toBe('must be an http(s) URL');
  });

  it('rejects a missing or past AT time', () => {
    const missing = validateForm(containerState({ triggerType: 'AT', runAt: null }), NOW);
    const past = validateForm(
      containerState({ triggerType: 'AT', runAt: '2029-12-31 23:59:00', timeZone: 'UTC' }),
      NOW,
    );
    const future = validateForm(
      containerState({ triggerType: 'AT', runAt: '2030-01-01 00:01:00', timeZone: 'UTC' }),
      NOW,
    );
    expect(!missing.ok && missing.errors.fields['trigger.time']).toBe('Pick a date and time');
    expect(!past.ok && past.errors.fields['trigger.time']).toBe('must be in the future');
    expect(future.ok).toBe(true);
  });

  it('flags env and header rows that would be lost in a record', () => {
    const base = containerState();
    const result = validateForm(
      {
        ...base,
        container: {
          ...base.container,
          env: [
            { id: '1', key: 'A', value: '1' },
            { id: '2', key: '', value: 'orphan' },
            { id: '3', key: 'A', value: '2' },
            { id: '4', key: '', value: '' },
          ],
        },
      },
      NOW,
    );
    expect(!result.ok && result.errors.fields).toEqual({
      'task.env.1.key': 'Required',
      'task.env.2.key': 'duplicate key "A"',
    });
    const headers = validateForm(
      httpState({ http: { ...httpState().http, headers: [{ id: 'h', key: '', value: 'x' }] } }),
      NOW,
    );
    expect(!headers.ok && headers.errors.fields).toEqual({ 'task.headers.0.key': 'Required' });
  });
});

describe('issuesFromSaveFailure', () => {
  const input = toTopologyInput(containerState());
  // As the form shows them: each at its field.
  const errorsFromSaveFailure = (error: unknown, mode: 'create' | 'edit') => {
    const issues = issuesFromSaveFailure(error, mode);
    return issues && issuesToErrors(issues, input);
  };

  it('places a 400’s issues at their fields', () => {
    const error = new ApiError(400, 'trigger.time: must be in the future', [
      { field: 'trigger.time', message: 'must be in the future' },
      { field: 'task.resources.1.sizeInMB', message: 'too big' },
    ]);
    expect(errorsFromSaveFailure(error, 'create')).toEqual({
      fields: { 'trigger.time': 'must be in the future', 'task.memoryMB': 'too big' },
      unmatched: [],
    });
  });

  it('shows a 400 without issues above the button', () => {
    expect(errorsFromSaveFailure(new ApiError(400, 'bad json'), 'create')).toEqual({
      fields: {},
      unmatched: ['bad json'],
    });
  });

  it('puts a create conflict at the name and leaves other failures to the form', () => {
    expect(errorsFromSaveFailure(new ApiError(409, 'exists'), 'create')?.fields).toEqual({
      name: 'exists',
    });
    expect(errorsFromSaveFailure(new ApiError(409, 'changed'), 'edit')).toBeNull();
    expect(errorsFromSaveFailure(new ApiError(500, 'boom'), 'create')).toBeNull();
    expect(errorsFromSaveFailure(new Error('offline'), 'create')).toBeNull();
  });
});
