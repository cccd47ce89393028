import { topologySchema } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { containerState, httpState } from './test-fixtures.js';
import {
  argsFromText,
  emailsFromText,
  parseBody,
  rowsToRecord,
  toTopologyInput,
} from './to-topology-input.js';

describe('toTopologyInput', () => {
  it('builds a container topology the schema accepts, defaults included', () => {
    const input = toTopologyInput(containerState());
    expect(input).toEqual({
      name: 'nightly-report',
      trigger: { type: 'CRON', timeSpec: '0 */5 * * * ?', timeZone: 'Europe/Berlin' },
      task: {
        type: 'CONTAINER_EXECUTION',
        taskName: 'main',
        executable: { type: 'DOCKER', url: 'registry:5000/team/app:1.2' },
        resources: [
          { type: 'CPU', count: 1 },
          { type: 'MEMORY', sizeInMB: 256 },
        ],
        volumes: [],
        env: {},
      },
      overlapPolicy: 'SKIP',
      misfirePolicy: 'RUN_ONCE',
      startingDeadlineSeconds: 300,
    });
    expect(topologySchema.safeParse(input).success).toBe(true);
  });

  it('carries env, volumes, args, limits, retries and emails', () => {
    const base = containerState();
    const input = toTopologyInput({
      ...base,
      name: '  spaced  ',
      container: {
        ...base.container,
        env: [
          { id: 'a', key: ' A ', value: ' 1 ' },
          { id: 'b', key: '', value: '' },
        ],
        volumes: [{ id: 'v', pathOnHost: '/data ', pathInContainer: '/mnt', mode: 'READ_WRITE' }],
        args: '--verbose\n\n  --out=/tmp  \n',
        memoryMB: '',
      },
      timeoutSeconds: 60,
      retryCount: 3,
      retryDelaySeconds: '',
      retryBackoffFactor: 1.5,
      notifyKind: 'MAIL',
      emails: 'a@example.com, b@example.org',
      startingDeadlineSeconds: '',
    });
    expect(input.name).toBe('spaced');
    expect(input.task).toMatchObject({
      env: { A: ' 1 ' },
      volumes: [{ pathOnHost: '/data', pathInContainer: '/mnt', mode: 'READ_WRITE' }],
      args: ['--verbose', '--out=/tmp'],
      resources: [{ type: 'CPU', count: 1 }],
      timeoutSeconds: 60,
      retries: { count: 3, backoffFactor: 1.5 },
    });
    expect(input.notify).toEqual({ type: 'MAIL', emails: ['a@example.com', 'b@example.org'] });
    expect(input).not.toHaveProperty('startingDeadlineSeconds');
  });

  it('keeps the container fields the form does not edit', () => {
    const base = containerState();
    const input = toTopologyInput({
      ...base,
      container: {
        ...base.container,
        preserved: {
          tags: { team: 'x' },
          configs: [],
          logging: { type: 'LOCAL', maxSize: '1m', maxFiles: 2, compress: false },
        },
        preservedExecutable: { dockerPullTimeout: '5 minutes' },
      },
    });
    expect(input.task).toMatchObject({
      tags: { team: 'x' },
      logging: { type: 'LOCAL', maxSize: '1m' },
      executable: { type: 'DOCKER', url: 'registry:5000/team/app:1.2', dockerPullTimeout: '5 minutes' },
    });
  });

  it('builds an HTTP task with a JSON body', () => {
    const base = httpState();
    const input = toTopologyInput({
      ...base,
      http: {
        ...base.http,
        method: 'PUT',
        headers: [{ id: 'h', key: 'Content-Type', value: 'application/json' }],
        body: '{"a": [1, 2]}',
      },
    });
    expect(input.task).toEqual({
      type: 'HTTP',
      taskName: 'main',
      method: 'PUT',
      url: 'https://example.com/hook',
      headers: { 'Content-Type': 'application/json' },
      body: { a: [1, 2] },
    });
    expect(topologySchema.safeParse(input).success).toBe(true);
  });

  it('turns the AT wall time into epoch ms in the chosen zone', () => {
    const input = toTopologyInput(
      containerState({ triggerType: 'AT', runAt: '2030-07-01 12:00:00', timeZone: 'Europe/Berlin' }),
    );
    expect(input.trigger).toEqual({ type: 'AT', time: Date.UTC(2030, 6, 1, 10) });
  });

  it('sends a loaded composite task unchanged', () => {
    const composite = {
      type: 'COMPOSITE' as const,
      compositionType: 'ALL' as const,
      tasks: [
        { type: 'HTTP' as const, taskName: 'a', method: 'GET' as const, url: 'https://x.io', headers: {} },
      ],
    };
    expect(toTopologyInput(containerState({ taskKind: 'COMPOSITE', composite })).task).toBe(composite);
  });
});

describe('helpers', () => {
  it('rowsToRecord skips blank rows and trims keys', () => {
    expect(
      rowsToRecord([
        { id: '1', key: ' K ', value: 'v' },
        { id: '2', key: ' ', value: '' },
      ]),
    ).toEqual({ K: 'v' });
  });

  it('argsFromText keeps one argument per non-blank line', () => {
    expect(argsFromText('a b\n\n c ')).toEqual(['a b', 'c']);
  });

  it('parseBody sends JSON objects and arrays as JSON, everything else as text', () => {
    expect(parseBody('')).toBeUndefined();
    expect(parseBody('[1]')).toEqual([1]);
    expect(parseBody('{oops')).toBe('{oops');
    expect(parseBody('42')).toBe('42');
    expect(parseBody('hello')).toBe('hello');
  });

  it('emailsFromText splits on commas, semicolons and spaces', () => {
    expect(emailsFromText(' a@x.io,b@y.io; c@z.io ,, ')).toEqual(['a@x.io', 'b@y.io', 'c@z.io']);
  });
});
