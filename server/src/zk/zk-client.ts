import { EventEmitter } from 'node:events';
import zookeeper from 'node-zookeeper-client';
import type { Logger } from 'pino';
import type { ZkCredential } from './zk-credential.js';
import { toZkError, ZkError, type ZkErrorCode } from './zk-errors.js';

const { ACL, CreateMode, Id, Permission } = zookeeper;

export interface ZkClientOptions {
  connectionString: string;
  sessionTimeoutMs: number;
  /** Requests fail after this long instead of queueing forever while disconnected. */
  operationTimeoutMs?: number;
  logger: Logger;
  /**
   * Sent on every session before any request, and every znode this client creates is then readable and
   * writable by this digest identity alone (world gets nothing). Without it, znodes are world-open.
   */
  auth?: ZkCredential;
}

/** The request an operation sends to ZooKeeper: a label with few values, never the path. */
export type ZkOperation =
  | 'create'
  | 'mkdirp'
  | 'getData'
  | 'getChildren'
  | 'exists'
  | 'setData'
  | 'remove'
  | 'multi'
  | 'getACL'
  | 'setACL';

/** Told of every operation as it settles (metrics listen here, so this client stays free of them). */
export type ZkOperationObserver = (operation: ZkOperation, seconds: number, errorCode?: ZkErrorCode) => void;

export type ZkConnectionState = 'connecting' | 'connected' | 'disconnected' | 'closed';

/** One ACL entry as ZooKeeper reports it: permission bits (READ 1 … ADMIN 16, ALL 31) for a scheme's id. */
export interface ZkAclEntry {
  permission: number;
  scheme: string;
  id: string;
}

export interface ZkNode {
  data: Buffer;
  version: number;
}

export type ZkOp =
  | { op: 'create'; path: string; data?: Buffer; mode?: CreateModeName }
  | { op: 'setData'; path: string; data: Buffer; version: number }
  | { op: 'remove'; path: string; version: number }
  | { op: 'check'; path: string; version: number };

interface ZkClientEvents {
  /** Emitted on every state change; `sessionExpired` is emitted before the new session connects. */
  state: [ZkConnectionState];
  sessionExpired: [];
}

const EMPTY = Buffer.alloc(0);

/**
 * node-zookeeper-client 1.1.3's Transaction does `version = version || -1`, turning version 0 into
 * "any version" and silently defeating compare-and-set on every node's first write. Put it back.
 */
function keepVersion(transaction: zookeeper.Transaction, version: number): void {
  const ops = (transaction as unknown as { ops: Array<{ version: number }> }).ops;
  const last = ops[ops.length - 1];
  if (last) last.version = version;
}

const MODE = {
  persistent: CreateMode.PERSISTENT,
  ephemeral: CreateMode.EPHEMERAL,
  'ephemeral-sequential': CreateMode.EPHEMERAL_SEQUENTIAL,
};
type CreateModeName = keyof typeof MODE;

/**
 * A promise-based ZooKeeper client. It keeps one session alive, and when a session expires
 * (ZooKeeper's client cannot recover from that) it opens a new one and says so, so owners of
 * ephemeral nodes (the election) know to redo them.
 */
export class ZkClient extends EventEmitter<ZkClientEvents> {
  private client: zookeeper.Client;
  private currentState: ZkConnectionState = 'connecting';
  private readonly operationTimeoutMs: number;
  private observer: ZkOperationObserver | undefined;
  private readonly acls: zookeeper.ACL[];

  private constructor(private readonly options: ZkClientOptions) {
    super();
    this.operationTimeoutMs = options.operationTimeoutMs ?? 10_000;
    this.acls = [
      options.auth
        ? new ACL(Permission.ALL, new Id('digest', options.auth.digestId))
        : new ACL(Permission.ALL, new Id('world', 'anyone')),
    ];
    this.client = this.openSession();
  }

  /** The ACL every znode this client creates gets (and the one migration brings older znodes to). */
  get acl(): ZkAclEntry[] {
    return this.acls.map(toAclEntry);
  }

  /** Connects and resolves once the first session is established (or rejects after `timeoutMs`). */
  static async connect(options: ZkClientOptions, timeoutMs = 30_000): Promise<ZkClient> {
    const zk = new ZkClient(options);
    try {
      await zk.waitUntilConnected(timeoutMs);
    } catch (error) {
      zk.close();
      throw error;
    }
    return zk;
  }

  get state(): ZkConnectionState {
    return this.currentState;
  }

  get connectionString(): string {
    return this.options.connectionString;
  }

  get connected(): boolean {
    return this.currentState === 'connected';
  }

  waitUntilConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('state', onState);
        reject(
          new ZkError(
            'CONNECTION',
            `no ZooKeeper session within ${timeoutMs} ms (${this.options.connectionString})`,
          ),
        );
      }, timeoutMs);
      const onState = (state: ZkConnectionState) => {
        if (state !== 'connected') return;
        clearTimeout(timer);
        this.off('state', onState);
        resolve();
      };
      this.on('state', onState);
    });
  }

  /** Reports every later operation to `observer` (undefined stops reporting). */
  observe(observer: ZkOperationObserver | undefined): void {
    this.observer = observer;
  }

  close(): void {
    this.setState('closed');
    this.client.close();
  }

  async create(path: string, data?: Buffer, mode: CreateModeName = 'persistent'): Promise<string> {
    return this.call('create', `create ${path}`, (cb) =>
      this.client.create(path, data ?? EMPTY, this.acls, MODE[mode], cb),
    );
  }

  /** Creates the node and any missing parents; an existing node is left as it is. */
  async ensurePath(path: string): Promise<void> {
    await this.call<string>('mkdirp', `mkdirp ${path}`, (cb) =>
      this.client.mkdirp(path, EMPTY, this.acls, CreateMode.PERSISTENT, cb),
    );
  }

  async getAcl(path: string): Promise<ZkAclEntry[]> {
    const acls = await this.call<zookeeper.ACL[]>('getACL', `getACL ${path}`, (cb) =>
      this.client.getACL(path, (error, acls) => cb(error, acls)),
    );
    return acls.map(toAclEntry);
  }

  /** Replaces the node's ACL with this client's (any ACL version: it is the same wherever it is set). */
  async applyAcl(path: string): Promise<void> {
    await this.call<unknown>('setACL', `setACL ${path}`, (cb) =>
      this.client.setACL(path, this.acls, -1, (error, stat) => cb(error, stat)),
    );
  }

  async get(path: string): Promise<ZkNode | null> {
    try {
      return await this.call('getData', `getData ${path}`, (cb) =>
        this.client.getData(path, (error, data, stat) =>
          cb(error, { data: data ?? Buffer.alloc(0), version: stat?.version }),
        ),
      );
    } catch (error) {
      if (error instanceof ZkError && error.code === 'NO_NODE') return null;
      throw error;
    }
  }

  async children(path: string): Promise<string[]> {
    try {
      return await this.call('getChildren', `getChildren ${path}`, (cb) => this.client.getChildren(path, cb));
    } catch (error) {
      if (error instanceof ZkError && error.code === 'NO_NODE') return [];
      throw error;
    }
  }

  /** Children, plus a one-shot watch that calls `onChange` when they next change (or the session ends). */
  async watchChildren(path: string, onChange: () => void): Promise<string[]> {
    return this.call('getChildren', `getChildren ${path}`, (cb) =>
      this.client.getChildren(path, () => onChange(), cb),
    );
  }

  // Watchers are passed as given: the library registers one function once per path, so a caller
  // passing the same function again does not pile up listeners.

  /** Whether the node exists, plus a one-shot watch that calls `onChange` when it is created, changed or deleted. */
  async watchExists(path: string, onChange: () => void): Promise<boolean> {
    const stat = await this.call<zookeeper.Stat | null>('exists', `exists ${path}`, (cb) =>
      this.client.exists(path, onChange, cb),
    );
    return stat !== null && stat !== undefined;
  }

  /** The node's data (null when it does not exist), plus a one-shot watch for its change or deletion. */
  async watchData(path: string, onChange: () => void): Promise<Buffer | null> {
    try {
      return await this.call<Buffer>('getData', `getData ${path}`, (cb) =>
        this.client.getData(path, onChange, (error, data) => cb(error, data ?? Buffer.alloc(0))),
      );
    } catch (error) {
      if (error instanceof ZkError && error.code === 'NO_NODE') return null;
      throw error;
    }
  }

  async exists(path: string): Promise<boolean> {
    const stat = await this.call<zookeeper.Stat | null>('exists', `exists ${path}`, (cb) =>
      this.client.exists(path, cb),
    );
    return stat !== null && stat !== undefined;
  }

  async setData(path: string, data: Buffer, version: number): Promise<number> {
    const stat = await this.call<zookeeper.Stat>('setData', `setData ${path}`, (cb) =>
      this.client.setData(path, data, version, cb),
    );
    return stat.version;
  }

  async remove(path: string, version = -1): Promise<void> {
    await this.call<void>('remove', `remove ${path}`, (cb) =>
      this.client.remove(path, version, (error) => cb(error)),
    );
  }

  /** Atomic multi-op: all operations apply or none does; a failure carries the failing op's index. */
  async multi(ops: ZkOp[]): Promise<void> {
    if (ops.length === 0) return;
    const transaction = this.client.transaction();
    for (const op of ops) {
      switch (op.op) {
        case 'create':
          transaction.create(op.path, op.data ?? EMPTY, this.acls, MODE[op.mode ?? 'persistent']);
          break;
        case 'setData':
          transaction.setData(op.path, op.data, op.version);
          break;
        case 'remove':
          transaction.remove(op.path, op.version);
          break;
        case 'check':
          transaction.check(op.path, op.version);
          break;
      }
      if (op.op !== 'create') keepVersion(transaction, op.version);
    }
    // Named by its failing op only: a batched multi can carry hundreds.
    const describe = (opIndex?: number) => {
      const op = opIndex === undefined ? undefined : ops[opIndex];
      return op ? `multi op ${opIndex} (${op.op} ${op.path})` : `multi of ${ops.length} ops`;
    };
    await this.call<unknown>('multi', describe, (cb) =>
      transaction.commit((error, results) => {
        if (!error) return cb(null, results);
        const failed = ((results ?? []) as Array<{ err?: number }>).findIndex(
          (result) => result.err !== undefined && result.err !== 0,
        );
        cb(failed >= 0 ? Object.assign(error, { opIndex: failed }) : error, results);
      }),
    );
  }

  private call<T>(
    operation: ZkOperation,
    what: string | ((opIndex?: number) => string),
    invoke: (cb: (error: unknown, result?: T) => void) => void,
  ): Promise<T> {
    const name = (opIndex?: number) => (typeof what === 'string' ? what : what(opIndex));
    const started = performance.now();
    // Once per operation: a reply arriving after the timeout rejected it is not a second outcome.
    let settled = false;
    const report = (errorCode?: ZkErrorCode) => {
      if (settled) return;
      settled = true;
      this.observer?.(operation, (performance.now() - started) / 1000, errorCode);
    };
    const fail = (error: ZkError) => {
      report(error.code);
      return error;
    };
    if (this.currentState === 'closed')
      return Promise.reject(fail(new ZkError('CONNECTION', `${name()}: client closed`)));
    if (!this.connected) {
      return Promise.reject(fail(new ZkError('CONNECTION', `${name()}: not connected to ZooKeeper`)));
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(fail(new ZkError('CONNECTION', `${name()}: timed out after ${this.operationTimeoutMs} ms`))),
        this.operationTimeoutMs,
      );
      invoke((error, result) => {
        clearTimeout(timer);
        if (error) {
          const opIndex = (error as { opIndex?: number }).opIndex;
          reject(fail(toZkError(error, name(opIndex), opIndex)));
          return;
        }
        report();
        resolve(result as T);
      });
    });
  }

  private openSession(): zookeeper.Client {
    const client = zookeeper.createClient(this.options.connectionString, {
      sessionTimeout: this.options.sessionTimeoutMs,
      spinDelay: 500,
      retries: 3,
    });
    // Queued before connect(): the library sends it right after the connect request of every connection
    // of this session, so no read or write ever goes out unauthenticated.
    if (this.options.auth) client.addAuthInfo('digest', this.options.auth.authData);
    client.on('connected', () => this.setState('connected'));
    client.on('disconnected', () => {
      if (this.currentState !== 'closed') this.setState('disconnected');
    });
    client.on('expired', () => {
      if (this.currentState === 'closed' || client !== this.client) return;
      this.options.logger.warn('ZooKeeper session expired; opening a new session');
      this.setState('disconnected');
      this.emit('sessionExpired');
      client.close();
      this.client = this.openSession();
    });
    client.connect();
    return client;
  }

  private setState(state: ZkConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.logger.info({ zkState: state }, 'ZooKeeper connection state');
    this.emit('state', state);
  }
}

// The library's objects name it `permission`; its type declarations say `perms`.
const toAclEntry = (acl: zookeeper.ACL): ZkAclEntry => ({
  permission: (acl as unknown as { permission: number }).permission,
  scheme: acl.id.scheme,
  id: acl.id.id,
});
