import { posix } from 'node:path';
import type { Logger } from 'pino';
import type { ZkAclEntry, ZkClient } from './zk-client.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { isZkError } from './zk-errors.js';

/** How many znodes the migration reads at once: enough to be quick, few enough to leave ZooKeeper room. */
const MIGRATION_CONCURRENCY = 16;

/** The node's credential does not open the tree under ZK_ROOT: a start that cannot go on. */
export class ZkAccessError extends Error {
  override readonly name = 'ZkAccessError';
}

/**
 * Proves at start that this node's credential opens ZK_ROOT, creating the root (under the ACL) when it is
 * missing. A wrong digest password is not refused by ZooKeeper when the session authenticates, only on each
 * read, so this read is where it shows.
 */
export async function verifyZkAccess(zk: ZkClient, root: string): Promise<void> {
  try {
    await zk.ensurePath(root);
    await zk.get(root);
    await zk.children(root);
  } catch (error) {
    if (!isZkError(error, 'NO_AUTH')) throw error;
    throw new ZkAccessError(
      `ZooKeeper refused access to ${root} (NoAuth): the credential in ZK_AUTH (or the file ZK_AUTH_FILE names) ` +
        'is not the one this cluster was created with; set the same ZK_AUTH on every node',
    );
  }
}

const sameAcl = (a: ZkAclEntry[], b: ZkAclEntry[]): boolean => {
  const key = (acl: ZkAclEntry[]) =>
    acl
      .map((entry) => `${entry.scheme}:${entry.id}:${entry.permission}`)
      .sort()
      .join(',');
  return key(a) === key(b);
};

/**
 * Brings every znode under `root` (ephemeral ones of other live nodes too) under this client's ACL, and the
 * root itself last: a root that carries it means a finished migration, so later starts cost one read.
 * Idempotent, and safe to run on several nodes at once. Resolves with how many znodes it changed.
 */
export async function migrateAcls(zk: ZkClient, root: string, logger: Logger): Promise<number> {
  const target = zk.acl;
  if (sameAcl(await zk.getAcl(root), target)) {
    logger.info({ migrated: 0 }, 'ZooKeeper ACLs: every znode already carries the digest ACL');
    return 0;
  }
  logger.info({ root }, 'ZooKeeper ACLs: bringing the znodes of an older deployment under the digest ACL');
  const limit = concurrencyLimit(MIGRATION_CONCURRENCY);
  let migrated = 0;
  // Every znode's walk starts at once; the limit keeps ZooKeeper's queue of them short.
  const walk = async (path: string): Promise<void> => {
    let children: string[];
    try {
      if (!sameAcl(await limit(() => zk.getAcl(path)), target)) {
        await limit(() => zk.applyAcl(path));
        migrated++;
      }
      children = await limit(() => zk.children(path));
    } catch (error) {
      // Deleted meanwhile (a finished run, a node that left): nothing left to protect.
      if (isZkError(error, 'NO_NODE')) return;
      throw error;
    }
    await Promise.all(children.map((child) => walk(posix.join(path, child))));
  };
  const children = await zk.children(root);
  await Promise.all(children.map((child) => walk(posix.join(root, child))));
  await zk.applyAcl(root);
  migrated++;
  logger.info({ migrated }, 'ZooKeeper ACLs: migration finished');
  return migrated;
}
