// The HTTP server behind the benchmarks' receivers: on loopback, keeping connections open and taking a burst's
// connections all at once, and closed with every connection it has.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BurstServer {
  port: number;
  close(): Promise<void>;
}

export async function startBurstServer(handler: RequestListener): Promise<BurstServer> {
  const server: Server = createServer({ keepAliveTimeout: 60_000, requestTimeout: 0 }, handler);
  server.maxRequestsPerSocket = 0;
  // A burst opens thousands of connections at once: a short accept queue would turn into SYN retries (1 s).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', backlog: 65_535 }, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
