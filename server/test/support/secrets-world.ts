// The world the secrets tests run in: a dedicated ZooKeeper whose data directory they read as bytes, Epoch
// nodes with basic users over it, the real Docker Engine running the BusyBox test image, and helpers that
// drive the API, the event stream and a container's log. A test file calls useSecretsWorld() once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBusyboxImage } from '@epoch/test/harness/docker-images';
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { AUTH_DISABLED, type AuthSettings } from '../../src/auth/auth-settings.js';
import type { SecretKeyRing } from '../../src/secrets/secret-key-ring.js';
import { systemClock } from '../../src/time/clock.js';
import type { Receiver } from '../http/receiver.js';
import { containerTask as busyboxTask } from './real-nodes.js';
import { startTestNode, waitUntil, type TestNode } from './test-node.js';

export const KEY_A = randomBytes(32);
export const KEY_B = randomBytes(32);
export const PASSWORDS = { admin: 'admin-password-secrets-test', guest: 'guest-password-secrets-test' };
export const AUTH: AuthSettings = {
  ...AUTH_DISABLED,
  disabled: false,
  users: [
    { username: 'admin', password: PASSWORDS.admin, role: 'READ_WRITE' },
    { username: 'guest', password: PASSWORDS.guest, role: 'READ_ONLY' },
  ],
};
export type User = keyof typeof PASSWORDS;
export const NEVER = { type: 'CRON', timeSpec: '0 0 0 1 1 ? 2099' };

let zookeeper: ZooKeeperServer | undefined;
let dataDir: string | undefined;
export const nodes: TestNode[] = [];
export const receivers: Receiver[] = [];
/** Open event streams hold a server's close() open: they end first. */
export const streams: { close(): void }[] = [];

/** Starts the dedicated ZooKeeper for the file's tests, and closes what each test opened after it. */
export function useSecretsWorld(): void {
  beforeAll(async () => {
    await ensureBusyboxImage();
    // Our own data directory, so the test knows which snapshots and transaction logs to read.
    dataDir = await mkdtemp(path.join(tmpdir(), 'epoch-secrets-zk-'));
    zookeeper = await startZooKeeper({ dataDir });
  });
  afterAll(async () => {
    await zookeeper?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    for (const node of nodes.splice(0)) await node.close();
    for (const receiver of receivers.splice(0)) await receiver.close();
  });
}

/** The dedicated ZooKeeper (started by useSecretsWorld). */
export function secretsZooKeeper(): ZooKeeperServer {
  if (!zookeeper) throw new Error('useSecretsWorld() has not started ZooKeeper');
  return zookeeper;
}

/** ZooKeeper's own data directory, whose snapshots and transaction logs the tests read. */
export function secretsZooKeeperDataDir(): string {
  if (!dataDir) throw new Error('useSecretsWorld() has not started ZooKeeper');
  return dataDir;
}

/** A node over the dedicated ZooKeeper with basic users `admin` (READ_WRITE) and `guest` (READ_ONLY). */
export async function startNode(
  label: string,
  options: { secrets?: SecretKeyRing; root?: string; logger?: Logger } = {},
): Promise<TestNode> {
  const node = await startTestNode(secretsZooKeeper().connectionString, label, {
    clock: systemClock,
    auth: AUTH,
    ...options,
  });
  nodes.push(node as TestNode);
  return node as TestNode;
}

/** A logger at its most talkative, writing into `lines`: what the server would print. */
export function capturingLogger(lines: string[]): Logger {
  return pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
}

export const authHeader = (user: User) =>
  `Basic ${Buffer.from(`${user}:${PASSWORDS[user]}`).toString('base64')}`;

export async function api(
  node: TestNode,
  user: User,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; text: string; body: { data: unknown; message: string } }> {
  const response = await fetch(`${node.url}${path}`, {
    method,
    headers: {
      Authorization: authHeader(user),
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : {} };
}

/** Everything an event stream sends while open, as one text. */
export function recordEvents(node: TestNode, user: User): { text: () => string; close: () => void } {
  let text = '';
  const controller = new AbortController();
  void fetch(`${node.url}/apis/v1/events`, {
    headers: { Authorization: authHeader(user) },
    signal: controller.signal,
  })
    .then(async (response) => {
      const decoder = new TextDecoder();
      for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array, { stream: true });
    })
    .catch(() => undefined);
  const stream = { text: () => text, close: () => controller.abort() };
  streams.push(stream);
  return stream;
}

/** Every file under `dir`, as bytes. */
export async function filesUnder(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) => readFile(path.join(entry.parentPath, entry.name))),
  );
}

export const containsBytes = (files: Buffer[], text: string) =>
  files.some((file) => file.includes(Buffer.from(text)));

/** The BusyBox container task of these tests, `printer`. */
export const containerTask = (args: string[], extra: Record<string, unknown> = {}) =>
  busyboxTask('printer', args, extra);

/** A container printing $DB_PASS, with the value as a secret. */
export const printerTopology = (name: string, secret: string) => ({
  name,
  trigger: NEVER,
  task: containerTask(['sh', '-c', 'echo "db=$DB_PASS"'], { secretEnv: { DB_PASS: secret } }),
});

export async function runToEnd(
  node: TestNode,
  topologyId: string,
): Promise<{ runId: string; state: string }> {
  const started = await api(node, 'admin', 'PUT', `/apis/v1/topologies/${topologyId}/run`);
  expect(started.status, started.text).toBe(200);
  const { runId } = started.body.data as { runId: string };
  let state = 'RUNNING';
  await waitUntil(async () => {
    state = (await node.runStore.get(topologyId, runId))?.value.state ?? 'RUNNING';
    return state !== 'RUNNING';
  }, 30_000);
  return { runId, state };
}

export async function containerLog(node: TestNode, topologyId: string, runId: string): Promise<string> {
  const log = await api(
    node,
    'admin',
    'GET',
    `/apis/v1/topologies/${topologyId}/runs/${runId}/tasks/printer/log/stream`,
  );
  expect(log.status).toBe(200);
  return log.text;
}
