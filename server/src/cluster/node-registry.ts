import { posix } from 'node:path';
import { clusterMemberSchema, type ClusterMember } from '@epoch/shared';
import type { Logger } from 'pino';
import type { ZkClient } from '../zk/zk-client.js';
import { versionedCodec } from '../zk/versioned-json.js';

const memberCodec = versionedCodec(1, { 1: clusterMemberSchema });
const MEMBER_PREFIX = 'node-';

/**
 * The live nodes: each registers an ephemeral znode under `/epoch/nodes` that lives as long as its
 * session, and registers again after a session expired. Roles come from the election, not from here.
 */
export class NodeRegistry {
  private path: string | null = null;
  private registering: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly zk: ZkClient,
    private readonly directory: string,
    private readonly self: ClusterMember,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.zk.on('sessionExpired', this.onSessionExpired);
    this.zk.on('state', this.onState);
    await this.zk.ensurePath(this.directory);
    await this.register();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.zk.off('sessionExpired', this.onSessionExpired);
    this.zk.off('state', this.onState);
    const path = this.path;
    this.path = null;
    if (path && this.zk.connected) await this.zk.remove(path).catch(() => undefined);
  }

  /** Every registered node; one whose znode cannot be read is left out and logged. */
  async members(): Promise<ClusterMember[]> {
    const names = await this.zk.children(this.directory);
    const members = await Promise.all(
      names.map(async (name) => {
        const path = posix.join(this.directory, name);
        try {
          const node = await this.zk.get(path);
          return node && memberCodec.decode(node.data, path);
        } catch (error) {
          this.logger.warn({ err: error, path }, 'skipping an unreadable cluster member');
          return null;
        }
      }),
    );
    return members.filter((member): member is ClusterMember => member !== null);
  }

  private readonly onSessionExpired = (): void => {
    this.path = null;
  };

  private readonly onState = (state: string): void => {
    if (state === 'connected' && !this.path && !this.stopped) {
      this.register().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'could not register this node; retrying on reconnect'),
      );
    }
  };

  private register(): Promise<void> {
    this.registering ??= this.zk
      .create(
        posix.join(this.directory, MEMBER_PREFIX),
        memberCodec.encode(this.self),
        'ephemeral-sequential',
      )
      .then((path) => {
        this.path = path;
      })
      .finally(() => {
        this.registering = null;
      });
    return this.registering;
  }
}
