// The ZooKeeper harness against real ZooKeeper processes: what other suites rely on when they use it.
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import zookeeper from 'node-zookeeper-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startZooKeeper,
  startZooKeeperEnsemble,
  type ZooKeeperEnsemble,
  type ZooKeeperServer,
} from '../../harness/zookeeper.js';

// JVM starts and elections take seconds, more when other suites load the machine.
const REAL_PROCESSES = { timeout: 60_000 };

describe('startZooKeeper', REAL_PROCESSES, () => {
  let server: ZooKeeperServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('starts a standalone server that answers ruok with imok', async () => {
    server = await startZooKeeper();

    expect(server.connectionString).toBe(`127.0.0.1:${server.port}`);
    expect(await fourLetterWord(server.port, 'ruok')).toBe('imok');
    expect(await fourLetterWord(server.port, 'srvr')).toMatch(/^Mode: standalone$/m);
  });

  it('frees its port on stop()', async () => {
    server = await startZooKeeper();
    await server.stop();

    await expect(canListenOn(server.port)).resolves.toBe(true);
  });

  it('keeps its data across restart(), on the same port', async () => {
    server = await startZooKeeper();
    await withClient(server.connectionString, (client) => create(client, '/kept'));

    await server.restart();

    expect(await withClient(server.connectionString, (client) => exists(client, '/kept'))).toBe(true);
  });

  it('loses no acknowledged write when kill()ed like a crash', async () => {
    server = await startZooKeeper();
    await withClient(server.connectionString, (client) => create(client, '/acknowledged'));

    await server.kill();
    await expect(fourLetterWord(server.port, 'ruok')).rejects.toThrow(/ECONNREFUSED/);
    await server.restart();

    expect(await withClient(server.connectionString, (client) => exists(client, '/acknowledged'))).toBe(true);
  });
});

describe('startZooKeeperEnsemble', REAL_PROCESSES, () => {
  let ensemble: ZooKeeperEnsemble | undefined;
  afterEach(async () => {
    await ensemble?.stop();
    ensemble = undefined;
  });

  it('elects one leader and keeps taking writes when the leader is killed', async () => {
    ensemble = await startZooKeeperEnsemble();
    const modes = await Promise.all(ensemble.servers.map((member) => member.mode()));
    expect(modes.toSorted()).toEqual(['follower', 'follower', 'leader']);
    expect(ensemble.connectionString.split(',')).toEqual(
      ensemble.servers.map((member) => member.connectionString),
    );

    const leader = ensemble.servers[modes.indexOf('leader')]!;
    await withClient(ensemble.connectionString, async (client) => {
      await create(client, '/before-failover');
      await leader.kill();
      await createRetryingConnectionLoss(client, '/after-failover');
    });

    await leader.start();
    await ensemble.waitForLeader();
    expect(await leader.mode()).toBe('follower');
    expect(await withClient(leader.connectionString, (client) => exists(client, '/after-failover'))).toBe(
      true,
    );
  });
});

/** A raw four-letter-word exchange, independent of the harness's own probe. */
function fourLetterWord(port: number, word: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(word));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.once('end', () => resolve(reply));
    socket.once('error', reject);
  });
}

async function canListenOn(port: number): Promise<boolean> {
  const listener = createServer();
  try {
    listener.listen(port, '127.0.0.1');
    await once(listener, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    listener.close();
  }
}

async function withClient<T>(
  connectionString: string,
  use: (client: zookeeper.Client) => Promise<T>,
): Promise<T> {
  const client = zookeeper.createClient(connectionString, { sessionTimeout: 10_000, spinDelay: 100 });
  const connected = once(client, 'connected');
  client.connect();
  try {
    await connected;
    return await use(client);
  } finally {
    client.close();
  }
}

function create(client: zookeeper.Client, path: string): Promise<void> {
  return new Promise((resolve, reject) =>
    client.create(path, (error) => (error ? reject(error) : resolve())),
  );
}

function exists(client: zookeeper.Client, path: string): Promise<boolean> {
  return new Promise((resolve, reject) =>
    client.exists(path, (error, stat) => (error ? reject(error) : resolve(Boolean(stat)))),
  );
}

/**
 * While the ensemble elects a new leader, requests fail with CONNECTION_LOSS; a client retries them. A retry
 * may find the node already there: the lost attempt was applied before the connection dropped.
 */
async function createRetryingConnectionLoss(client: zookeeper.Client, path: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await create(client, path);
      return;
    } catch (error) {
      if (attempt > 1 && hasCode(error, zookeeper.Exception.NODE_EXISTS)) return;
      if (!hasCode(error, zookeeper.Exception.CONNECTION_LOSS) || attempt === 50) throw error;
      await sleep(200);
    }
  }
}

function hasCode(error: unknown, code: number): boolean {
  return error instanceof zookeeper.Exception && error.getCode() === code;
}
