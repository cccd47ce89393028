// How a server meets HTTP clients, on a real server process: the address it listens on (HOST), the Host
// headers it answers (EPOCH_ALLOWED_HOSTS, npm start's defence against DNS rebinding) and whose
// X-Forwarded-For names the client that password-guessing limits count (EPOCH_TRUST_PROXY).
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEpochProcess, type EpochProcess } from '../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';

const ADMIN_PASSWORD = 'exposure-admin-password';
let zookeeper: ZooKeeperServer | undefined;
let epoch: EpochProcess | undefined;
let logDir: string;

beforeAll(async () => {
  logDir = await mkdtemp(path.join(tmpdir(), 'epoch-exposure-'));
  zookeeper = await startZooKeeper();
  epoch = await startEpochProcess({
    zkConnectionString: zookeeper.connectionString,
    zkRoot: `/epoch-exposure-${Date.now()}`,
    logPath: path.join(logDir, 'epoch.log'),
    env: {
      ADMIN_PASSWORD,
      HOST: '127.0.0.1',
      EPOCH_ALLOWED_HOSTS: 'localhost,127.0.0.1,::1',
      EPOCH_TRUST_PROXY: 'loopback',
    },
    waitFor: 'leader',
  });
});

afterAll(async () => {
  await epoch?.stop();
  await zookeeper?.stop();
  await rm(logDir, { recursive: true, force: true });
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A GET to `host` (an address on loopback) with exactly these headers; its status, or the connect error. */
function get(host: string, headers: Record<string, string>): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host, port: epoch!.port, path: '/apis/v1/me', headers, timeout: 5_000 },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode }));
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    request.end();
  });
}

const asAdmin = { Authorization: basic('admin', ADMIN_PASSWORD) };

it('listens on the address HOST names only', async () => {
  expect(await get('127.0.0.1', { ...asAdmin, Host: `127.0.0.1:${epoch!.port}` })).toEqual({ status: 200 });
  // Another loopback address is another interface address: nothing listens there.
  expect(await get('127.0.0.2', { ...asAdmin, Host: `127.0.0.1:${epoch!.port}` })).toEqual({
    error: 'ECONNREFUSED',
  });
});

it('answers only Host headers naming this machine, so a rebound DNS name reads nothing', async () => {
  for (const host of [`localhost:${epoch!.port}`, 'localhost', `[::1]:${epoch!.port}`])
    expect(await get('127.0.0.1', { ...asAdmin, Host: host })).toEqual({ status: 200 });
  for (const host of [`attacker.example:${epoch!.port}`, 'localhost.attacker.example'])
    expect(await get('127.0.0.1', { ...asAdmin, Host: host })).toEqual({ status: 403 });
});

it('counts wrong passwords by the client a trusted proxy names in X-Forwarded-For', async () => {
  const from = (client: string, password: string) =>
    get('127.0.0.1', {
      Host: `localhost:${epoch!.port}`,
      Authorization: basic('admin', password),
      'X-Forwarded-For': client,
    });
  // Header values only, never a destination: no traffic leaves loopback.
  for (let attempt = 1; attempt <= 10; attempt++)
    expect(await from('198.51.100.7', `guess-${attempt}`)).toEqual({ status: 401 });
  expect(await from('198.51.100.7', ADMIN_PASSWORD)).toEqual({ status: 429 });
  // Behind the same proxy, another client is not locked out.
  expect(await from('198.51.100.8', ADMIN_PASSWORD)).toEqual({ status: 200 });
});
