import { ConflictError, runInfoSchema, type RunInfo } from '@epoch/shared';
import type { Logger } from 'pino';
import type { ZkClient } from '../zk/zk-client.js';
import { isZkError } from '../zk/zk-errors.js';
import type { ZkPaths } from '../zk/zk-paths.js';
import { CorruptNodeError, versionedCodec } from '../zk/versioned-json.js';
import type { Versioned } from './topology-store.js';

export const runCodec = versionedCodec(1, { 1: runInfoSchema });

/** Runs at `/epoch/runs/{topologyId}/{runId}`, tasks embedded. */
export class RunStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly paths: ZkPaths,
    private readonly logger: Logger,
  ) {}

  /**
   * Claims a fire: creates the run node, or returns null when it exists already, which means
   * this fire was taken (the run id derives from the fire time) and nothing must be launched.
   */
  async createIfAbsent(run: RunInfo): Promise<Versioned<RunInfo> | null> {
    await this.zk.ensurePath(this.paths.runsOf(run.topologyId));
    try {
      await this.zk.create(this.paths.run(run.topologyId, run.runId), runCodec.encode(run));
      return { value: run, version: 0 };
    } catch (error) {
      if (isZkError(error, 'NODE_EXISTS')) return null;
      throw error;
    }
  }

  async get(topologyId: string, runId: string): Promise<Versioned<RunInfo> | null> {
    const path = this.paths.run(topologyId, runId);
    const node = await this.zk.get(path);
    return node && { value: runCodec.decode(node.data, path), version: node.version };
  }

  /** All readable runs of a topology, newest update first (Epoch's order). */
  async list(topologyId: string): Promise<RunInfo[]> {
    const runIds = await this.zk.children(this.paths.runsOf(topologyId));
    const runs = await Promise.all(
      runIds.map(async (runId) => {
        try {
          return (await this.get(topologyId, runId))?.value ?? null;
        } catch (error) {
          if (!(error instanceof CorruptNodeError)) throw error;
          this.logger.error({ err: error }, 'skipping unreadable run node');
          return null;
        }
      }),
    );
    return runs.filter((run): run is RunInfo => run !== null).sort((a, b) => b.updated - a.updated);
  }

  /** Compare-and-set write of a run's new state; ConflictError if someone wrote in between. */
  async replace(run: RunInfo, expectedVersion: number): Promise<Versioned<RunInfo>> {
    try {
      const version = await this.zk.setData(
        this.paths.run(run.topologyId, run.runId),
        runCodec.encode(run),
        expectedVersion,
      );
      return { value: run, version };
    } catch (error) {
      if (isZkError(error, 'BAD_VERSION') || isZkError(error, 'NO_NODE')) {
        throw new ConflictError(`Run ${run.topologyId}/${run.runId} was changed concurrently`);
      }
      throw error;
    }
  }
}
