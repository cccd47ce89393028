import { EventEmitter } from 'node:events';
import { posix } from 'node:path';
import type { Logger } from 'pino';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import type { Election } from './election.js';

const CANDIDATE_PREFIX = 'n_';

interface LeaderElectionEvents {
  /** true when this node became leader, false when it stopped being one (or cannot be sure). */
  leadership: [boolean];
}

/**
 * ZooKeeper leader election: every node holds an ephemeral sequential candidate znode (data = its
 * advertised URL) and the lowest sequence leads. Each candidate watches only its predecessor (no
 * herd when a node goes) plus the leader's znode, whose URL followers forward requests to.
 * Leadership ends the moment the connection drops, not when the session expires, so a cut-off
 * leader stops acting at once (design invariant 1); every leader write carries {@link fence} so a
 * deposed one cannot write even if it tried.
 */
export class LeaderElection extends EventEmitter<LeaderElectionEvents> implements Election {
  private candidate: string | null = null;
  private leading = false;
  private leaderUrl: string | null = null;
  private stopped = true;
  private evaluating: Promise<void> | null = null;
  private evaluateAgain = false;

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

  get url(): string {
    return this.advertiseUrl;
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
    await this.evaluate();
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
    this.leaderUrl = null;
    this.setLeading(false);
  };

  private readonly reevaluate = (): void => void this.evaluate();

  /** One evaluation at a time; a request made meanwhile runs once more after it. */
  private evaluate(): Promise<void> {
    if (this.evaluating) {
      this.evaluateAgain = true;
      return this.evaluating;
    }
    this.evaluating = (async () => {
      do {
        this.evaluateAgain = false;
        await this.evaluateOnce();
      } while (this.evaluateAgain);
    })().finally(() => {
      this.evaluating = null;
    });
    return this.evaluating;
  }

  private async evaluateOnce(): Promise<void> {
    if (this.stopped || !this.zk.connected) return;
    try {
      if (!this.candidate) {
        this.candidate = await this.zk.create(
          posix.join(this.directory, CANDIDATE_PREFIX),
          Buffer.from(this.advertiseUrl),
          'ephemeral-sequential',
        );
      }
      const mine = posix.basename(this.candidate);
      const candidates = (await this.zk.children(this.directory))
        .filter((child) => child.startsWith(CANDIDATE_PREFIX))
        .sort();
      const position = candidates.indexOf(mine);
      if (position < 0) {
        // Our candidate is gone (removed by hand, or a session ended): stand again.
        this.candidate = null;
        this.setLeading(false);
        this.evaluateAgain = true;
        return;
      }
      if (position === 0) {
        this.leaderUrl = this.advertiseUrl;
        this.setLeading(true);
        return;
      }
      this.setLeading(false);
      const leaderUrl = await this.zk.watchData(posix.join(this.directory, candidates[0]!), this.reevaluate);
      this.leaderUrl = leaderUrl?.toString('utf8') ?? null;
      const predecessor = candidates[position - 1]!;
      // Gone between the listing and the watch: look again now rather than wait for an event.
      if (
        position > 1 &&
        !(await this.zk.watchExists(posix.join(this.directory, predecessor), this.reevaluate))
      )
        this.evaluateAgain = true;
      if (leaderUrl === null) this.evaluateAgain = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'leader election check failed; retrying on reconnect');
      this.setLeading(false);
    }
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
