import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { ReceivedRequest as SignedRequestSeen } from '../../src/runners/http/signature.js';

/** A request as the receiving server saw it, body as raw bytes (what a signature is computed over). */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

export type Handler = (request: ReceivedRequest, response: ServerResponse) => void;

export interface Receiver {
  /** Base URL, no trailing slash. */
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on a free port of a loopback address (127.0.0.1 unless `host` says another) that records
 * every request, then lets `handler` answer it.
 */
export async function startReceiver(handler: Handler, host = '127.0.0.1'): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
      };
      received.push(request);
      handler(request, res);
    });
    // The runner hangs up on purpose (timeouts, cancels, huge bodies); writes then fail, which is expected.
    res.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        // Handlers that never answer keep sockets open; close() alone would wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Registers an afterEach that closes them; returns a starter of receivers that answer 200 "ok" on `host`. */
export function receiversClosedAfterEach(): (host: string) => Promise<Receiver> {
  const started: Receiver[] = [];
  afterEach(async () => {
    for (const receiver of started.splice(0)) await receiver.close();
  });
  return async (host) => {
    const receiver = await startReceiver((_request, response) => response.end('ok'), host);
    started.push(receiver);
    return receiver;
  };
}

/** A port that was just free: nothing listens there, so connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a receiver at `baseUrl` checks a signature against, as the README's verification snippet reads it. */
export const signatureInput = (baseUrl: string, request: ReceivedRequest): SignedRequestSeen => ({
  timestamp: request.headers['x-epoch-timestamp'],
  signature: request.headers['x-epoch-signature'],
  taskId: request.headers['x-epoch-task-id'],
  method: request.method,
  url: `${baseUrl}${request.path}`,
  body: request.rawBody,
});
