// The timeMachine-compatible API against a real node and ZooKeeper, so that a timeMachine client works unchanged:
// its API as its code implements it (database "default") and as its documentation describes it (databases in
// the path, PUT, trigger_time), bodies and statuses exactly; a recipient getting the raw meta; errors as
// {"error", "code"} naming the field with nothing written; 404s never swallowed by the UI; /apis's auth and roles.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashApiToken, newApiToken } from '../../src/auth/api-tokens.js';
import { AUTH_DISABLED, type AuthSettings } from '../../src/auth/auth-settings.js';
import { startReceiver, type Receiver } from '../http/receiver.js';
import { useRealNodes, type RealNode } from '../support/real-nodes.js';
import { zkSnapshot } from '../support/zk-snapshot.js';

const realNode = useRealNodes();
const receivers: Receiver[] = [];
const uiDirs: string[] = [];

afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
  for (const dir of uiDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const FAR = Date.UTC(2099, 0, 1);
const OK = { status: 'ok' };

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

interface Sent {
  /** Serialised as JSON, with `Content-Type: application/json` unless `headers` says another. */
  json?: unknown;
  /** Sent verbatim. */
  raw?: string;
  headers?: Record<string, string>;
}

/** A request as a timeMachine client sends it: no redirect followed, the answer's body kept as text too. */
async function send(node: RealNode, method: string, path: string, sent: Sent = {}): Promise<Answer> {
  const body = sent.raw ?? (sent.json === undefined ? undefined : JSON.stringify(sent.json));
  const response = await fetch(`${node.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(body !== undefined && { 'Content-Type': 'application/json' }), ...sent.headers },
    body,
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.startsWith('application/json') ?? false;
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text, text };
}

/** Expects 200 `{"status":"ok"}`. */
async function expectOk(node: RealNode, method: string, path: string, sent: Sent = {}): Promise<void> {
  const answer = await send(node, method, path, sent);
  expect({ status: answer.status, body: answer.body }, `${method} ${path}`).toEqual({
    status: 200,
    body: OK,
  });
}

/** Expects `status` with a timeMachine error of `code` whose message names `names`. */
async function expectError(
  node: RealNode,
  method: string,
  path: string,
  expected: { status: number; code: string; names: string },
  sent: Sent = {},
): Promise<Answer> {
  const answer = await send(node, method, path, sent);
  const label = `${method} ${path}: ${answer.text}`;
  expect(answer.status, label).toBe(expected.status);
  expect(answer.body, label).toEqual({ error: expect.stringContaining(expected.names), code: expected.code });
  return answer;
}

/** Bad input: a 400 E001 naming `field`, with ZooKeeper exactly as before. */
async function expectRejected(
  node: RealNode,
  method: string,
  path: string,
  field: string,
  sent: Sent,
  expected: { status: number; code: string } = { status: 400, code: 'E001' },
): Promise<void> {
  const before = await zkSnapshot(node.zk, node.paths.root);
  await expectError(node, method, path, { ...expected, names: field }, sent);
  expect(await zkSnapshot(node.zk, node.paths.root), `${method} ${path} wrote`).toEqual(before);
}

const job = (id: string, route: string, meta: unknown = { order: id }) => ({
  id,
  trigger_ms: FAR,
  meta,
  route,
});

describe('timeMachine API as its code implements it (database "default")', () => {
  it('POST /route/ and POST /route create or replace a route, without a redirect; GET and DELETE /route/:id', async () => {
    const node = await realNode('tm-code-routes');
    await expectOk(node, 'POST', '/route/', {
      json: { id: 'orders', type: 'http', webhook_url: 'http://127.0.0.1:9/a' },
    });
    await expectOk(node, 'POST', '/route', {
      json: { id: 'refunds', type: 'REST', webhook_url: 'http://127.0.0.1:9/b' },
    });
    const orders = await send(node, 'GET', '/route/orders');
    expect(orders.status).toBe(200);
    expect(orders.body).toEqual({
      id: 'orders',
      type: 'REST',
      webhook_url: 'http://127.0.0.1:9/a',
      timeoutSeconds: 10,
    });
    // An upsert: the same id again replaces it.
    await expectOk(node, 'POST', '/route', {
      json: { id: 'orders', type: 'http', webhook_url: 'http://127.0.0.1:9/c' },
    });
    expect((await send(node, 'GET', '/route/orders')).body).toMatchObject({
      webhook_url: 'http://127.0.0.1:9/c',
    });
    // In the database "default" of Epoch's own API.
    expect((await send(node, 'GET', '/apis/v1/job-routes/default/refunds')).status).toBe(200);

    // A delete deletes (timeMachine's blanks the route instead).
    await expectOk(node, 'DELETE', '/route/refunds');
    await expectError(node, 'GET', '/route/refunds', { status: 404, code: 'E004', names: 'refunds' });
    expect((await send(node, 'GET', '/apis/v1/job-routes/default/refunds')).status).toBe(404);
  });

  it('POST /job/:collection upserts any time ahead; GET and DELETE /job/:collection/:jobID', async () => {
    const node = await realNode('tm-code-jobs');
    await expectOk(node, 'POST', '/route/', {
      json: { id: 'orders', type: 'http', webhook_url: 'http://127.0.0.1:9/a' },
    });
    // Decades ahead: no 2-minute limit.
    await expectOk(node, 'POST', '/job/carts', { json: job('c-1', 'orders') });
    const read = await send(node, 'GET', '/job/carts/c-1');
    expect(read.status).toBe(200);
    expect(read.text).toBe(
      JSON.stringify({ id: 'c-1', trigger_ms: FAR, meta: { order: 'c-1' }, route: 'orders' }),
    );
    expect((await send(node, 'GET', '/apis/v1/jobs/default/carts/c-1')).status).toBe(200);

    // The same id again replaces the job; a body sent as a form, as `curl -d` does, is still JSON.
    await expectOk(node, 'POST', '/job/carts', {
      raw: JSON.stringify({ ...job('c-1', 'orders', 'changed'), trigger_ms: FAR + 1 }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect((await send(node, 'GET', '/job/carts/c-1')).body).toEqual({
      id: 'c-1',
      trigger_ms: FAR + 1,
      meta: 'changed',
      route: 'orders',
    });

    await expectOk(node, 'DELETE', '/job/carts/c-1');
    const gone = await expectError(node, 'GET', '/job/carts/c-1', {
      status: 404,
      code: 'E004',
      names: 'c-1',
    });
    expect(gone.body).toEqual({ error: 'No pending job c-1 in default/carts', code: 'E004' });
    await expectError(node, 'DELETE', '/job/carts/c-1', { status: 404, code: 'E004', names: 'c-1' });
  });

  it('the recipient gets the raw meta as the body when a job created by POST /job/:collection fires', async () => {
    const node = await realNode('tm-fire');
    let arrivedAt = 0;
    const sink = await startReceiver((_request, response) => {
      arrivedAt = Date.now();
      response.end('ok');
    });
    receivers.push(sink);
    await expectOk(node, 'POST', '/route/', {
      json: { id: 'game', type: 'http', webhook_url: `${sink.url}/timer?action=endgame` },
    });
    const trigger = Date.now() + 1_000;
    const meta = { game: 7, players: ['a', 'b'], big: 12345678901234 };
    await expectOk(node, 'POST', '/job/games', {
      json: { id: 'g-7', trigger_ms: trigger, meta, route: 'game' },
    });

    await expect.poll(() => sink.received.length, { timeout: 10_000 }).toBe(1);
    const [call] = sink.received;
    expect(arrivedAt).toBeGreaterThanOrEqual(trigger);
    expect(call).toMatchObject({ method: 'POST', path: '/timer?action=endgame' });
    expect(call!.rawBody.toString()).toBe(JSON.stringify(meta));
    expect(call!.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'default/games/g-7',
    });
    // Fired jobs leave the store.
    await expectError(node, 'GET', '/job/games/g-7', { status: 404, code: 'E004', names: 'g-7' });
  });
});

describe('timeMachine API as its documentation describes it (databases in the path)', () => {
  it('POST /route/:db; GET, PUT and DELETE /route/:db/:id', async () => {
    const node = await realNode('tm-docs-routes');
    await expectOk(node, 'POST', '/route/shop', {
      json: { id: 'expiry', type: 'REST', webhook_url: 'http://127.0.0.1:9/a' },
    });
    const read = await send(node, 'GET', '/route/shop/expiry');
    expect({ status: read.status, body: read.body }).toEqual({
      status: 200,
      body: { id: 'expiry', type: 'REST', webhook_url: 'http://127.0.0.1:9/a', timeoutSeconds: 10 },
    });
    // Routes are per database: timeMachine's code shape, on "default", does not see it.
    await expectError(node, 'GET', '/route/expiry', { status: 404, code: 'E004', names: 'expiry' });

    // PUT replaces, or creates, with the path's id; the body's, if given, is the same.
    await expectOk(node, 'PUT', '/route/shop/expiry', {
      json: { type: 'REST', webhook_url: 'http://127.0.0.1:9/b' },
    });
    await expectOk(node, 'PUT', '/route/shop/promo', {
      json: { id: 'promo', type: 'REST', webhook_url: 'http://127.0.0.1:9/p' },
    });
    expect((await send(node, 'GET', '/route/shop/expiry')).body).toMatchObject({
      webhook_url: 'http://127.0.0.1:9/b',
    });
    expect((await send(node, 'GET', '/route/shop/promo')).body).toMatchObject({ id: 'promo' });

    await expectOk(node, 'DELETE', '/route/shop/promo');
    await expectError(node, 'GET', '/route/shop/promo', { status: 404, code: 'E004', names: 'promo' });
    await expectError(node, 'DELETE', '/route/shop/promo', { status: 404, code: 'E004', names: 'promo' });
  });

  it('POST /job/:db/:collection with trigger_time; GET, PUT and DELETE /job/:db/:collection/:id', async () => {
    const node = await realNode('tm-docs-jobs');
    await expectOk(node, 'POST', '/route/shop', {
      json: { id: 'expiry', type: 'REST', webhook_url: 'http://127.0.0.1:9/a' },
    });
    const { trigger_ms, ...rest } = job('d-1', 'expiry');
    await expectOk(node, 'POST', '/job/shop/carts', { json: { ...rest, trigger_time: trigger_ms } });
    const read = await send(node, 'GET', '/job/shop/carts/d-1');
    expect(read.status).toBe(200);
    expect(read.text).toBe(
      JSON.stringify({ id: 'd-1', trigger_ms: FAR, meta: { order: 'd-1' }, route: 'expiry' }),
    );
    expect((await send(node, 'GET', '/apis/v1/jobs/shop/carts/d-1')).status).toBe(200);

    await expectOk(node, 'PUT', '/job/shop/carts/d-1', {
      json: { trigger_time: FAR + 5, meta: [1, 2], route: 'expiry' },
    });
    await expectOk(node, 'PUT', '/job/shop/carts/d-2', { json: job('d-2', 'expiry') });
    expect((await send(node, 'GET', '/job/shop/carts/d-1')).body).toEqual({
      id: 'd-1',
      trigger_ms: FAR + 5,
      meta: [1, 2],
      route: 'expiry',
    });
    expect((await send(node, 'GET', '/job/shop/carts/d-2')).body).toEqual(job('d-2', 'expiry'));

    await expectOk(node, 'DELETE', '/job/shop/carts/d-1');
    await expectError(node, 'GET', '/job/shop/carts/d-1', { status: 404, code: 'E004', names: 'd-1' });
    await expectError(node, 'DELETE', '/job/shop/carts/d-1', { status: 404, code: 'E004', names: 'd-1' });
    // Still there: the delete took only its own id.
    expect((await send(node, 'GET', '/job/shop/carts/d-2')).status).toBe(200);
  });
});

describe('timeMachine API errors', () => {
  it('refuses bad input with 400 {error, code: E001} naming the field, writing nothing', async () => {
    const node = await realNode('tm-bad');
    await expectOk(node, 'POST', '/route/', {
      json: { id: 'orders', type: 'http', webhook_url: 'http://127.0.0.1:9/a' },
    });
    await expectOk(node, 'POST', '/route/shop', {
      json: { id: 'orders', type: 'http', webhook_url: 'http://127.0.0.1:9/a' },
    });
    const good = job('a', 'orders');
    const jobCases: [string, string, string, Sent][] = [
      ['POST', '/job/carts', 'trigger_ms', { json: { ...good, trigger_ms: 'soon' } }],
      ['POST', '/job/carts', 'trigger_ms', { json: { id: 'a', meta: 1, route: 'orders' } }],
      ['POST', '/job/carts', 'id', { json: { ...good, id: 'has space' } }],
      ['POST', '/job/carts', 'meta', { json: { ...good, meta: { blob: 'x'.repeat(4100) } } }],
      ['POST', '/job/carts', 'route', { json: { ...good, route: 'nowhere' } }],
      ['POST', '/job/carts', 'route', { json: { id: 'a', trigger_ms: FAR } }],
      ['POST', '/job/carts', 'body', { raw: '{oops' }],
      ['POST', '/job/bad.name', 'path.collection', { json: good }],
      [
        'POST',
        '/job/shop/carts',
        'trigger_ms',
        { json: { ...good, trigger_time: -1, trigger_ms: undefined } },
      ],
      ['PUT', '/job/shop/carts/a', 'id', { json: { ...good, id: 'b' } }],
      ['PUT', '/job/shop/carts/a', 'route', { json: { trigger_time: FAR } }],
    ];
    for (const [method, path, field, sent] of jobCases) await expectRejected(node, method, path, field, sent);
    const route = { id: 'r', type: 'REST', webhook_url: 'http://127.0.0.1:9/a' };
    const routeCases: [string, string, string, Sent][] = [
      ['POST', '/route/', 'type', { json: { ...route, type: 'Kafka' } }],
      [
        'POST',
        '/route',
        'webhook_url',
        { json: { ...route, webhook_url: 'gameserver-dev-1.myorg.com/timer' } },
      ],
      // Refused as written, without a connection: a private address is outside the egress policy.
      ['POST', '/route/', 'webhook_url', { json: { ...route, webhook_url: 'http://10.1.2.3/hook' } }],
      ['POST', '/route/', 'id', { json: { ...route, id: '' } }],
      ['POST', '/route/shop', 'id', { json: { type: 'REST', webhook_url: route.webhook_url } }],
      ['PUT', '/route/shop/r', 'id', { json: { ...route, id: 'other' } }],
      ['PUT', '/route/sh%20op/r', 'path.db', { json: route }],
    ];
    for (const [method, path, field, sent] of routeCases)
      await expectRejected(node, method, path, field, sent);
    await expectRejected(node, 'GET', '/job/carts/has%20space', 'path.jobID', {});
    // Far beyond a 4 KB meta: refused before it is parsed.
    await expectRejected(
      node,
      'POST',
      '/job/carts',
      'body',
      { json: { ...good, meta: 'x'.repeat(70_000) } },
      { status: 413, code: 'E006' },
    );
  });

  it('answers 404 E004 for unknown ids and paths under /job and /route, never the UI page', async () => {
    const uiDir = mkdtempSync(join(tmpdir(), 'epoch-tm-ui-'));
    uiDirs.push(uiDir);
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Epoch</title>');
    const node = await realNode('tm-404', { uiDir });
    const before = await zkSnapshot(node.zk, node.paths.root);
    const unknown: [string, string][] = [
      ['GET', '/job/carts/nope'],
      ['DELETE', '/job/carts/nope'],
      ['GET', '/job/shop/carts/nope'],
      ['DELETE', '/job/shop/carts/nope'],
      ['GET', '/route/nope'],
      ['DELETE', '/route/nope'],
      ['GET', '/route/shop/nope'],
      ['DELETE', '/route/shop/nope'],
    ];
    for (const [method, path] of unknown)
      await expectError(node, method, path, { status: 404, code: 'E004', names: 'nope' });
    const nowhere: [string, string][] = [
      ['GET', '/job'],
      ['GET', '/job/a/b/c/d'],
      ['GET', '/route/a/b/c'],
      ['PATCH', '/job/carts'],
      ['GET', '/JOB/a/b/c/d'],
    ];
    for (const [method, path] of nowhere)
      await expectError(node, method, path, { status: 404, code: 'E004', names: 'Nothing at' });
    expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
    // The UI still answers its own pages.
    expect((await send(node, 'GET', '/jobs')).text).toContain('<title>Epoch</title>');
  });
});

describe('timeMachine API authentication', () => {
  const token = newApiToken();
  const AUTH: AuthSettings = {
    ...AUTH_DISABLED,
    disabled: false,
    users: [
      { username: 'admin', password: 'admin-password-tm-test', role: 'READ_WRITE' },
      { username: 'guest', password: 'guest-password-tm-test', role: 'READ_ONLY' },
    ],
    apiTokens: [{ name: 'tm-client', sha256: hashApiToken(token), role: 'READ_WRITE' }],
  };
  const basic = (user: string, password: string) => ({
    Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });
  const admin = basic('admin', 'admin-password-tm-test');
  const guest = basic('guest', 'guest-password-tm-test');
  const bearer = { Authorization: `Bearer ${token}` };

  it('takes Basic and bearer credentials like /apis: 401 E002 without, 403 E003 for a READ_ONLY write', async () => {
    const node = await realNode('tm-auth', { auth: AUTH });
    const route = { id: 'orders', type: 'REST', webhook_url: 'http://127.0.0.1:9/a' };
    await expectRejected(
      node,
      'POST',
      '/route/',
      'authentication required',
      { json: route },
      {
        status: 401,
        code: 'E002',
      },
    );
    const challenge = await send(node, 'GET', '/job/carts/a');
    expect(challenge.status).toBe(401);
    expect(challenge.body).toMatchObject({ code: 'E002' });
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Basic realm="Epoch"/);
    await expectError(
      node,
      'GET',
      '/job/carts/a',
      { status: 401, code: 'E002', names: '' },
      {
        headers: basic('admin', 'wrong'),
      },
    );

    await expectOk(node, 'POST', '/route/', { json: route, headers: admin });
    await expectOk(node, 'POST', '/job/carts', { json: job('a', 'orders'), headers: bearer });
    const read = await send(node, 'GET', '/job/carts/a', { headers: guest });
    expect(read.body).toEqual(job('a', 'orders'));

    for (const [method, path, json] of [
      ['POST', '/job/carts', job('b', 'orders')],
      ['PUT', '/job/default/carts/a', job('a', 'orders', 'x')],
      ['DELETE', '/job/carts/a', undefined],
      ['POST', '/route', route],
      ['DELETE', '/route/orders', undefined],
    ] as const)
      await expectRejected(
        node,
        method,
        path,
        'read-only',
        { json, headers: guest },
        { status: 403, code: 'E003' },
      );
    expect((await send(node, 'GET', '/route/orders', { headers: guest })).status).toBe(200);
  });
});
