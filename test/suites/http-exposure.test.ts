// How a server meets HTTP clients, on real server processes: the address it listens on (HOST), the Host
// headers it answers (EPOCH_ALLOWED_HOSTS, npm start's defence against DNS rebinding), whose X-Forwarded-For
// names the client that password-guessing limits count (EPOCH_TRUST_PROXY), the security headers on every
// answer, JSON 404s, and who may scrape /metrics.
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEpochProcess, type EpochProcess } from '../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';

const ADMIN_PASSWORD = 'exposure-admin-password';
const SCRAPE_TOKEN = 'scrape-token-for-the-exposure-test';
let zookeeper: ZooKeeperServer | undefined;
let epoch: EpochProcess | undefined;
/** Started as a user opening /metrics to anyone would. */
let publicMetrics: EpochProcess | undefined;
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
      EPOCH_METRICS_TOKEN: createHash('sha256').update(SCRAPE_TOKEN).digest('hex'),
    },
    waitFor: 'leader',
  });
  publicMetrics = await startEpochProcess({
    zkConnectionString: zookeeper.connectionString,
    zkRoot: `/epoch-exposure-public-${Date.now()}`,
    logPath: path.join(logDir, 'public.log'),
    env: { ADMIN_PASSWORD, EPOCH_METRICS_PUBLIC: 'true' },
    waitFor: 'leader',
  });
});

afterAll(async () => {
  await publicMetrics?.stop();
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

/** A request to the first server as a browser on this machine would send it. */
const fetchLocal = (pathname: string, init: RequestInit = {}) =>
  fetch(`${epoch!.url}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string>) } });

it('puts security headers on every answer: the UI page, the API, metrics, readiness and a 404', async () => {
  const answers = {
    ui: await fetchLocal('/'),
    api: await fetchLocal('/apis/v1/topologies', { headers: asAdmin }),
    metrics: await fetchLocal('/metrics', { headers: asAdmin }),
    ready: await fetchLocal('/readyz'),
    unknown: await fetchLocal('/no/such/thing', { method: 'POST' }),
  };
  for (const [name, response] of Object.entries(answers)) {
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp, name).toContain("default-src 'self'");
    expect(csp, name).toContain("script-src 'self';");
    expect(csp, name).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(csp, name).toContain("object-src 'none'");
    expect(csp, name).toContain("base-uri 'self'");
    expect(csp, name).toContain("form-action 'self'");
    expect(csp, name).toContain("frame-ancestors 'none'");
    expect(csp, name).not.toMatch(/unsafe-(inline|eval)/);
    expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
    expect(response.headers.get('referrer-policy'), name).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy'), name).toBe('same-origin');
    expect(response.headers.get('x-frame-options'), name).toBe('DENY');
    // Served over plain http: no HSTS, which would pin a development host to https.
    expect(response.headers.get('strict-transport-security'), name).toBeNull();
    await response.body?.cancel();
  }
  expect(answers.ui.headers.get('cache-control')).toBe('no-store');
  expect(answers.api.headers.get('cache-control')).toBe('no-store');
  expect(answers.metrics.headers.get('cache-control')).toBe('no-store');
});

it('writes the nonce of its own policy into the UI page, a new one each time', async () => {
  const pages = [await fetchLocal('/topologies/x'), await fetchLocal('/topologies/x')];
  const nonces = await Promise.all(
    pages.map(async (response) => {
      const policyNonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
      const html = await response.text();
      expect(html).not.toContain('EPOCH_CSP_NONCE');
      expect(html).toContain(`<meta property="csp-nonce" nonce="${policyNonce}">`);
      return policyNonce;
    }),
  );
  expect(nonces[0]).not.toBe(nonces[1]);
});

it('answers JSON 404s for what no route serves, and keeps serving the UI for client routes', async () => {
  for (const [method, pathname] of [
    ['POST', '/x'],
    ['DELETE', '/topologies/hello'],
    ['PUT', '/metrics'],
    ['POST', '/apis/v2/nothing'],
  ] as const) {
    const response = await fetchLocal(pathname, { method, headers: asAdmin });
    expect(response.status, `${method} ${pathname}`).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ status: 'FAILED', data: { error: 'NotFoundError' } });
  }
  const clientRoute = await fetchLocal('/topologies/hello/runs/EIR-1');
  expect(clientRoute.status).toBe(200);
  expect(clientRoute.headers.get('content-type')).toMatch(/^text\/html/);
  await clientRoute.body?.cancel();
});

it('answers /metrics to a caller of any role or the scrape token only, unless made public', async () => {
  const metrics = (server: EpochProcess, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/metrics`, { headers }).then(async (response) => {
      const text = await response.text();
      return { status: response.status, series: text.includes('epoch_') };
    });
  expect(await metrics(epoch!)).toEqual({ status: 401, series: false });
  expect(await metrics(epoch!, { Authorization: 'Bearer not-the-token' })).toEqual({
    status: 401,
    series: false,
  });
  expect(await metrics(epoch!, { Authorization: `Bearer ${SCRAPE_TOKEN}` })).toEqual({
    status: 200,
    series: true,
  });
  expect(await metrics(epoch!, asAdmin)).toEqual({ status: 200, series: true });
  expect(await metrics(publicMetrics!)).toEqual({ status: 200, series: true });
});
