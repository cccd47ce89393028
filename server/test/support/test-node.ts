import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { createApp } from '../../src/app.js';
import { RunStore } from '../../src/store/run-store.js';
import { TopologyStore } from '../../src/store/topology-store.js';
import { TopologyService } from '../../src/topologies/topology-service.js';
import { ZkClient } from '../../src/zk/zk-client.js';
import { ZkPaths } from '../../src/zk/zk-paths.js';
import { ManualClock } from './manual-clock.js';

export const silentLogger: Logger = pino({ level: 'silent' });

let rootCounter = 0;

/** A fresh ZooKeeper root per test, so tests share one server without seeing each other. */
export const uniqueRoot = (label: string) => `/epoch-test-${process.pid}-${label}-${++rootCounter}`;

export interface TestNode {
  url: string;
  zk: ZkClient;
  paths: ZkPaths;
  clock: ManualClock;
  topologyStore: TopologyStore;
  runStore: RunStore;
  close(): Promise<void>;
}

/** One Epoch HTTP node on a free port, over a real ZooKeeper, with a manual clock. */
export async function startTestNode(connectionString: string, label: string): Promise<TestNode> {
  const clock = new ManualClock(Date.parse('2030-01-15T10:00:00Z'));
  const zk = await ZkClient.connect({ connectionString, sessionTimeoutMs: 6_000, logger: silentLogger });
  const paths = new ZkPaths(uniqueRoot(label));
  const topologyStore = new TopologyStore(zk, paths, silentLogger);
  await topologyStore.init();
  const runStore = new RunStore(zk, paths, silentLogger);
  const app = createApp({
    logger: silentLogger,
    clock,
    zk,
    topologies: new TopologyService(topologyStore, clock),
    advertiseUrl: 'http://epoch-test:8080',
    version: '0.0.0-test',
    uiDir: null,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    zk,
    paths,
    clock,
    topologyStore,
    runStore,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      zk.close();
    },
  };
}

export interface ApiResult {
  status: number;
  headers: Headers;
  body: { status: string; data: unknown; message: string } & Record<string, unknown>;
}

/** Sends a request; `rawBody` goes out verbatim (for malformed JSON), `json` is serialised. */
export async function call(
  node: TestNode,
  method: string,
  path: string,
  options: { json?: unknown; rawBody?: string } = {},
): Promise<ApiResult> {
  const hasBody = options.json !== undefined || options.rawBody !== undefined;
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: hasBody ? { 'Content-Type': 'application/json' } : {},
    body: options.rawBody ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as ApiResult['body'],
  };
}
