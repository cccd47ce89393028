// Every znode under a root with its data size, read with the server's own client and the harness credential:
// what cleanup names when ZooKeeper is not back where it started.
import { pino } from 'pino';
import { ZkClient } from '../../../server/src/zk/zk-client.js';
import { ZkCredential } from '../../../server/src/zk/zk-credential.js';
import { TEST_ZK_AUTH } from '../../harness/zookeeper.js';

export async function znodeTree(connectionString: string, root: string): Promise<Map<string, number>> {
  const zk = await ZkClient.connect({
    connectionString,
    sessionTimeoutMs: 30_000,
    logger: pino({ level: 'silent' }),
    auth: ZkCredential.parse(TEST_ZK_AUTH)!,
  });
  const tree = new Map<string, number>();
  try {
    const visit = async (path: string): Promise<void> => {
      const node = await zk.get(path);
      if (!node) return;
      tree.set(path, node.data.length);
      for (const child of await zk.children(path)) await visit(`${path}/${child}`);
    };
    await visit(root);
  } finally {
    zk.close();
  }
  return tree;
}

/** Znodes in `now` and not in `before`, with their data bytes. */
export function addedZnodes(before: Map<string, number>, now: Map<string, number>): Array<[string, number]> {
  return [...now].filter(([path]) => !before.has(path));
}
