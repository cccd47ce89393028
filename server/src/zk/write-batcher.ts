import type { ZkClient, ZkOp } from './zk-client.js';
import { ZkError } from './zk-errors.js';

export interface WriteBatcherOptions {
  /** Operations per multi-op, fences included; keeps each request far below jute.maxbuffer. */
  maxOps?: number;
  /** Multi-ops awaiting ZooKeeper's answer at once; more writes wait and join a later one. */
  maxInFlight?: number;
}

interface Group {
  fence: ZkOp;
  ops: ZkOp[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Many fenced writes, few transactions. Each `submit` is an atomic group — `[fence, ...ops]` — as if
 * it were its own multi-op; groups waiting together share one multi-op and one fence check, which
 * turns ZooKeeper's per-transaction cost (the limit at a few thousand per second here) into a cost
 * per hundred writes. Atomicity per group is kept: when one op fails, ZooKeeper applies none of the
 * multi, that group is rejected (its error's `opIndex` counted within `[fence, ...ops]`) and the
 * other groups are sent again.
 */
export class WriteBatcher {
  private readonly maxOps: number;
  private readonly maxInFlight: number;
  private queue: Group[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    private readonly zk: Pick<ZkClient, 'multi'>,
    options: WriteBatcherOptions = {},
  ) {
    this.maxOps = options.maxOps ?? 200;
    this.maxInFlight = options.maxInFlight ?? 4;
  }

  submit(fence: ZkOp, ops: ZkOp[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ fence, ops, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One macrotask of gathering: writes submitted by the same burst of work travel together.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      void this.send(this.take());
    }
  }

  /** The longest prefix of the queue that fits one multi-op; always at least one group. */
  private take(): Group[] {
    const fences = new Set<string>();
    let count = 0;
    let size = 0;
    for (const group of this.queue) {
      const fenceKey = keyOf(group.fence);
      const cost = group.ops.length + (fences.has(fenceKey) ? 0 : 1);
      if (count > 0 && size + cost > this.maxOps) break;
      count++;
      fences.add(fenceKey);
      size += cost;
    }
    // In place: a burst queues tens of thousands of writes, and a copy of the rest per multi-op adds up.
    return this.queue.splice(0, count);
  }

  private async send(groups: Group[]): Promise<void> {
    this.inFlight++;
    const { ops, owners } = assemble(groups);
    try {
      await this.zk.multi(ops);
      for (const group of groups) group.resolve();
    } catch (error) {
      this.settleFailure(groups, owners, error);
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.scheduleFlush();
    }
  }

  private settleFailure(groups: Group[], owners: Owner[], error: unknown): void {
    const owner = error instanceof ZkError && error.opIndex !== undefined ? owners[error.opIndex] : undefined;
    if (!owner || owner.group === null) {
      // A fence failed, or the request as a whole: no group can be told apart, all share the error.
      for (const group of groups) group.reject(error);
      return;
    }
    const failed = owner.group;
    failed.reject(
      new ZkError(error instanceof ZkError ? error.code : 'OTHER', messageOf(error), owner.index),
    );
    // Nothing was applied: the innocent groups go again, ahead of newer writes.
    this.queue = [...groups.filter((group) => group !== failed), ...this.queue];
  }
}

interface Owner {
  /** Null for a fence check shared by several groups. */
  group: Group | null;
  /** The op's index within its group's `[fence, ...ops]`. */
  index: number;
}

function assemble(groups: Group[]): { ops: ZkOp[]; owners: Owner[] } {
  const ops: ZkOp[] = [];
  const owners: Owner[] = [];
  const fences = new Set<string>();
  for (const group of groups) {
    const fenceKey = keyOf(group.fence);
    if (!fences.has(fenceKey)) {
      fences.add(fenceKey);
      ops.push(group.fence);
      owners.push({ group: null, index: 0 });
    }
    group.ops.forEach((op, index) => {
      ops.push(op);
      owners.push({ group, index: index + 1 });
    });
  }
  return { ops, owners };
}

const keyOf = (fence: ZkOp): string => `${fence.op} ${fence.path} ${'version' in fence ? fence.version : ''}`;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
