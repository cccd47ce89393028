import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { TEST_ZK_AUTH } from '@epoch/test/harness/zookeeper';
import { pino, type Logger } from 'pino';
import { forwardingKey } from '../../src/api/forward-signature.js';
import { AUTH_DISABLED, type AuthSettings } from '../../src/auth/auth-settings.js';
import { EgressPolicy, type EgressSettings } from '../../src/egress/egress-policy.js';
import { startEpochNode, type EpochNode } from '../../src/epoch-node.js';
import type { JobDispatchSettings } from '../../src/jobs/job-dispatcher.js';
import type { NotificationSettings } from '../../src/notifications/notification-settings.js';
import type { ContainerDefaults } from '../../src/runners/container/runtime/container-defaults.js';
import type { ContainerRuntime } from '../../src/runners/container/runtime/container-runtime.js';
import type { ContainerRuntimeKind } from '../../src/runners/container/runtime/runtime-choice.js';
import type { SecretKeyRing } from '../../src/secrets/secret-key-ring.js';
import type { RunStore } from '../../src/store/run-store.js';
import type { TopologyStore } from '../../src/store/topology-store.js';
import type { Clock } from '../../src/time/clock.js';
import { ZkClient } from '../../src/zk/zk-client.js';
import { ZkCredential } from '../../src/zk/zk-credential.js';
import type { ZkPaths } from '../../src/zk/zk-paths.js';
import { ManualClock } from './manual-clock.js';
import { startTestRuntime } from './test-runtime.js';

export const silentLogger: Logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Tests' receivers listen on loopback, which a node refuses by default (egress.test.ts proves that). */
export const LOOPBACK_ALLOWED: EgressSettings = { allow: ['127.0.0.0/8', '::1'], deny: [] };

/** The ZooKeeper credential test nodes use, as a production node would with ZK_AUTH. */
export const TEST_ZK_CREDENTIAL = ZkCredential.parse(TEST_ZK_AUTH)!;

let rootCounter = 0;

/** A fresh ZooKeeper root per test, so tests share one server without seeing each other. */
export const uniqueRoot = (label: string) => `/epoch-test-${process.pid}-${label}-${++rootCounter}`;

export interface TestNode<C extends Clock = ManualClock> {
  url: string;
  root: string;
  zk: ZkClient;
  paths: ZkPaths;
  clock: C;
  node: EpochNode;
  topologyStore: TopologyStore;
  runStore: RunStore;
  runtime: ContainerRuntime;
  cluster: string;
  close(): Promise<void>;
}

/**
 * One Epoch node on a free port over a real ZooKeeper and the real Docker Engine (or its swarm, with
 * `runtime: 'swarm'`), leading its own ZooKeeper root; a manual clock unless another is given.
 */
export async function startTestNode(connectionString: string, label: string): Promise<TestNode>;
export async function startTestNode<C extends Clock>(
  connectionString: string,
  label: string,
  options: {
    clock: C;
    root?: string;
    notifications?: NotificationSettings;
    logger?: Logger;
    auth?: AuthSettings;
    claimAheadMs?: number;
    egress?: EgressSettings;
    containerDefaults?: ContainerDefaults;
    secrets?: SecretKeyRing;
    maxTotalRuns?: number;
    /** The built UI to serve; absent, none. */
    uiDir?: string;
    jobs?: Partial<JobDispatchSettings>;
    /** Which runtime runs container tasks; docker when absent. */
    runtime?: ContainerRuntimeKind;
  },
): Promise<TestNode<C>>;
export async function startTestNode(
  connectionString: string,
  label: string,
  options: {
    clock?: Clock;
    root?: string;
    notifications?: NotificationSettings;
    logger?: Logger;
    auth?: AuthSettings;
    claimAheadMs?: number;
    egress?: EgressSettings;
    containerDefaults?: ContainerDefaults;
    secrets?: SecretKeyRing;
    maxTotalRuns?: number;
    uiDir?: string;
    jobs?: Partial<JobDispatchSettings>;
    runtime?: ContainerRuntimeKind;
  } = {},
): Promise<TestNode<Clock>> {
  const clock = options.clock ?? new ManualClock(Date.parse('2030-01-15T10:00:00Z'));
  // A second node on the same root is the same cluster: it sees the first one's data and containers.
  const root = options.root ?? uniqueRoot(label);
  const cluster = root.replace(/\W+/g, '-').replace(/^-/, '').slice(-64);
  const egress = new EgressPolicy(options.egress ?? LOOPBACK_ALLOWED);
  // Before ZooKeeper: a swarm that refuses this node then leaves no session open behind it.
  const runtime = await startTestRuntime(options.runtime ?? 'docker', {
    cluster,
    egress,
    containerDefaults: options.containerDefaults,
    logger: options.logger ?? silentLogger,
  });
  const zk = await ZkClient.connect({
    connectionString,
    sessionTimeoutMs: 6_000,
    logger: silentLogger,
    auth: TEST_ZK_CREDENTIAL,
  });
  const node = await startEpochNode({
    zk,
    zkRoot: root,
    runtime,
    cluster,
    clock,
    logger: options.logger ?? silentLogger,
    advertiseUrl: 'http://epoch-test:8080',
    version: '0.0.0-test',
    uiDir: options.uiDir ?? null,
    httpSigningSecret: 'test-signing-secret-0123456789',
    egress,
    // Tests run retention passes themselves (node.retention.prune()).
    retention: {
      keepRuns: 3,
      keepSkippedRuns: 3,
      maxAgeMs: 86_400_000,
      intervalMs: 3_600_000,
      maxTotalRuns: options.maxTotalRuns ?? 100_000,
    },
    notifications: options.notifications,
    auth: options.auth ?? AUTH_DISABLED,
    claimAheadMs: options.claimAheadMs,
    forwardingKey: forwardingKey(TEST_ZK_CREDENTIAL),
    secrets: options.secrets,
    jobs: options.jobs,
  });
  await waitUntil(() => node.election.isLeader);
  const server: Server = await new Promise((resolve) => {
    const listening = node.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    root,
    zk,
    paths: node.paths,
    clock,
    node,
    topologyStore: node.topologyStore,
    runStore: node.runStore,
    runtime,
    cluster,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await node.stop();
      // Twice: a launch already on its way when the node stopped may create its container late.
      for (const pause of [0, 500]) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        for (const container of await runtime.listByLabel()) {
          await runtime.kill(container.name);
          await runtime.remove(container.name);
        }
      }
      zk.close();
    },
  };
}

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface ApiResult {
  status: number;
  headers: Headers;
  body: { status: string; data: unknown; message: string } & Record<string, unknown>;
}

/** Sends a request; `rawBody` goes out verbatim (for malformed JSON), `json` is serialised. */
export async function call(
  node: TestNode<Clock>,
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
