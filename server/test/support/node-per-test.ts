// The set-up of the API tests that talk to one node: a ZooKeeper for the test file, a fresh node over it for
// each test, and a check that a bad request is refused naming its field and writes nothing.
import { startZooKeeper, type ZooKeeperServer } from '@epoch/test/harness/zookeeper';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { call, startTestNode, type TestNode } from './test-node.js';
import { zkSnapshot } from './zk-snapshot.js';

let zookeeper: ZooKeeperServer;
// A live binding: set before each test by the hooks useNodePerTest() registers.
export let node: TestNode;

/** Starts a ZooKeeper for the file, and a fresh node over it for each test, named after the test. */
export function useNodePerTest(): void {
  beforeAll(async () => {
    zookeeper = await startZooKeeper();
  });
  afterAll(async () => {
    await zookeeper?.stop();
  });
  beforeEach(async (context) => {
    node = await startTestNode(
      zookeeper.connectionString,
      context.task.name.replace(/\W+/g, '-').slice(0, 40),
    );
  });
  afterEach(async () => {
    await node.close();
  });
}

/** Sends a bad request and asserts a 4xx naming `field`, with ZooKeeper exactly as before. */
export async function expectRejected(
  method: string,
  path: string,
  request: { json?: unknown; rawBody?: string },
  expected: { status: number; field: string },
) {
  const before = await zkSnapshot(node.zk, node.paths.root);
  const result = await call(node, method, path, request);
  expect(result.status).toBe(expected.status);
  expect(result.body.status).toBe('FAILED');
  expect(result.body.message).toContain(expected.field);
  expect(await zkSnapshot(node.zk, node.paths.root)).toEqual(before);
  return result;
}
