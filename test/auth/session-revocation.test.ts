// Logout ends a session on the server, for the whole cluster: two real server processes on one real
// ZooKeeper; a copy of the cookie taken before the logout is refused by both, whichever node it goes to.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sealData } from 'iron-session';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitUntil } from '../../server/test/support/test-node.js';
import { startEpochProcess, type EpochProcess } from '../harness/epoch-process.js';
import { startZooKeeper, type ZooKeeperServer } from '../harness/zookeeper.js';
import { passwordSession, SESSION_SECRET, UI_HEADER } from './support/auth-fixture.js';

const ADMIN_PASSWORD = 'revocation-admin-password';
let zookeeper: ZooKeeperServer | undefined;
let nodes: EpochProcess[] = [];
let logDir: string;

beforeAll(async () => {
  logDir = await mkdtemp(path.join(tmpdir(), 'epoch-revocation-'));
  zookeeper = await startZooKeeper();
  const zkRoot = `/epoch-revocation-${Date.now()}`;
  const start = (name: string, waitFor: 'leader' | 'ready') =>
    startEpochProcess({
      zkConnectionString: zookeeper!.connectionString,
      zkRoot,
      logPath: path.join(logDir, `${name}.log`),
      env: { ADMIN_PASSWORD, EPOCH_SESSION_SECRET: SESSION_SECRET },
      waitFor,
    });
  nodes = [await start('leader', 'leader'), await start('follower', 'ready')];
});

afterAll(async () => {
  for (const node of nodes) await node.stop();
  await zookeeper?.stop();
  await rm(logDir, { recursive: true, force: true });
});

const me = async (url: string, headers: Record<string, string>) => {
  const response = await fetch(`${url}/apis/v1/me`, { headers });
  return { status: response.status, body: (await response.json()) as { message?: string } };
};

it('refuses on every node a session cookie whose owner logged out, while a new login works', async () => {
  const [leader, follower] = nodes as [EpochProcess, EpochProcess];
  const session = await passwordSession(leader.url, 'admin', ADMIN_PASSWORD);
  for (const node of nodes) expect((await me(node.url, session)).status).toBe(200);

  // Logged out on the follower: the browser forgets the cookie, and the server forgets the session.
  const logout = await fetch(`${follower.url}/auth/logout`, { method: 'POST', headers: session });
  expect(logout.status).toBe(200);
  for (const node of [follower, leader]) {
    // The other node learns of it through a ZooKeeper watch: moments, not a request later.
    await waitUntil(async () => (await me(node.url, session)).status === 401, 5_000);
    expect((await me(node.url, session)).body.message).toMatch(/session ended by logout/);
  }

  const again = await passwordSession(follower.url, 'admin', ADMIN_PASSWORD);
  for (const node of nodes) expect((await me(node.url, again)).status).toBe(200);
});

it('refuses a session cookie without an id, which no logout could revoke', async () => {
  const sealed = await sealData(
    { user: { name: 'admin', role: 'READ_WRITE', authenticatedBy: 'SESSION' } },
    { password: SESSION_SECRET, ttl: 3600 },
  );
  const answer = await me(nodes[0]!.url, { Cookie: `epoch_session=${sealed}`, ...UI_HEADER });
  expect(answer.status).toBe(401);
  expect(answer.body.message).toMatch(/log in again/);
});
