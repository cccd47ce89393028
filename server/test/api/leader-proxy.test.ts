// A follower's forwarding, seen from both ends: a real express follower with the proxy middleware, and a
// stand-in leader (a plain HTTP server) that shows what arrived; then a real express leader checking what
// it is sent. The election is a fixed answer: what is under test is the forwarding, end to end over real
// sockets.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../src/api/error-middleware.js';
import {
  FORWARD_SIGNATURE_HEADER,
  FORWARDED_AT_HEADER,
  FORWARDED_BY_HEADER,
  FORWARDED_FOR_HEADER,
  forwardingHeaders,
  verifyForward,
} from '../../src/api/forward-signature.js';
import { verifyForwarded } from '../../src/api/forwarded-request.js';
import { leaderProxy } from '../../src/api/leader-proxy.js';
import { timeMachineErrorMiddleware } from '../../src/api/timemachine-error-middleware.js';
import type { LeaderElection } from '../../src/cluster/leader-election.js';
import { silentLogger } from '../support/test-node.js';

let leader: Server;
let leaderUrl: string;
const election = { isLeader: false, leader: null as string | null, url: 'http://follower.test:8080' };
let follower: Server;
let followerUrl: string;
let realLeader: Server;
let realLeaderUrl: string;
const KEY = Buffer.alloc(32, 42);

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  leader = createServer(async (req, res) => {
    if (req.url?.startsWith('/apis/v1/events')) {
      // A stream that stays open: its first event must arrive while it is still open.
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write('event: hello\ndata: {}\n\n');
      return;
    }
    const body = await bodyOf(req);
    res.writeHead(201, {
      'Content-Type': 'application/json',
      'Set-Cookie': 'session=abc123; HttpOnly; SameSite=Lax',
      'Retry-After': '7',
    });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  });
  leaderUrl = await listen(leader);
  const app = express();
  app.use(verifyForwarded(KEY));
  app.use(leaderProxy(election as unknown as LeaderElection, KEY));
  app.use((_req, res) => void res.status(418).json({ answeredBy: 'follower' }));
  app.use(['/job', '/route'], timeMachineErrorMiddleware(silentLogger));
  app.use(errorMiddleware(silentLogger));
  follower = createServer(app);
  followerUrl = await listen(follower);

  // A leader as app.ts builds one: what it answers shows how it took the request.
  const leading = { isLeader: true, leader: null, url: 'http://leader.test:8080' };
  const leaderApp = express();
  leaderApp.use(verifyForwarded(KEY));
  leaderApp.use(leaderProxy(leading as unknown as LeaderElection, KEY));
  leaderApp.use(
    (_req, res) =>
      void res.json({ forwardedBy: res.locals.forwardedBy, forwardedFor: res.locals.forwardedFor }),
  );
  leaderApp.use(errorMiddleware(silentLogger));
  realLeader = createServer(leaderApp);
  realLeaderUrl = await listen(realLeader);
});

afterAll(async () => {
  for (const server of [follower, leader, realLeader]) server.closeAllConnections();
  await Promise.all(
    [follower, leader, realLeader].map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

const withLeader = (url: string | null) => {
  election.leader = url;
};

describe('a follower forwarding /apis to the leader', () => {
  it('forwards method, path, query, body, headers and cookies, and returns status, headers and cookies', async () => {
    withLeader(leaderUrl);
    const response = await fetch(`${followerUrl}/apis/v1/topologies/x/run?a=1&b=two`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Cookie: 'session=xyz; theme=dark', 'X-Custom': 'kept' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('set-cookie')).toBe('session=abc123; HttpOnly; SameSite=Lax');
    expect(response.headers.get('retry-after')).toBe('7');
    const seen = (await response.json()) as {
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(seen).toMatchObject({
      method: 'PUT',
      url: '/apis/v1/topologies/x/run?a=1&b=two',
      body: '{"hello":"world"}',
    });
    expect(seen.headers).toMatchObject({
      cookie: 'session=xyz; theme=dark',
      'x-custom': 'kept',
      'content-type': 'application/json',
      [FORWARDED_BY_HEADER]: election.url,
      [FORWARDED_FOR_HEADER]: '127.0.0.1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
    // Signed over what the leader sees, with the key every node shares.
    expect(verifyForward(KEY, seen.headers, seen.method, seen.url, Date.now())).toEqual({
      ok: true,
      forwardedBy: election.url,
      forwardedFor: '127.0.0.1',
    });
  });

  it('forwards /APIS in any case, as express routes it, and the bare /apis and /apis/', async () => {
    withLeader(leaderUrl);
    for (const path of ['/APIS/v1/topologies/x/run', '/Apis/v1/topologies', '/apis', '/apis/', '/APIS/']) {
      const response = await fetch(`${followerUrl}${path}`, { method: 'PUT' });
      expect(response.status, path).toBe(201);
      expect(((await response.json()) as { url: string }).url).toBe(path);
    }
  });

  it("forwards timeMachine's /job and /route in any case, body and all, and answers /jobs itself", async () => {
    withLeader(leaderUrl);
    for (const path of ['/job/carts', '/JOB/default/carts/a', '/route', '/Route/', '/route/shop/r-1']) {
      const response = await fetch(`${followerUrl}${path}`, { method: 'POST', body: '{"id":"a"}' });
      expect(response.status, path).toBe(201);
      expect(await response.json(), path).toMatchObject({ url: path, body: '{"id":"a"}' });
    }
    expect((await fetch(`${followerUrl}/jobs`)).status).toBe(418);
  });

  it("replaces a client's own X-Epoch-Forwarded-For and signature with its own", async () => {
    withLeader(leaderUrl);
    const response = await fetch(`${followerUrl}/apis/v1/topologies`, {
      headers: {
        [FORWARDED_FOR_HEADER]: '198.51.100.7',
        [FORWARDED_AT_HEADER]: '1',
        [FORWARD_SIGNATURE_HEADER]: 'ab'.repeat(32),
      },
    });
    const seen = (await response.json()) as { headers: Record<string, string> };
    expect(seen.headers[FORWARDED_FOR_HEADER]).toBe('127.0.0.1');
    expect(seen.headers[FORWARD_SIGNATURE_HEADER]).not.toBe('ab'.repeat(32));
    expect(verifyForward(KEY, seen.headers, 'GET', '/apis/v1/topologies', Date.now()).ok).toBe(true);
  });

  it('streams server-sent events as they come', async () => {
    withLeader(leaderUrl);
    const controller = new AbortController();
    const response = await fetch(`${followerUrl}/apis/v1/events`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    expect(value).toContain('event: hello');
    controller.abort();
  });

  it('answers outside /apis itself', async () => {
    withLeader(leaderUrl);
    const response = await fetch(`${followerUrl}/topologies/x`);
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ answeredBy: 'follower' });
  });

  it('answers 503 with Retry-After when no leader is known, or the leader is this node', async () => {
    for (const known of [null, election.url]) {
      withLeader(known);
      const response = await fetch(`${followerUrl}/apis/v1/topologies`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toMatchObject({
        status: 'FAILED',
        data: { error: 'ServiceUnavailableError' },
      });
    }
  });

  it("answers timeMachine's paths without a leader in its error shape: 503 E008", async () => {
    withLeader(null);
    const response = await fetch(`${followerUrl}/job/carts`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({ error: expect.stringContaining('no leader'), code: 'E008' });
  });

  it('answers 503 when the leader does not answer', async () => {
    const gone = createServer();
    const goneUrl = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));
    withLeader(goneUrl);
    const response = await fetch(`${followerUrl}/apis/v1/topologies`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toContain(goneUrl);
    const timeMachine = await fetch(`${followerUrl}/route/orders`);
    expect(timeMachine.status).toBe(503);
    expect(await timeMachine.json()).toEqual({ error: expect.stringContaining(goneUrl), code: 'E008' });
  });

  it('never forwards a request another node forwarded already', async () => {
    withLeader(leaderUrl);
    const signed = forwardingHeaders(KEY, {
      method: 'GET',
      url: '/apis/v1/topologies',
      clientAddress: '203.0.113.5',
      followerUrl: 'http://other.test:8080',
      at: Date.now(),
    });
    const response = await fetch(`${followerUrl}/apis/v1/topologies`, { headers: signed });
    expect(response.status).toBe(503);
  });
});

describe('a leader receiving forwarded requests', () => {
  const signedFor = (path: string, overrides: { at?: number; key?: Buffer } = {}) =>
    forwardingHeaders(overrides.key ?? KEY, {
      method: 'GET',
      url: path,
      clientAddress: '203.0.113.5',
      followerUrl: 'http://follower.test:8080',
      at: overrides.at ?? Date.now(),
    });

  it('takes a signed one as forwarded, for the client the follower served', async () => {
    const response = await fetch(`${realLeaderUrl}/apis/v1/topologies`, {
      headers: signedFor('/apis/v1/topologies'),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      forwardedBy: 'http://follower.test:8080',
      forwardedFor: '203.0.113.5',
    });
  });

  it('refuses a forged X-Epoch-Forwarded-By, naming why, and grants nothing for it', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ [FORWARDED_BY_HEADER]: 'http://follower.test:8080' }, 'not signed by an Epoch node'],
      [{ ...signedFor('/apis/v1/topologies', { key: Buffer.alloc(32, 1) }) }, 'signature is not valid'],
      [signedFor('/apis/v1/other'), 'signature is not valid'],
      [signedFor('/apis/v1/topologies', { at: Date.now() - 120_000 }), 'not within 60 s'],
    ];
    for (const [headers, reason] of cases) {
      const response = await fetch(`${realLeaderUrl}/apis/v1/topologies`, { headers });
      expect(response.status).toBe(403);
      const body = (await response.json()) as { message: string; data: { error: string } };
      expect(body.message).toContain('X-Epoch-Forwarded-By refused');
      expect(body.message).toContain(reason);
    }
  });

  it('serves a request without forwarding headers as a direct one', async () => {
    const response = await fetch(`${realLeaderUrl}/apis/v1/topologies`, {
      headers: { [FORWARDED_FOR_HEADER]: '198.51.100.7' },
    });
    expect(await response.json()).toEqual({});
  });
});
