import { ConflictError, runInfoSchema, type RunInfo } from '@epoch/shared';
import type { Logger } from 'pino';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import { isZkError } from '../zk/zk-errors.js';
import type { ZkPaths } from '../zk/zk-paths.js';
import { CorruptNodeError, versionedCodec } from '../zk/versioned-json.js';
import type { Versioned } from './topology-store.js';

export const runCodec = versionedCodec(1, { 1: runInfoSchema });

/** Runs at `/epoch/runs/{topologyId}/{runId}`, tasks embedded. */
export class RunStore {
  /** Topologies whose runs folder is known to exist: one round trip saved per fire. */
  private readonly knownFolders = new Set<string>();

  constructor(
    private readonly zk: ZkClient,
    private readonly paths: ZkPaths,
    private readonly logger: Logger,
  ) {}

  /**
   * The leader's claim of a fire: one multi-op of the fence check, the run's creation and `alsoOps`
   * (the last scheduled fire). Null when the run exists already: the fire was taken, launch nothing.
   */
  async claim(run: RunInfo, fence: ZkOp, alsoOps: ZkOp[] = []): Promise<Versioned<RunInfo> | null> {
    await this.ensureRunsOf(run.topologyId);
    const create: ZkOp = {
      op: 'create',
      path: this.paths.run(run.topologyId, run.runId),
      data: runCodec.encode(run),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.zk.multi([fence, create, ...alsoOps]);
        return { value: run, version: 0 };
      } catch (error) {
        if (isZkError(error, 'NODE_EXISTS') && error.opIndex === 1) return null;
        // The folder was removed with a deleted topology of the same name: make it again, once.
        if (isZkError(error, 'NO_NODE') && error.opIndex === 1 && attempt === 1) {
          this.knownFolders.delete(run.topologyId);
          await this.ensureRunsOf(run.topologyId);
          continue;
        }
        throw error;
      }
    }
  }

  /** A leader's compare-and-set write of a run's new state, fenced; ConflictError on a lost race. */
  async update(run: RunInfo, expectedVersion: number, fence: ZkOp): Promise<Versioned<RunInfo>> {
    const path = this.paths.run(run.topologyId, run.runId);
    try {
      await this.zk.multi([
        fence,
        { op: 'setData', path, data: runCodec.encode(run), version: expectedVersion },
      ]);
      return { value: run, version: expectedVersion + 1 };
    } catch (error) {
      if ((isZkError(error, 'BAD_VERSION') || isZkError(error, 'NO_NODE')) && error.opIndex === 1) {
        throw new ConflictError(`Run ${run.topologyId}/${run.runId} was changed concurrently`);
      }
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

  /** Removes a finished run, fenced; a run already gone is not an error. */
  async remove(topologyId: string, runId: string, fence: ZkOp): Promise<void> {
    try {
      await this.zk.multi([fence, { op: 'remove', path: this.paths.run(topologyId, runId), version: -1 }]);
    } catch (error) {
      if (!(isZkError(error, 'NO_NODE') && error.opIndex === 1)) throw error;
    }
  }

  private async ensureRunsOf(topologyId: string): Promise<void> {
    if (this.knownFolders.has(topologyId)) return;
    await this.zk.ensurePath(this.paths.runsOf(topologyId));
    this.knownFolders.add(topologyId);
  }
}
