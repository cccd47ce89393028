// The Server-Sent Events stream of topology and run changes, read as a browser's EventSource would.
import { once } from 'node:events';
import { get, type ClientRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunInfo, TopologyDetails } from '@epoch/shared';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eventRoutes } from '../../src/api/event-routes.js';
import { RouteRegistry } from '../../src/api/route-declaration.js';
import { EventBus } from '../../src/events/event-bus.js';
import { call, waitUntil } from '../support/test-node.js';
import {
  containerTask,
  createTopology,
  expectRejected,
  runNow,
  useRealNodes,
} from '../support/real-nodes.js';

const realNode = useRealNodes();

interface SseMessage {
  event?: string;
  data?: unknown;
  retry?: number;
  comment?: string;
}

interface EventStream {
  response: IncomingMessage;
  messages: SseMessage[];
  /** Waits for a message matching `predicate` and returns it. */
  next(predicate: (message: SseMessage) => boolean): Promise<SseMessage>;
  close(): void;
}

const open: ClientRequest[] = [];
// Registered after the nodes' hook, so it runs first: a server does not close while a stream is open.
afterEach(() => {
  for (const request of open.splice(0)) request.destroy();
});

/** One SSE block: `field: value` lines; a line starting with `:` is a comment. */
function parseBlock(block: string): SseMessage {
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim();
    const [field, value] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()];
    if (field === 'event') message.event = value;
    if (field === 'data') message.data = JSON.parse(value);
    if (field === 'retry') message.retry = Number(value);
  }
  return message;
}

// node:http rather than fetch: an aborted fetch leaves a spare connection that holds up the server's close.
async function openEvents(baseUrl: string, query = ''): Promise<EventStream> {
  const request = get(`${baseUrl}/apis/v1/events${query}`);
  open.push(request);
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  const messages: SseMessage[] = [];
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (text: string) => {
    const blocks = (buffer + text).split('\n\n');
    buffer = blocks.pop()!;
    messages.push(...blocks.map(parseBlock));
  });
  return {
    response,
    messages,
    async next(predicate) {
      await waitUntil(() => messages.some(predicate), 20_000);
      return messages.find(predicate)!;
    },
    close: () => request.destroy(),
  };
}

const aboutTopology = (id: string) => (message: SseMessage) =>
  message.event === 'topology' && (message.data as TopologyDetails).id === id;
const aboutRun = (runId: string, state: RunInfo['state']) => (message: SseMessage) =>
  message.event === 'run' &&
  (message.data as RunInfo).runId === runId &&
  (message.data as RunInfo).state === state;

describe('GET /apis/v1/events', () => {
  it('streams topology, run and deletion events as SSE, with a retry hint', async () => {
    const node = await realNode('events');
    const stream = await openEvents(node.url);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    expect(await stream.next(() => true)).toEqual({ retry: 3000 });

    await createTopology(node, 'watched', containerTask('main', ['true']));
    expect((await stream.next(aboutTopology('watched'))).data).toMatchObject({
      id: 'watched',
      state: 'ACTIVE',
    });
    const runId = await runNow(node, 'watched');
    await stream.next(aboutRun(runId, 'RUNNING'));
    const completed = await stream.next(aboutRun(runId, 'COMPLETED'));
    expect(completed.data).toMatchObject({ topologyId: 'watched', tasks: { main: { state: 'COMPLETED' } } });
    expect((await call(node, 'DELETE', '/apis/v1/topologies/watched')).status).toBe(200);
    expect((await stream.next((message) => message.event === 'topology-deleted')).data).toEqual({
      topologyId: 'watched',
    });
  });

  it("sends only one topology's events when asked", async () => {
    const node = await realNode('events-filter');
    const stream = await openEvents(node.url, '?topologyId=mine');
    const hook = (taskName: string) => ({ type: 'HTTP', taskName, url: 'http://127.0.0.1:9/hook' });

    await createTopology(node, 'other', hook('call'));
    await runNow(node, 'other');
    await createTopology(node, 'mine', hook('call'));
    const runId = await runNow(node, 'mine');
    await stream.next(aboutRun(runId, 'FAILED'));

    // One stream is in order: the other topology's earlier events would have come first.
    const concerned = stream.messages.flatMap((message) => {
      const data = message.data as { id?: string; topologyId?: string } | undefined;
      return data ? [data.topologyId ?? data.id] : [];
    });
    expect(new Set(concerned)).toEqual(new Set(['mine']));
  });

  it('rejects a bad topologyId filter with 400 naming it', async () => {
    const node = await realNode('events-bad');
    for (const query of ['topologyId=bad%20name', 'topologyId=a&topologyId=b']) {
      await expectRejected(node, 'GET', `/apis/v1/events?${query}`, {
        status: 400,
        field: 'query.topologyId',
      });
    }
  });

  it('unsubscribes from the bus when the client goes away', async () => {
    const node = await realNode('events-close');
    const bus = node.node.bus;
    const subscribe = bus.subscribe.bind(bus);
    let listening = 0;
    vi.spyOn(bus, 'subscribe').mockImplementation((listener) => {
      const unsubscribe = subscribe(listener);
      listening++;
      return () => {
        listening--;
        unsubscribe();
      };
    });

    const [first, second] = [await openEvents(node.url), await openEvents(node.url)];
    expect(listening).toBe(2);
    first.close();
    await waitUntil(() => listening === 1, 5_000);
    second.close();
    await waitUntil(() => listening === 0, 5_000);
  });
});

describe('event stream heartbeat', () => {
  let server: Server | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends a comment every 15 s, so that proxies keep a quiet stream open', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    // The stream answers as its caller may see: the app's authentication names one, here a stand-in.
    const app = express()
      .use((_req, res, next) => {
        res.locals.user = { name: 'test', role: 'READ_ONLY', authenticatedBy: 'NONE' };
        next();
      })
      .use('/apis/v1', new RouteRegistry().router('/apis/v1', eventRoutes(new EventBus())));
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const stream = await openEvents(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(stream.response.statusCode).toBe(200);
    await stream.next((message) => message.retry !== undefined);
    const heartbeats = () => stream.messages.filter((message) => message.comment === 'heartbeat').length;

    vi.advanceTimersByTime(14_999);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heartbeats()).toBe(0);
    vi.advanceTimersByTime(1);
    await waitUntil(() => heartbeats() === 1, 5_000);
    vi.advanceTimersByTime(15_000);
    await waitUntil(() => heartbeats() === 2, 5_000);
    stream.close();
  });
});
