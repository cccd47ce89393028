import { posix } from 'node:path';
import type { ZkClient } from '../../src/zk/zk-client.js';

/** Every node under `root` with its data and version, to prove a request changed nothing. */
export async function zkSnapshot(zk: ZkClient, root: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const visit = async (path: string): Promise<void> => {
    const node = await zk.get(path);
    if (!node) return;
    result[path] = `v${node.version}:${node.data.toString('utf8')}`;
    for (const child of (await zk.children(path)).sort()) await visit(posix.join(path, child));
  };
  await visit(root);
  return result;
}
