// Authentication and authorization of the API, end to end: a real Epoch process (real ZooKeeper)
// with basic users, static API tokens and a real OIDC provider (JWT and opaque access tokens), and
// UI sessions. Every /apis route × every role × every kind of credentials.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type CurrentUser, type RunInfo, type TopologyDetails } from '@epoch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpochProcess } from '../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';
import { containerTopology, httpTopology } from '../../server/test/support/topologies.js';
import { waitUntil } from '../../server/test/support/test-node.js';
import { ensureBusyboxImage } from '../harness/docker-images.js';
import {
  API_TOKENS,
  basic,
  bearer,
  freePort,
  PASSWORDS,
  passwordSession,
  postPasswordLogin,
  startAuthenticatedEpoch,
} from './support/auth-fixture.js';
import { apiRoutes, farJob, far, type Role } from './support/api-routes.js';
import { callEpoch, statusFromAddress, type Headers } from './support/http-calls.js';
import { AUDIENCE, startOidcTestProvider, type OidcTestProvider } from './support/oidc-test-provider.js';

let zookeeper: ZooKeeperServer;
let provider: OidcTestProvider;
let epoch: EpochProcess;
/** Credentials by kind, then by role. */
let callers: Record<string, Record<Role, Headers>>;
const runIds: Record<string, string> = {};

beforeAll(async () => {
  await ensureBusyboxImage();
  const [epochPort, providerPort] = [await freePort(), await freePort()];
  provider = await startOidcTestProvider(providerPort, [`http://127.0.0.1:${epochPort}`]);
  zookeeper = await startZooKeeper();
  epoch = await startAuthenticatedEpoch(
    {
      zkConnectionString: zookeeper.connectionString,
      zkRoot: `/epoch-auth-${Date.now()}`,
      port: epochPort,
      waitFor: 'leader',
    },
    provider,
  );
  callers = {
    BASIC: { READ_WRITE: basic('admin', PASSWORDS.admin), READ_ONLY: basic('guest', PASSWORDS.guest) },
    API_TOKEN: { READ_WRITE: bearer(API_TOKENS.writer), READ_ONLY: bearer(API_TOKENS.reader) },
    BEARER_JWT: {
      READ_WRITE: bearer(await provider.robotToken('writer', 'jwt')),
      READ_ONLY: bearer(await provider.robotToken('reader', 'jwt')),
    },
    BEARER_OPAQUE: {
      READ_WRITE: bearer(await provider.robotToken('writer', 'opaque')),
      READ_ONLY: bearer(await provider.robotToken('reader', 'opaque')),
    },
    SESSION: {
      READ_WRITE: await passwordSession(epoch.url, 'admin', PASSWORDS.admin),
      READ_ONLY: await passwordSession(epoch.url, 'guest', PASSWORDS.guest),
    },
  };
  // Each kind of caller gets its own topology with one finished run (with a log), so writes do not collide.
  const admin = callers.BASIC!.READ_WRITE;
  for (const kind of Object.keys(callers)) {
    await call('POST', '/apis/v1/topologies', admin, {
      ...containerTopology(`t-${kind}`),
      trigger: far(),
      notify: null,
    });
    await call('PUT', `/apis/v1/job-routes/auth/r-${kind}`, admin, {
      webhook_url: 'http://127.0.0.1:9/hook',
    });
    await call('POST', `/apis/v1/jobs/auth/c-${kind}`, admin, [farJob(`j-${kind}`, `r-${kind}`)]);
    const started = await call('PUT', `/apis/v1/topologies/t-${kind}/run`, admin);
    runIds[kind] = (started.body as { data: { runId: string } }).data.runId;
  }
  for (const kind of Object.keys(callers)) {
    const state = async () => ((await call('GET', run(kind), admin)).body as { data: RunInfo }).data.state;
    await waitUntil(async () => (await state()) === 'COMPLETED', 30_000);
  }
}, 120_000);

afterAll(async () => {
  await epoch?.stop();
  await provider?.stop();
  await zookeeper?.stop();
});

const call = (method: string, path: string, headers: Headers = {}, body?: unknown) =>
  callEpoch(epoch.url, method, path, headers, body);
const statusFrom = (localAddress: string, path: string, headers: Headers) =>
  statusFromAddress(epoch.url, localAddress, path, headers);

const run = (kind: string) => `/apis/v1/topologies/t-${kind}/runs/${runIds[kind]}`;

const ROUTES = apiRoutes(run);

describe('API authentication and roles', () => {
  it('covers every /apis operation of the OpenAPI document', async () => {
    const document = (await call('GET', '/apis/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/apis/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
    expect(ROUTES.map((route) => `${route.method} ${route.template}`).sort()).toEqual(documented.sort());
  });

  it('answers 401 on every route without credentials, with a Basic challenge for non-UI clients', async () => {
    for (const route of ROUTES) {
      const response = await call(route.method, route.path('BASIC'), {}, route.body?.('BASIC', 'READ_WRITE'));
      expect(response.status, `${route.method} ${route.template}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="Epoch"/);
    }
    const fromUi = await call('GET', '/apis/v1/topologies', { 'X-Requested-With': 'XMLHttpRequest' });
    expect(fromUi.status).toBe(401);
    expect(fromUi.headers.get('www-authenticate')).toBeNull();
  });

  for (const kind of ['BASIC', 'API_TOKEN', 'BEARER_JWT', 'BEARER_OPAQUE', 'SESSION']) {
    it(`${kind}: READ_ONLY reads everything and gets 403 on every write, which changes nothing`, async () => {
      const headers = callers[kind]!.READ_ONLY;
      const before = await call('GET', `/apis/v1/topologies/t-${kind}`, headers);
      for (const route of ROUTES) {
        const response = await call(route.method, route.path(kind), headers, route.body?.(kind, 'READ_ONLY'));
        const expected = route.method === 'GET' ? 200 : 403;
        expect(response.status, `${route.method} ${route.template}: ${JSON.stringify(response.body)}`).toBe(
          expected,
        );
      }
      const after = await call('GET', `/apis/v1/topologies/t-${kind}`, headers);
      expect(after.body).toEqual(before.body);
      expect(
        (await call('GET', `/apis/v1/topologies/new-${kind}-read_only`.toLowerCase(), headers)).status,
      ).toBe(404);
      expect((await call('GET', `/apis/v1/topologies/t-${kind}/runs`, headers)).body).toMatchObject({
        data: [{ runId: runIds[kind] }],
      });
    });

    it(`${kind}: READ_WRITE may call every route`, async () => {
      const headers = callers[kind]!.READ_WRITE;
      for (const route of ROUTES) {
        const response = await call(
          route.method,
          route.path(kind),
          headers,
          route.body?.(kind, 'READ_WRITE'),
        );
        // The kill of a finished task is refused as a conflict: it got past authorization.
        const expected = route.template.endsWith('/kill') ? 409 : 200;
        expect(response.status, `${route.method} ${route.template}: ${JSON.stringify(response.body)}`).toBe(
          expected,
        );
      }
      expect((await call('GET', `/apis/v1/topologies/t-${kind}`, headers)).status).toBe(404);
    });
  }

  it('says who is calling, for every kind of credentials', async () => {
    const me = async (headers: Headers) =>
      ((await call('GET', '/apis/v1/me', headers)).body as { data: CurrentUser }).data;
    expect(await me(callers.BASIC!.READ_ONLY)).toEqual({
      name: 'guest',
      role: 'READ_ONLY',
      authenticatedBy: 'BASIC',
    });
    expect(await me(callers.API_TOKEN!.READ_WRITE)).toEqual({
      name: 'token:ci-writer',
      role: 'READ_WRITE',
      authenticatedBy: 'API_TOKEN',
    });
    expect(await me(callers.BEARER_JWT!.READ_WRITE)).toEqual({
      name: 'robot-writer',
      role: 'READ_WRITE',
      authenticatedBy: 'BEARER',
    });
    expect(await me(callers.BEARER_OPAQUE!.READ_ONLY)).toEqual({
      name: 'robot-reader',
      role: 'READ_ONLY',
      authenticatedBy: 'BEARER',
    });
    expect(await me(callers.SESSION!.READ_WRITE)).toEqual({
      name: 'admin',
      role: 'READ_WRITE',
      authenticatedBy: 'SESSION',
    });
  });
});

describe('credentials that are refused', () => {
  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: 'robot-writer',
    client_id: 'robot-writer',
    aud: AUDIENCE,
    groups: ['epoch-admins'],
    ...overrides,
  });

  it('401s an expired, wrongly signed, wrong-audience, wrong-issuer or unknown token, naming why', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string, RegExp][] = [
      ['expired', await provider.signWithProviderKey(claims(), now - 60), /expired/],
      ['foreign key', await provider.signWithForeignKey(claims()), /signature/],
      ['wrong audience', await provider.signWithProviderKey(claims({ aud: 'another-api' }), '5m'), /"aud"/],
      [
        'wrong issuer',
        await provider.signWithProviderKey(claims({ iss: 'http://evil.example' }), '5m'),
        /"iss"/,
      ],
      ['unknown opaque', 'not-a-token-the-provider-issued', /not active/],
      ['unknown API token', 'epoch_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', /unknown API token/],
      ['garbage JWT', 'a.b.c', /invalid/],
    ];
    for (const [label, token, reason] of cases) {
      const response = await call('GET', '/apis/v1/topologies', bearer(token));
      expect(response.status, label).toBe(401);
      expect((response.body as { message: string }).message, label).toMatch(reason);
    }
    // A real ID token the provider issued to Epoch at Alice's login: signed by it, for Epoch's audience.
    const idToken = await provider.idToken('alice', `${epoch.url}/auth/callback`);
    const asIdToken = await call('GET', '/apis/v1/topologies', bearer(idToken));
    expect(asIdToken.status).toBe(401);
    expect((asIdToken.body as { message: string }).message).toMatch(/not an access token/);
    // A correctly signed token whose groups grant no role.
    const stranger = await provider.robotToken('stranger', 'jwt');
    expect((await call('GET', '/apis/v1/topologies', bearer(stranger))).status).toBe(401);
  });

  it('401s a wrong password, an unknown user, a bad scheme and a tampered session cookie', async () => {
    expect((await call('GET', '/apis/v1/me', basic('admin', 'wrong'))).status).toBe(401);
    expect((await call('GET', '/apis/v1/me', basic('root', PASSWORDS.admin))).status).toBe(401);
    expect((await call('GET', '/apis/v1/me', { Authorization: 'Digest x' })).status).toBe(401);
    const session = callers.SESSION!.READ_WRITE;
    const tampered = session.Cookie!.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await call('GET', '/apis/v1/me', { Cookie: tampered })).status).toBe(401);
  });

  it('refuses a bad password login with 401 and bad input with 400 naming the field, setting no cookie', async () => {
    const login = (body: unknown, headers?: Headers) => postPasswordLogin(epoch.url, body, headers);
    const wrong = await login({ username: 'admin', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const missing = await login({ username: 'admin' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ data: { issues: [{ field: 'password' }] } });
    // A cross-site form cannot send the header: login CSRF is refused too.
    expect((await login({ username: 'admin', password: PASSWORDS.admin }, {})).status).toBe(403);
  });

  it('answers 429 after 10 failed logins for one user from one address, leaving other users alone', async () => {
    const login = (username: string, password: string) =>
      postPasswordLogin(epoch.url, { username, password });
    for (let attempt = 1; attempt <= 10; attempt++)
      expect((await login('guest', `guess-${attempt}`)).status).toBe(401);
    const blocked = await login('guest', PASSWORDS.guest);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(890);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(await blocked.json()).toMatchObject({ data: { error: 'TooManyRequestsError' } });
    expect((await login('admin', PASSWORDS.admin)).status).toBe(204);
  });

  it('answers 429 to Basic credentials after 10 wrong passwords for one user from one address', async () => {
    // From another loopback address, so that the guest's own calls elsewhere in this file are not blocked.
    const from = (address: string, headers: Headers) => statusFrom(address, '/apis/v1/me', headers);
    for (let attempt = 1; attempt <= 10; attempt++)
      expect(await from('127.0.0.2', basic('guest', `guess-${attempt}`))).toMatchObject({ status: 401 });
    const blocked = await from('127.0.0.2', basic('guest', PASSWORDS.guest));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.retryAfter)).toBeGreaterThan(890);
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(900);
    // Per user and per address: neither another user there nor the same user elsewhere is locked out.
    expect(await from('127.0.0.2', basic('admin', PASSWORDS.admin))).toMatchObject({ status: 200 });
    expect(await from('127.0.0.1', basic('guest', PASSWORDS.guest))).toMatchObject({ status: 200 });
  });

  it('refuses cookie-authenticated writes without the UI header, and cross-site ones', async () => {
    const { Cookie } = callers.SESSION!.READ_WRITE;
    await call('POST', '/apis/v1/topologies', callers.BASIC!.READ_WRITE, {
      ...httpTopology('csrf-target'),
      trigger: far(),
    });
    const noHeader = await call('PUT', '/apis/v1/topologies/csrf-target/pause', { Cookie: Cookie! });
    expect(noHeader.status).toBe(403);
    expect((noHeader.body as { message: string }).message).toMatch(/X-Requested-With/);
    const crossSite = await call('PUT', '/apis/v1/topologies/csrf-target/pause', {
      ...callers.SESSION!.READ_WRITE,
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    // Credentials the browser adds by itself (the cookie, cached Basic) carry no write from another origin.
    const foreign = { Origin: 'https://attacker.example' };
    for (const credentials of [callers.SESSION!.READ_WRITE, callers.BASIC!.READ_WRITE]) {
      const refused = await call('PUT', '/apis/v1/topologies/csrf-target/pause', {
        ...credentials,
        ...foreign,
      });
      expect(refused.status).toBe(403);
      expect((refused.body as { message: string }).message).toMatch(/another origin \(https:\/\/attacker/);
    }
    const stored = (await call('GET', '/apis/v1/topologies/csrf-target', callers.BASIC!.READ_ONLY)).body as {
      data: TopologyDetails;
    };
    expect(stored.data.state).toBe('ACTIVE');
    // The UI's own origin writes, and a bearer token (never sent by a browser on its own) is not origin-bound.
    const sameOrigin = { ...callers.SESSION!.READ_WRITE, Origin: new URL(epoch.url).origin };
    expect((await call('PUT', '/apis/v1/topologies/csrf-target/pause', sameOrigin)).status).toBe(200);
    const byToken = { ...callers.API_TOKEN!.READ_WRITE, ...foreign };
    expect((await call('PUT', '/apis/v1/topologies/csrf-target/unpause', byToken)).status).toBe(200);
  });
});

describe('start-up without authentication', () => {
  it('refuses to start a server with no authentication configured, and says how to fix it', async () => {
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(ADMIN_PASSWORD|GUEST_PASSWORD|EPOCH_)/.test(name)),
    );
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../server/dist/main.js', import.meta.url))],
      {
        env: { ...env, ZK_CONNECTION_STRING: zookeeper.connectionString, PORT: '0' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /authDisabled \(EPOCH_AUTH_DISABLED\): no authentication is configured: set ADMIN_PASSWORD/,
    );
  });
});

describe('audit', () => {
  it('records who created and last changed a topology, and logs every change with its author', async () => {
    await call('POST', '/apis/v1/topologies', callers.SESSION!.READ_WRITE, {
      ...httpTopology('audited'),
      trigger: far(),
    });
    await call('PUT', '/apis/v1/topologies/audited/pause', callers.API_TOKEN!.READ_WRITE);
    const { data } = (await call('GET', '/apis/v1/topologies/audited', callers.BASIC!.READ_ONLY)).body as {
      data: TopologyDetails;
    };
    expect(data).toMatchObject({ createdBy: 'admin', updatedBy: 'token:ci-writer', state: 'PAUSED' });
    expect(data.updated).toBeGreaterThanOrEqual(data.created);

    await call('PUT', '/apis/v1/topologies/audited/unpause', callers.BASIC!.READ_ONLY);
    await expect
      .poll(async () => {
        const lines = (await readFile(epoch.logPath, 'utf8'))
          .split('\n')
          .filter((line) => line.includes('"audit"'));
        return lines.map((line) => JSON.parse(line) as { msg: string; audit: Record<string, unknown> });
      })
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            msg: 'change',
            audit: expect.objectContaining({
              actor: 'admin',
              method: 'POST',
              path: '/apis/v1/topologies',
              status: 200,
            }),
          }),
          expect.objectContaining({
            msg: 'change',
            audit: expect.objectContaining({
              actor: 'token:ci-writer',
              path: '/apis/v1/topologies/audited/pause',
            }),
          }),
          expect.objectContaining({
            msg: 'change refused',
            audit: expect.objectContaining({
              actor: 'guest',
              path: '/apis/v1/topologies/audited/unpause',
              status: 403,
            }),
          }),
        ]),
      );
  });
});
