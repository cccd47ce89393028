// ZooKeeper access control against a real ZooKeeper: what an Epoch node creates is closed to clients without
// its digest credential, an older world-open tree is brought under the ACL at start (once), and a node with
// the wrong credential stops at start saying which setting to fix.
import { topologySchema, type TopologyDetails } from '@epoch/shared';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { posix } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startTcpProxy } from '@epoch/test/harness/tcp-proxy';
import { startZooKeeper, TEST_ZK_AUTH, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { pino, type Logger } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ZkTopologyStore } from '../src/store/topology-store.js';
import { verifyZkAccess, ZkAccessError } from '../src/zk/zk-access.js';
import { ZkClient } from '../src/zk/zk-client.js';
import { ZkCredential } from '../src/zk/zk-credential.js';
import { ZkPaths } from '../src/zk/zk-paths.js';
import { systemClock } from '../src/time/clock.js';
import {
  silentLogger,
  startTestNode,
  TEST_ZK_CREDENTIAL,
  uniqueRoot,
  type TestNode,
} from './support/test-node.js';
import { httpTopology } from './support/topologies.js';

let zookeeper: ZooKeeperServer;
const clients: ZkClient[] = [];
const nodes: Array<TestNode<typeof systemClock>> = [];

beforeAll(async () => {
  zookeeper = await startZooKeeper();
});
afterAll(async () => {
  await zookeeper?.stop();
});
afterEach(async () => {
  for (const node of nodes.splice(0)) await node.close();
  for (const client of clients.splice(0)) client.close();
});

async function client(auth?: ZkCredential, connectionString = zookeeper.connectionString): Promise<ZkClient> {
  const zk = await ZkClient.connect({
    connectionString,
    sessionTimeoutMs: 4_000,
    logger: silentLogger,
    auth,
  });
  clients.push(zk);
  return zk;
}

async function node(root: string, logger?: Logger): Promise<TestNode<typeof systemClock>> {
  const started = await startTestNode(zookeeper.connectionString, 'acl', {
    clock: systemClock,
    root,
    logger,
  });
  nodes.push(started);
  return started;
}

/** A logger keeping every line, to read what was logged and check what never was. */
function capturingLogger(): { logger: Logger; lines: () => string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => lines };
}

const migratedCounts = (lines: string[]) =>
  lines
    .map((line) => JSON.parse(line) as { migrated?: number })
    .filter((entry) => entry.migrated !== undefined)
    .map((entry) => entry.migrated);

async function everyZnode(zk: ZkClient, root: string): Promise<string[]> {
  const paths = [root];
  for (const child of await zk.children(root)) paths.push(...(await everyZnode(zk, posix.join(root, child))));
  return paths;
}

const details = (id: string): TopologyDetails => ({
  id,
  state: 'ACTIVE',
  created: 1,
  updated: 1,
  topology: topologySchema.parse(httpTopology(id)),
});

const DIGEST_ONLY = [{ scheme: 'digest', id: TEST_ZK_CREDENTIAL.digestId, permission: 31 }];

describe('znodes an Epoch node creates', () => {
  it('are closed to a client without the credential: NoAuth on read and on create', async () => {
    const epoch = await node(uniqueRoot('closed'));
    await epoch.topologyStore.create(details('guarded'), []);
    const anonymous = await client();
    const topology = epoch.paths.topology('guarded');
    await expect(anonymous.get(topology)).rejects.toMatchObject({ code: 'NO_AUTH' });
    await expect(anonymous.children(epoch.paths.topologies)).rejects.toMatchObject({ code: 'NO_AUTH' });
    await expect(anonymous.create(posix.join(epoch.root, 'planted'))).rejects.toMatchObject({
      code: 'NO_AUTH',
    });
    await expect(anonymous.setData(topology, Buffer.from('{}'), -1)).rejects.toMatchObject({
      code: 'NO_AUTH',
    });
    // Every znode, the election's and the node registry's ephemeral ones included: the digest id alone.
    const authenticated = await client(TEST_ZK_CREDENTIAL);
    for (const path of await everyZnode(authenticated, epoch.root)) {
      expect(await authenticated.getAcl(path), path).toEqual(DIGEST_ONLY);
    }
    expect(await authenticated.get(topology)).not.toBeNull();
  });

  it('stay readable after the session expired: the new session authenticates before its first read', async () => {
    const root = uniqueRoot('expiry');
    const proxy = await startTcpProxy(zookeeper.port);
    try {
      const zk = await client(TEST_ZK_CREDENTIAL, `127.0.0.1:${proxy.port}`);
      await zk.ensurePath(root);
      let expired = false;
      zk.on('sessionExpired', () => (expired = true));
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      proxy.restore();
      await waitFor(() => expired && zk.connected);
      expect(await zk.get(root)).not.toBeNull();
      await zk.create(posix.join(root, 'after-expiry'));
      expect(await zk.getAcl(posix.join(root, 'after-expiry'))).toEqual(DIGEST_ONLY);
    } finally {
      await proxy.close();
    }
  }, 30_000);
});

describe('a tree of an older deployment (world-open)', () => {
  it('is brought under the ACL at start, counted once, and a second start migrates nothing', async () => {
    const root = uniqueRoot('migrate');
    // As the code before ACLs wrote it: no credential, every znode world-open; an ephemeral one too.
    const old = await client();
    const store = new ZkTopologyStore(old, new ZkPaths(root), silentLogger);
    await store.init();
    await store.create(details('legacy'), []);
    await old.ensurePath(posix.join(root, 'nodes'));
    await old.create(posix.join(root, 'nodes', 'node-old'), Buffer.from('{}'), 'ephemeral');
    // More znodes than the migration has requests in flight, a level deeper.
    await old.ensurePath(posix.join(root, 'runs', 'legacy'));
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => old.create(posix.join(root, 'runs', 'legacy', `run-${i}`))),
    );
    const before = await everyZnode(old, root);
    expect(await old.getAcl(root)).toEqual([{ scheme: 'world', id: 'anyone', permission: 31 }]);

    const first = capturingLogger();
    await (await node(root, first.logger)).close();
    nodes.pop();
    expect(migratedCounts(first.lines())).toEqual([before.length]);
    await expect(old.get(posix.join(root, 'topologies', 'legacy'))).rejects.toMatchObject({
      code: 'NO_AUTH',
    });
    await expect(old.get(posix.join(root, 'nodes', 'node-old'))).rejects.toMatchObject({ code: 'NO_AUTH' });
    const authenticated = await client(TEST_ZK_CREDENTIAL);
    for (const path of await everyZnode(authenticated, root)) {
      expect(await authenticated.getAcl(path), path).toEqual(DIGEST_ONLY);
    }
    // What the old tree held is still there, readable with the credential.
    expect(
      await new ZkTopologyStore(authenticated, new ZkPaths(root), silentLogger).get('legacy'),
    ).not.toBeNull();

    const second = capturingLogger();
    await node(root, second.logger);
    expect(migratedCounts(second.lines())).toEqual([0]);
    // Nothing secret in what a node logs while it authenticates and migrates.
    for (const line of [...first.lines(), ...second.lines()]) {
      expect(line).not.toContain('test-zk-password');
    }
  });
});

describe('a node with the wrong credential', () => {
  it('is refused by the check a node makes before it reads anything, naming ZK_AUTH', async () => {
    const epoch = await node(uniqueRoot('wrong'));
    const wrong = await client(ZkCredential.parse('epoch-test:not-the-password')!);
    // ZooKeeper takes any digest credential when the session authenticates: only reads show it is wrong.
    const check = verifyZkAccess(wrong, epoch.root);
    await expect(check).rejects.toBeInstanceOf(ZkAccessError);
    await expect(check).rejects.toThrow(/NoAuth.*ZK_AUTH.*not the one this cluster was created with/);
    await expect(verifyZkAccess(await client(TEST_ZK_CREDENTIAL), epoch.root)).resolves.toBeUndefined();
  });

  it('stops the server process at start with a clear message, and never prints the password', async () => {
    const epoch = await node(uniqueRoot('wrong-process'));
    const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(ZK_|EPOCH_|ADMIN_PASSWORD|GUEST_PASSWORD)/.test(name),
      ),
    );
    const child = spawn(process.execPath, [main], {
      env: {
        ...env,
        ZK_CONNECTION_STRING: zookeeper.connectionString,
        ZK_ROOT: epoch.root,
        ZK_AUTH: 'epoch-test:wrong-password-here',
        EPOCH_AUTH_DISABLED: 'true',
        PORT: '0',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(output).toMatch(/ZooKeeper refused access to .* \(NoAuth\): the credential in ZK_AUTH/);
    expect(output).not.toContain('wrong-password-here');
    expect(output).not.toContain(TEST_ZK_AUTH.split(':')[1]);
  }, 30_000);
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
