import type { ZkOp } from '../zk/zk-client.js';

/** Who leads, seen from one node: what the leader's duties, its writes and the API's forwarding rely on. */
export interface Election {
  readonly isLeader: boolean;
  /** The current leader's advertised URL, as last seen. */
  readonly leader: string | null;
  /** This node's advertised URL. */
  readonly url: string;
  /** The op every leader write carries: the write fails as a whole once this node no longer leads. */
  fence(): ZkOp;
  /** `leading` is true when this node became leader, false when it stopped being one (or cannot be sure). */
  on(event: 'leadership', listener: (leading: boolean) => void): unknown;
  off(event: 'leadership', listener: (leading: boolean) => void): unknown;
}
