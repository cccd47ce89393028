// The logout revocation list on a real ZooKeeper: what one node revokes, another refuses once its watch
// fires, and entries past their cookie's expiry are pruned by the next revocation.
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RevokedSessions } from '../src/auth/revoked-sessions.js';
import { ZkClient } from '../src/zk/zk-client.js';
import { ManualClock } from './support/manual-clock.js';
import { silentLogger, uniqueRoot, waitUntil } from './support/test-node.js';

let zookeeper: ZooKeeperServer;
const clients: ZkClient[] = [];

beforeAll(async () => {
  zookeeper = await startZooKeeper();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await zookeeper?.stop();
});

async function node(
  directory: string,
  clock: ManualClock,
): Promise<{ zk: ZkClient; revoked: RevokedSessions }> {
  const zk = await ZkClient.connect({
    connectionString: zookeeper.connectionString,
    sessionTimeoutMs: 6_000,
    logger: silentLogger,
  });
  clients.push(zk);
  const revoked = new RevokedSessions(zk, directory, clock, silentLogger);
  await revoked.start();
  return { zk, revoked };
}

it('refuses on every node a session revoked on one, and prunes revocations past their expiry', async () => {
  const directory = `${uniqueRoot('revoked')}/revoked-sessions`;
  const clock = new ManualClock(Date.parse('2030-01-15T10:00:00Z'));
  const [a, b] = [await node(directory, clock), await node(directory, clock)];
  const hour = 3_600_000;

  await a.revoked.revoke('first-session', clock.now() + hour);
  expect(a.revoked.isRevoked('first-session')).toBe(true);
  await waitUntil(() => b.revoked.isRevoked('first-session'), 5_000);
  expect(b.revoked.isRevoked('another-session')).toBe(false);

  // Past the first cookie's expiry, the next revocation removes its entry: the list stays as small as the
  // number of logouts within one session lifetime.
  clock.advance(2 * hour);
  await b.revoked.revoke('second-session', clock.now() + hour);
  expect(await a.zk.children(directory)).toEqual([`${clock.now() + hour}_second-session`]);
  await waitUntil(() => a.revoked.isRevoked('second-session'), 5_000);
  stopAll(a, b);
});

function stopAll(...nodes: Array<{ revoked: RevokedSessions }>): void {
  for (const { revoked } of nodes) revoked.stop();
}
