import { posix } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock.js';
import type { ZkClient } from '../zk/zk-client.js';
import { ZkError } from '../zk/zk-errors.js';

/** A revocation's znode name: when the session would have expired anyway, then its id. */
const entryName = (sessionId: string, expiresAt: number) => `${expiresAt}_${sessionId}`;

function parseEntry(name: string): { sessionId: string; expiresAt: number } | undefined {
  const match = /^(\d+)_([\w-]+)$/.exec(name);
  return match ? { expiresAt: Number(match[1]), sessionId: match[2]! } : undefined;
}

/**
 * Sessions ended by logout before their cookie expires, in ZooKeeper so that every node refuses a cookie
 * copied before its owner logged out. One child znode per revocation, named by the session's own expiry, so
 * entries past it (the cookie is refused by then anyway) are pruned without reading their data. Each node
 * keeps the ids in memory and follows the list with a watch: a check costs no ZooKeeper round trip.
 */
export class RevokedSessions {
  /** What the list in ZooKeeper held when last read. */
  private listed = new Set<string>();
  /** Revoked here, known before the watch reports them; by expiry, to be forgotten. */
  private readonly local = new Map<string, number>();
  private stopped = true;

  constructor(
    private readonly zk: ZkClient,
    private readonly directory: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.zk.ensurePath(this.directory);
    this.zk.on('state', this.onState);
    await this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.zk.off('state', this.onState);
  }

  isRevoked(sessionId: string): boolean {
    return this.listed.has(sessionId) || this.local.has(sessionId);
  }

  /** Refuses the session on this node at once, on the others as their watch fires; prunes expired entries. */
  async revoke(sessionId: string, expiresAt: number): Promise<void> {
    this.local.set(sessionId, expiresAt);
    try {
      await this.zk.create(posix.join(this.directory, entryName(sessionId, expiresAt)));
    } catch (error) {
      if (!(error instanceof ZkError && error.code === 'NODE_EXISTS')) throw error;
    }
    await this.prune();
  }

  private async prune(): Promise<void> {
    const now = this.clock.now();
    for (const [sessionId, expiresAt] of this.local) if (expiresAt <= now) this.local.delete(sessionId);
    for (const name of await this.zk.children(this.directory)) {
      const entry = parseEntry(name);
      if (entry && entry.expiresAt > now) continue;
      await this.zk.remove(posix.join(this.directory, name)).catch((error: unknown) => {
        // Another node pruned it first.
        if (!(error instanceof ZkError && error.code === 'NO_NODE')) throw error;
      });
    }
  }

  private readonly onState = (state: string): void => {
    // A watch set before a disconnection may have missed changes: read the list again.
    if (state === 'connected') void this.refresh();
  };

  private readonly refresh = async (): Promise<void> => {
    if (this.stopped) return;
    try {
      const names = await this.zk.watchChildren(this.directory, () => void this.refresh());
      this.listed = new Set(names.flatMap((name) => parseEntry(name)?.sessionId ?? []));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read revoked sessions; retrying on reconnect');
    }
  };
}
