import { taskSchema } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { formErrors, overridableFields, toOverrides } from './run-with-form.js';

const row = (key: string, value: string) => ({ id: key, key, value });

describe('run with… form', () => {
  it('sends only what was filled in: env rows with a name, args one per line, a body as JSON or text', () => {
    expect(toOverrides({ env: [], args: '', body: ' ' })).toEqual({});
    expect(
      toOverrides({
        env: [row('X', '42'), row(' ', 'dropped')],
        args: 'sh\n-c\necho $X\n',
        body: '{"n": 1}',
      }),
    ).toEqual({ env: { X: '42' }, args: ['sh', '-c', 'echo $X'], body: { n: 1 } });
    expect(toOverrides({ env: [], args: '', body: 'plain text' })).toEqual({ body: 'plain text' });
  });

  it('offers env and args for container tasks and a body for HTTP calls that send one', () => {
    const http = (method: string) => ({
      type: 'HTTP',
      taskName: `t${method}`,
      method,
      url: 'https://example.com',
    });
    expect(overridableFields(taskSchema.parse(http('POST')))).toEqual({ container: false, body: true });
    expect(overridableFields(taskSchema.parse({ type: 'COMPOSITE', tasks: [http('GET')] }))).toEqual({
      container: false,
      body: false,
    });
  });

  it("puts the server's issues on the inputs they name", () => {
    expect(
      formErrors(
        [
          { field: 'env.DB_PASSWORD', message: 'is a secret of task main' },
          { field: 'args', message: 'combined length must be at most 2048' },
          { field: '(root)', message: 'Unrecognized key' },
        ],
        [row('X', '1'), row('DB_PASSWORD', 'x')],
      ),
    ).toEqual({
      'env.1.key': 'is a secret of task main',
      args: 'combined length must be at most 2048',
      form: '(root): Unrecognized key',
    });
  });
});
