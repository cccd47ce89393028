// A follower's forwarding, seen from both ends: a real express follower with the proxy middleware, and a
// stand-in leader (a plain HTTP server) that shows what arrived. The election is a fixed answer: what is under
// test is the forwarding, end to end over real sockets.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorMiddleware } from '../../src/api/error-middleware.js';
import { FORWARDED_BY_HEADER, leaderProxy } from '../../src/api/leader-proxy.js';
import type { LeaderElection } from '../../src/cluster/leader-election.js';
import { silentLogger } from '../support/test-node.js';

let leader: Server;
let leaderUrl: string;
const election = { isLeader: false, leader: null as string | null, url: 'http://follower.test:8080' };
let follower: Server;
let followerUrl: string;

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
  app.use(leaderProxy(election as unknown as LeaderElection));
  app.use((_req, res) => void res.status(418).json({ answeredBy: 'follower' }));
  app.use(errorMiddleware(silentLogger));
  follower = createServer(app);
  followerUrl = await listen(follower);
});

afterAll(async () => {
  follower.closeAllConnections();
  leader.closeAllConnections();
  await Promise.all([
    new Promise((resolve) => follower.close(resolve)),
    new Promise((resolve) => leader.close(resolve)),
  ]);
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
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
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

  it('answers 503 when the leader does not answer', async () => {
    const gone = createServer();
    const goneUrl = await listen(gone);
    await new Promise((resolve) => gone.close(resolve));
    withLeader(goneUrl);
    const response = await fetch(`${followerUrl}/apis/v1/topologies`);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toContain(goneUrl);
  });

  it('never forwards a request that was forwarded already', async () => {
    withLeader(leaderUrl);
    const response = await fetch(`${followerUrl}/apis/v1/topologies`, {
      headers: { [FORWARDED_BY_HEADER]: 'http://other.test:8080' },
    });
    expect(response.status).toBe(503);
  });
});
