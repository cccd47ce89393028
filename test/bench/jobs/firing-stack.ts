// The stack burst, sustained and cleanup share: one Epoch server with short-lived delivery records
// (--records-keep), and ZooKeeper's size taken before any job, for cleanup to compare with.
import type { JobsBenchContext } from './context.js';
import { startEpochStack, type EpochStack } from './epoch-stack.js';
import { zkSize, type ZkSize } from './zk-size.js';
import { znodeTree } from './zk-tree.js';

export interface FiringStack {
  stack: EpochStack;
  /** ZooKeeper's size with the route in place and no job yet. */
  baseline: ZkSize;
  /** Its znodes then, by path, with their data bytes. */
  baselineTree: Map<string, number>;
  /** Jobs fired on it so far (cleanup needs some). */
  fired: number;
}

export class FiringStackHolder {
  private current: FiringStack | null = null;

  constructor(private readonly context: JobsBenchContext) {}

  async get(): Promise<FiringStack> {
    if (!this.current) {
      const stack = await startEpochStack(this.context, 'firing');
      this.current = {
        stack,
        baseline: await zkSize(stack.zk.port),
        baselineTree: await znodeTree(stack.zk.connectionString, stack.root),
        fired: 0,
      };
    }
    return this.current;
  }

  async stop(): Promise<void> {
    await this.current?.stack.stop();
    this.current = null;
  }
}
