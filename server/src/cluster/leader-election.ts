import { EventEmitter } from 'node:events';
import { posix } from 'node:path';
import type { Logger } from 'pino';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';

const CANDIDATE_PREFIX = 'n_';

interface LeaderElectionEvents {
  /** true when this node became leader, false when it stopped being one (or cannot be sure). */
  leadership: [boolean];
}

/**
 * ZooKeeper leader election: every node holds an ephemeral sequential candidate znode (data = its
 * advertised URL) and the lowest sequence leads. Leadership ends the moment the connection drops,
 * not when the session expires, so a cut-off leader stops acting at once (design invariant 1);
 * every leader write carries {@link fence} so a deposed one cannot write even if it tried.
 */
export class LeaderElection extends EventEmitter<LeaderElectionEvents> {
  private candidate: string | null = null;
  private leading = false;
  private leaderUrl: string | null = null;
  private stopped = true;

  constructor(
    private readonly zk: ZkClient,
    private readonly directory: string,
    private readonly advertiseUrl: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The current leader's advertised URL, as last seen in ZooKeeper. */
  get leader(): string | null {
    return this.leaderUrl;
  }

  /** A multi-op `check` that fails unless this node still holds its candidate znode. */
  fence(): ZkOp {
    if (!this.candidate || !this.leading) throw new NotLeaderError();
    return { op: 'check', path: this.candidate, version: -1 };
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.zk.on('state', this.onConnectionState);
    this.zk.on('sessionExpired', this.onSessionExpired);
    await this.zk.ensurePath(this.directory);
    await this.enter();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.zk.off('state', this.onConnectionState);
    this.zk.off('sessionExpired', this.onSessionExpired);
    this.setLeading(false);
    const candidate = this.candidate;
    this.candidate = null;
    if (candidate && this.zk.connected) await this.zk.remove(candidate).catch(() => undefined);
  }

  private readonly onConnectionState = (state: string) => {
    if (state === 'connected') void this.evaluate();
    else this.setLeading(false);
  };

  private readonly onSessionExpired = () => {
    // The ephemeral candidate died with the session; a new one is made once reconnected.
    this.candidate = null;
    this.setLeading(false);
  };

  private async enter(): Promise<void> {
    const path = await this.zk.create(
      posix.join(this.directory, CANDIDATE_PREFIX),
      Buffer.from(this.advertiseUrl),
      'ephemeral-sequential',
    );
    this.candidate = path;
    await this.evaluate();
  }

  private async evaluate(): Promise<void> {
    if (this.stopped || !this.zk.connected) return;
    try {
      if (!this.candidate) return await this.enter();
      const children = await this.zk.watchChildren(this.directory, () => void this.evaluate());
      const candidates = children.filter((child) => child.startsWith(CANDIDATE_PREFIX)).sort();
      const [first] = candidates;
      if (!first) return;
      const mine = posix.basename(this.candidate);
      if (!candidates.includes(mine)) {
        this.candidate = null;
        return await this.enter();
      }
      this.leaderUrl = first === mine ? this.advertiseUrl : await this.readUrl(first);
      this.setLeading(first === mine);
    } catch (error) {
      this.logger.warn({ err: error }, 'leader election check failed; retrying on reconnect');
      this.setLeading(false);
    }
  }

  private async readUrl(child: string): Promise<string | null> {
    const node = await this.zk.get(posix.join(this.directory, child));
    return node ? node.data.toString('utf8') : null;
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.logger.info({ leader: leading }, leading ? 'became leader' : 'not the leader');
    this.emit('leadership', leading);
  }
}

export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  constructor() {
    super('this node is not the leader');
  }
}
