// buildHttpRequest: task + attempt → URL, method, headers, body. Pure, so table-driven.
import { httpTaskSchema, type HttpTask } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import {
  buildHttpRequest,
  describeTarget,
  type AttemptIdentity,
  type HttpRequestPlan,
} from '../../src/runners/http/build-request.js';
import { signEpochRequest } from '../../src/runners/http/signature.js';

const identity: AttemptIdentity = {
  topologyId: 'billing',
  runId: 'EIR-2026-11-22-10-00-00-000',
  taskId: 'billing-EIR-2026-11-22-10-00-00-000-notify',
  attempt: 3,
  fireTime: Date.parse('2026-11-22T10:00:00.000Z'),
};
const NOW = Date.parse('2026-11-22T10:00:01.750Z');
const settings = { userAgent: 'Epoch/1.0', now: NOW };

const task = (fields: Partial<HttpTask>): HttpTask =>
  httpTaskSchema.parse({ type: 'HTTP', taskName: 'notify', url: 'https://hooks.example.com/in', ...fields });

function plan(fields: Partial<HttpTask>, signingSecret?: string): HttpRequestPlan {
  const built = buildHttpRequest(task(fields), identity, { ...settings, signingSecret });
  if (!built.ok) throw new Error(built.errorMessage);
  return built.request;
}

/** Header lookup by any spelling, as the receiver would see it. */
const header = (request: HttpRequestPlan, name: string) =>
  Object.entries(request.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

interface BodyCase {
  name: string;
  fields: Partial<HttpTask>;
  body: string | undefined;
  type: string | undefined;
}

describe('buildHttpRequest: body and Content-Type', () => {
  it.each<BodyCase>([
    {
      name: 'JSON object',
      fields: { body: { a: 1, b: [true, null] } },
      body: '{"a":1,"b":[true,null]}',
      type: 'application/json',
    },
    { name: 'JSON array', fields: { body: [1, 'two'] }, body: '[1,"two"]', type: 'application/json' },
    { name: 'JSON null', fields: { body: null }, body: 'null', type: 'application/json' },
    { name: 'JSON number', fields: { body: 0 }, body: '0', type: 'application/json' },
    {
      name: 'string',
      fields: { body: '{"sent":"verbatim"}' },
      body: '{"sent":"verbatim"}',
      type: 'text/plain; charset=utf-8',
    },
    { name: 'empty string', fields: { body: '' }, body: '', type: 'text/plain; charset=utf-8' },
    {
      name: 'string, own type',
      fields: { body: '<x/>', headers: { 'content-TYPE': 'application/xml' } },
      body: '<x/>',
      type: 'application/xml',
    },
    {
      name: 'JSON, own type',
      fields: { body: { a: 1 }, headers: { 'Content-Type': 'application/vnd.api+json' } },
      body: '{"a":1}',
      type: 'application/vnd.api+json',
    },
    { name: 'no body', fields: {}, body: undefined, type: undefined },
    {
      name: 'GET drops the body',
      fields: { method: 'GET', body: { a: 1 } },
      body: undefined,
      type: undefined,
    },
    { name: 'HEAD drops the body', fields: { method: 'HEAD', body: 'x' }, body: undefined, type: undefined },
    {
      name: 'DELETE keeps it',
      fields: { method: 'DELETE', body: 'x' },
      body: 'x',
      type: 'text/plain; charset=utf-8',
    },
  ])('$name', ({ fields, body, type }) => {
    const request = plan(fields);
    expect(request.body).toBe(body);
    expect(header(request, 'content-type')).toBe(type);
  });
});

describe('buildHttpRequest: headers', () => {
  it('adds the X-Epoch-* headers and the User-Agent, and defaults the method to POST', () => {
    const request = plan({ headers: { 'X-Team': 'payments' } });
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({
      'User-Agent': 'Epoch/1.0',
      'X-Team': 'payments',
      'X-Epoch-Task-Id': identity.taskId,
      'X-Epoch-Topology-Id': 'billing',
      'X-Epoch-Run-Id': identity.runId,
      'X-Epoch-Attempt': '3',
      'X-Epoch-Fire-Time': '2026-11-22T10:00:00.000Z',
    });
  });

  it.each([
    { name: 'X-Epoch-Task-Id', value: 'forged', expected: identity.taskId },
    { name: 'x-epoch-attempt', value: '99', expected: '3' },
    { name: 'X-EPOCH-FIRE-TIME', value: 'yesterday', expected: '2026-11-22T10:00:00.000Z' },
    { name: 'X-Epoch-Signature', value: 'sha256=forged', expected: undefined },
    { name: 'X-Epoch-Anything', value: 'reserved prefix', expected: undefined },
  ])('a task header $name cannot override or forge an X-Epoch-* header', ({ name, value, expected }) => {
    const request = plan({ headers: { [name]: value } });
    expect(header(request, name)).toBe(expected);
    expect(Object.values(request.headers)).not.toContain(value);
  });

  it.each(['Host', 'content-length', 'Transfer-Encoding', 'Connection', 'Keep-Alive', 'Upgrade', 'Expect'])(
    'drops %s, which the HTTP client owns',
    (name) => {
      expect(header(plan({ headers: { [name]: 'x' } }), name)).toBeUndefined();
    },
  );

  it('lets the task set its own User-Agent', () => {
    expect(header(plan({ headers: { 'user-agent': 'billing-bot' } }), 'User-Agent')).toBe('billing-bot');
  });

  it('signs timestamp, method, URL as sent, task id and body when a secret is set, and the empty body of a GET', () => {
    const post = plan({ body: { a: 1 } }, 'secret');
    expect(header(post, 'X-Epoch-Timestamp')).toBe('1795341601');
    const signed = { timestamp: '1795341601', taskId: header(post, 'X-Epoch-Task-Id')! };
    const url = `${post.origin}${post.path}`;
    expect(header(post, 'X-Epoch-Signature')).toBe(
      signEpochRequest('secret', { ...signed, method: 'POST', url, body: '{"a":1}' }),
    );
    const get = plan({ method: 'GET', body: { a: 1 } }, 'secret');
    expect(header(get, 'X-Epoch-Signature')).toBe(
      signEpochRequest('secret', { ...signed, method: 'GET', url, body: '' }),
    );
  });

  it.each([undefined, ''])('does not sign with secret %j', (secret) => {
    const request = plan({ body: 'x' }, secret);
    expect(header(request, 'X-Epoch-Timestamp')).toBeUndefined();
    expect(header(request, 'X-Epoch-Signature')).toBeUndefined();
  });
});

describe('buildHttpRequest: URL', () => {
  it('moves URL credentials into a Basic Authorization header, which a task header still overrides', () => {
    const request = plan({ url: 'https://hook%20user:p%40ss@hooks.example.com/in?token=t' });
    expect(`${request.origin}${request.path}`).toBe('https://hooks.example.com/in?token=t');
    expect(header(request, 'Authorization')).toBe(
      `Basic ${Buffer.from('hook user:p@ss').toString('base64')}`,
    );
    const explicit = plan({
      url: 'https://u:p@hooks.example.com/in',
      headers: { authorization: 'Bearer abc' },
    });
    expect(header(explicit, 'Authorization')).toBe('Bearer abc');
  });

  it.each([
    { url: 'not a url', error: 'invalid URL: not a url' },
    { url: 'ftp://files.example.com/x', error: 'invalid URL: ftp://files.example.com/x' },
    { url: 'http://u:%zz@host/', error: 'invalid URL: http://u:%zz@host/' },
  ])('rejects $url', ({ url, error }) => {
    // The schema rejects these too; the runner must not trust that every task went through it.
    const built = buildHttpRequest({ ...task({}), url }, identity, settings);
    expect(built).toEqual({ ok: false, errorMessage: error });
  });

  it.each<{ headers: Record<string, string>; error: string }>([
    {
      headers: { 'bad name': 'x' },
      error: 'invalid header name "bad name" for POST https://hooks.example.com/in',
    },
    {
      headers: { Authorization: 'Bearer secret\r\nX-Injected: 1' },
      error: 'invalid value for header "Authorization" for POST https://hooks.example.com/in',
    },
  ])(
    'rejects headers fetch would refuse, naming the header but not its value: $error',
    ({ headers, error }) => {
      expect(buildHttpRequest(task({ headers }), identity, settings)).toEqual({
        ok: false,
        errorMessage: error,
      });
    },
  );
});

describe('describeTarget', () => {
  it.each([
    { method: 'POST', url: 'https://h.example.com/a/b', expected: 'POST https://h.example.com/a/b' },
    {
      method: 'GET',
      url: 'http://h.example.com:8080/x?token=s3cret',
      expected: 'GET http://h.example.com:8080/x?…',
    },
    { method: 'PUT', url: 'https://user:pw@h.example.com/', expected: 'PUT https://h.example.com/' },
  ])('$url → $expected (no credentials or query in messages)', ({ method, url, expected }) => {
    expect(describeTarget(method, new URL(url))).toBe(expected);
  });
});
