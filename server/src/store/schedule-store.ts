import { z } from 'zod';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
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

  /** The op that records `fireTime`, creating the node on the topology's first fire. */
  async recordOp(topologyId: string, fireTime: number): Promise<ZkOp> {
    const path = this.paths.schedule(topologyId);
    const data = scheduleCodec.encode({ lastScheduledFire: fireTime });
    return (await this.zk.exists(path))
      ? { op: 'setData', path, data, version: -1 }
      : { op: 'create', path, data };
  }
}
