import { EventEmitter } from 'node:events';
import type { ZkOp } from '../zk/zk-client.js';
import type { Election } from './election.js';
import { NotLeaderError } from './leader-election.js';

/**
 * An election the test decides, for table tests: `lead()` and `depose()` change leadership, and each term
 * has its own fence, which `fenceHolds` says is valid only during that term (hand it to MemoryRunStore).
 */
export class MemoryElection extends EventEmitter<{ leadership: [boolean] }> implements Election {
  private term = 0;
  private leading = false;

  constructor(readonly url = 'http://127.0.0.1:8080') {
    super();
  }

  get isLeader(): boolean {
    return this.leading;
  }

  get leader(): string | null {
    return this.leading ? this.url : null;
  }

  fence(): ZkOp {
    if (!this.leading) throw new NotLeaderError();
    return { op: 'check', path: `/memory-election/term-${this.term}`, version: -1 };
  }

  readonly fenceHolds = (fence: ZkOp): boolean =>
    this.leading && fence.path === `/memory-election/term-${this.term}`;

  lead(): void {
    this.term++;
    this.leading = true;
    this.emit('leadership', true);
  }

  depose(): void {
    this.leading = false;
    this.emit('leadership', false);
  }
}
