import { z } from 'zod';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import { isZkError } from '../zk/zk-errors.js';
import type { ZkPaths } from '../zk/zk-paths.js';
import { versionedCodec } from '../zk/versioned-json.js';

const scheduleStateSchema = z.object({ lastScheduledFire: z.number().int() });
export type ScheduleState = z.infer<typeof scheduleStateSchema>;
const scheduleCodec = versionedCodec(1, { 1: scheduleStateSchema });

/**
 * The last scheduled fire per topology, at `/epoch/schedules/{id}`, written in the same multi-op
 * that creates the fire's run, so the two never disagree.
 */
export class ScheduleStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly paths: ZkPaths,
  ) {}

  async lastScheduledFire(topologyId: string): Promise<number | null> {
    const path = this.paths.schedule(topologyId);
    const node = await this.zk.get(path);
    return node ? scheduleCodec.decode(node.data, path).lastScheduledFire : null;
  }

  /** The op that records `fireTime` (the node exists from the topology's creation on). */
  recordOp(topologyId: string, fireTime: number): ZkOp {
    const data = scheduleCodec.encode({ lastScheduledFire: fireTime });
    return { op: 'setData', path: this.paths.schedule(topologyId), data, version: -1 };
  }

  /** The op that makes a topology's node, in the multi-op that creates the topology. */
  createOp(topologyId: string, fireTime: number): ZkOp {
    const data = scheduleCodec.encode({ lastScheduledFire: fireTime });
    return { op: 'create', path: this.paths.schedule(topologyId), data };
  }

  /** Makes the node when it is missing (topologies stored before it existed); an existing one is kept. */
  async ensure(topologyId: string, fireTime: number): Promise<void> {
    const op = this.createOp(topologyId, fireTime);
    await this.zk
      .create(op.path, scheduleCodec.encode({ lastScheduledFire: fireTime }))
      .catch((error: unknown) => {
        if (!isZkError(error, 'NODE_EXISTS')) throw error;
      });
  }
}
