import { describe, expect, it } from 'vitest';
import { issuesOf } from './parse-input.js';
import { noOverrides, overrideIssues, runOverridesSchema } from './run-overrides-schema.js';
import { taskSchema } from './task-schema.js';

const container = (taskName: string, extra: Record<string, unknown> = {}) => ({
  type: 'CONTAINER_EXECUTION',
  taskName,
  executable: { url: 'busybox:1.36' },
  resources: [{ type: 'CPU', count: 1 }],
  ...extra,
});
const http = (taskName: string, method = 'POST') => ({
  type: 'HTTP',
  taskName,
  method,
  url: 'https://example.com',
});

describe('runOverridesSchema', () => {
  it.each([
    [{ env: { '1X': 'a' } }, 'env.1X'],
    [{ env: { X: 1 } }, 'env.X'],
    [{ env: { X: 'a'.repeat(4097) } }, 'env.X'],
    [{ args: 'echo' }, 'args'],
    [{ args: ['a'.repeat(2049)] }, 'args'],
    [{ args: [1] }, 'args.0'],
    [{ body: 'b'.repeat(65_537) }, 'body'],
    [{ environment: {} }, '(root)'],
    [[], '(root)'],
  ])('refuses %j naming %s', (input, field) => {
    const result = runOverridesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuesOf(result.error!).map((issue) => issue.field)).toContain(field);
  });

  it('takes env, args and any JSON body', () => {
    const overrides = { env: { X: '42' }, args: ['sh', '-c', 'echo $X'], body: { n: [1, null] } };
    expect(runOverridesSchema.parse(overrides)).toEqual(overrides);
  });
});

describe('noOverrides', () => {
  it.each([
    [undefined, true],
    [{}, true],
    [{ env: {} }, true],
    [{ args: [] }, false],
    [{ env: { X: '1' } }, false],
    [{ body: null }, false],
  ])('%j: %s', (overrides, none) => {
    expect(noOverrides(overrides)).toBe(none);
  });
});

describe('overrideIssues', () => {
  const composite = (...tasks: unknown[]) => taskSchema.parse({ type: 'COMPOSITE', tasks });
  it.each([
    ['args on HTTP only', taskSchema.parse(http('h')), { args: ['x'] }, ['args']],
    ['env on HTTP only', taskSchema.parse(http('h')), { env: { X: '1' } }, ['env']],
    ['body on containers only', taskSchema.parse(container('c')), { body: 'x' }, ['body']],
    [
      'body where every call is GET or HEAD',
      composite(http('a', 'GET'), http('b', 'HEAD')),
      { body: 'x' },
      ['body'],
    ],
    [
      'an env name that is a secret',
      composite(container('c', { secretEnv: { DB_PASSWORD: 's3cret' } })),
      { env: { DB_PASSWORD: 'mine', OK: '1' } },
      ['env.DB_PASSWORD'],
    ],
    [
      'each field where it applies',
      composite(container('c'), http('h')),
      { env: { X: '1' }, args: [], body: 1 },
      [],
    ],
  ])('%s', (_name, task, overrides, fields) => {
    expect(overrideIssues(task, overrides).map((issue) => issue.field)).toEqual(fields);
  });
});
