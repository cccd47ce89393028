import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { containerState, httpState } from './test-fixtures.js';
import { issuesToErrors, UNMATCHED } from './map-issues.js';
import { issuesFromSaveFailure } from './submit-errors.js';
import { toTopologyInput } from './to-topology-input.js';
import { validateForm } from './validate-form.js';

const NOW = Date.UTC(2030, 0, 1);

describe('validateForm', () => {
  it('accepts a valid form', () => {
    expect(validateForm(containerState(), NOW)).toEqual({});
  });

  it('maps every schema issue to its field', () => {
    const base = containerState();
    const errors = validateForm(
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
    expect(Object.keys(errors).sort()).toEqual(
      [
        'name',
        'timeSpec',
        'taskName',
        'container.image',
        'container.cpus',
        'container.memoryMB',
        'container.volumes.0.pathOnHost',
        'retryCount',
        'emails',
      ].sort(),
    );
    expect(errors['taskName']).toBe('Required');
    expect(errors['name']).toMatch(/letters, digits/);
  });

  it('says Required for an empty name and URL', () => {
    const errors = validateForm(httpState({ name: '', http: { ...httpState().http, url: '' } }), NOW);
    expect(errors['name']).toBe('Required');
    expect(errors['http.url']).toBe('must be an http(s) URL');
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
    expect(missing).toEqual({ runAt: 'Pick a date and time' });
    expect(past).toEqual({ runAt: 'must be in the future' });
    expect(future).toEqual({});
  });

  it('flags env and header rows that would be lost in a record', () => {
    const base = containerState();
    const errors = validateForm(
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
    expect(errors).toEqual({
      'container.env.1.key': 'Required',
      'container.env.2.key': 'duplicate key "A"',
    });
    const headers = validateForm(
      httpState({ http: { ...httpState().http, headers: [{ id: 'h', key: '', value: 'x' }] } }),
      NOW,
    );
    expect(headers).toEqual({ 'http.headers.0.key': 'Required' });
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
      runAt: 'must be in the future',
      'container.memoryMB': 'too big',
    });
  });

  it('shows a 400 without issues above the button', () => {
    expect(errorsFromSaveFailure(new ApiError(400, 'bad json'), 'create')).toEqual({
      [UNMATCHED]: ['bad json'],
    });
  });

  it('puts a create conflict at the name and leaves other failures to the form', () => {
    expect(errorsFromSaveFailure(new ApiError(409, 'exists'), 'create')).toEqual({ name: 'exists' });
    expect(errorsFromSaveFailure(new ApiError(409, 'changed'), 'edit')).toBeNull();
    expect(errorsFromSaveFailure(new ApiError(500, 'boom'), 'create')).toBeNull();
    expect(errorsFromSaveFailure(new Error('offline'), 'create')).toBeNull();
  });
});
