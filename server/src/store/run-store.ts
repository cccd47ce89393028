import { ConflictError, NotFoundError, parseRunId, runInfoSchema, type RunInfo } from '@epoch/shared';
import type { Logger } from 'pino';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import { isZkError } from '../zk/zk-errors.js';
import type { WriteBatcher } from '../zk/write-batcher.js';
import { ACTIVE_RUN_SEPARATOR, type ZkPaths } from '../zk/zk-paths.js';
import { CorruptNodeError, versionedCodec } from '../zk/versioned-json.js';
import type { Versioned } from './topology-store.js';

export const runCodec = versionedCodec(1, { 1: runInfoSchema });

/**
 * Runs at `/epoch/runs/{topologyId}/{runId}`, tasks embedded. The leader's writes go through the
 * write batcher: under load many runs share one fenced multi-op.
 */
export class RunStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly writes: WriteBatcher,
    private readonly paths: ZkPaths,
    private readonly logger: Logger,
  ) {}

  /**
   * The leader's claim of a fire: one atomic write of the fence check, the run's creation and `alsoOps`
   * (the last scheduled fire). Null when the run exists already: the fire was taken, launch nothing.
   */
  async claim(run: RunInfo, fence: ZkOp, alsoOps: ZkOp[] = []): Promise<Versioned<RunInfo> | null> {
    const create: ZkOp = {
      op: 'create',
      path: this.paths.run(run.topologyId, run.runId),
      data: runCodec.encode(run),
    };
    // Last, so `alsoOps` keep their indexes (2, 3, …) in errors.
    const index: ZkOp[] =
      run.state === 'RUNNING'
        ? [{ op: 'create', path: this.paths.activeRun(run.topologyId, run.runId) }]
        : [];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.writes.submit(fence, [create, ...alsoOps, ...index]);
        return { value: run, version: 0 };
      } catch (error) {
        if (isZkError(error, 'NODE_EXISTS') && error.opIndex === 1) return null;
        if (isZkError(error, 'NO_NODE') && error.opIndex === 1) {
          // The topology was deleted meanwhile; or it was stored before runs folders were made with it.
          if (attempt > 1 || !(await this.zk.exists(this.paths.topology(run.topologyId))))
            throw new NotFoundError(`Topology not found: ${run.topologyId}`);
          await this.zk.ensurePath(this.paths.runsOf(run.topologyId));
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
      await this.writes.submit(fence, [
        { op: 'setData', path, data: runCodec.encode(run), version: expectedVersion },
        // A run leaves the index of unfinished runs with the write that finishes it.
        ...(run.state === 'RUNNING'
          ? []
          : [{ op: 'remove' as const, path: this.paths.activeRun(run.topologyId, run.runId), version: -1 }]),
      ]);
      return { value: run, version: expectedVersion + 1 };
    } catch (error) {
      if ((isZkError(error, 'BAD_VERSION') || isZkError(error, 'NO_NODE')) && error.opIndex === 1) {
        throw new ConflictError(`Run ${run.topologyId}/${run.runId} was changed concurrently`);
      }
      throw error;
    }
  }

  /** The runs a leader left unfinished (RUNNING), from the index: what a new leader adopts. */
  async listActive(): Promise<Array<{ topologyId: string; runId: string }>> {
    const names = await this.zk.children(this.paths.activeRuns);
    return names.flatMap((name) => {
      const at = name.indexOf(ACTIVE_RUN_SEPARATOR);
      return at > 0 ? [{ topologyId: name.slice(0, at), runId: name.slice(at + 1) }] : [];
    });
  }

  /**
   * The run of the latest fire (scheduled or instant) up to `asOf`, without reading the others: a run
   * claimed ahead of its fire time has not begun.
   */
  async latest(topologyId: string, asOf: number): Promise<RunInfo | null> {
    let latest: { runId: string; fireTime: number } | null = null;
    for (const runId of await this.zk.children(this.paths.runsOf(topologyId))) {
      const fireTime = parseRunId(runId)?.fireTime;
      if (fireTime !== undefined && fireTime <= asOf && (!latest || fireTime > latest.fireTime))
        latest = { runId, fireTime };
    }
    return latest && ((await this.get(topologyId, latest.runId))?.value ?? null);
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

  /**
   * Removes a run claimed ahead and never launched, with its entry in the index of unfinished runs,
   * fenced and compare-and-set: its fire came while the topology was paused, which records nothing.
   */
  async discard({ value: run, version }: Versioned<RunInfo>, fence: ZkOp): Promise<void> {
    try {
      await this.writes.submit(fence, [
        { op: 'remove', path: this.paths.run(run.topologyId, run.runId), version },
        { op: 'remove', path: this.paths.activeRun(run.topologyId, run.runId), version: -1 },
      ]);
    } catch (error) {
      if ((isZkError(error, 'BAD_VERSION') || isZkError(error, 'NO_NODE')) && error.opIndex === 1)
        throw new ConflictError(`Run ${run.topologyId}/${run.runId} was changed concurrently`);
      throw error;
    }
  }

  /** Removes a finished run, fenced; a run already gone is not an error. */
  async remove(topologyId: string, runId: string, fence: ZkOp): Promise<void> {
    try {
      await this.writes.submit(fence, [
        { op: 'remove', path: this.paths.run(topologyId, runId), version: -1 },
      ]);
    } catch (error) {
      if (!(isZkError(error, 'NO_NODE') && error.opIndex === 1)) throw error;
    }
  }
}
