import type { ZkClient, ZkOp } from './zk-client.js';
import { NextTickBatches } from '../batching/next-tick-batches.js';
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
  private readonly batches: NextTickBatches<Group>;

  constructor(
    private readonly zk: Pick<ZkClient, 'multi'>,
    options: WriteBatcherOptions = {},
  ) {
    this.maxOps = options.maxOps ?? 200;
    this.batches = new NextTickBatches((groups) => this.send(groups), {
      maxInFlight: options.maxInFlight ?? 4,
      take: (waiting) => this.fitting(waiting),
    });
  }

  submit(fence: ZkOp, ops: ZkOp[]): Promise<void> {
    return new Promise<void>((resolve, reject) => this.batches.push({ fence, ops, resolve, reject }));
  }

  /** How many waiting groups, oldest first, fit one multi-op: always at least one. */
  private fitting(waiting: readonly Group[]): number {
    const fences = new Set<string>();
    let count = 0;
    let size = 0;
    for (const group of waiting) {
      const fenceKey = keyOf(group.fence);
      const cost = group.ops.length + (fences.has(fenceKey) ? 0 : 1);
      if (count > 0 && size + cost > this.maxOps) break;
      count++;
      fences.add(fenceKey);
      size += cost;
    }
    return count;
  }

  private async send(groups: Group[]): Promise<void> {
    const { ops, owners } = assemble(groups);
    try {
      await this.zk.multi(ops);
      for (const group of groups) group.resolve();
    } catch (error) {
      this.settleFailure(groups, owners, error);
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
    this.batches.requeue(groups.filter((group) => group !== failed));
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
