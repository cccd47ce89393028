import { ConflictError, NotFoundError, parseRunId, runInfoSchema, type RunInfo } from '@epoch/shared';
import type { Logger } from 'pino';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import { isZkError } from '../zk/zk-errors.js';
import type { WriteBatcher } from '../zk/write-batcher.js';
import { ACTIVE_RUN_SEPARATOR, type ZkPaths } from '../zk/zk-paths.js';
import { CorruptNodeError, versionedCodec } from '../zk/versioned-json.js';
import { assertWithdrawable, hasBegun, isUnfinished, type BegunRun } from '../runs/state-machines.js';
import type { Versioned } from './topology-store.js';

export const runCodec = versionedCodec(1, { 1: runInfoSchema });

/** What a claim of a fire came to. */
export type ClaimResult =
  | { kind: 'claimed'; run: Versioned<RunInfo> }
  /** The fire's run exists: it was claimed already, launch nothing. */
  | { kind: 'taken' }
  /** The topology has no schedule node to record the fire in (stored before they existed): make it, claim again. */
  | { kind: 'no-schedule' };

/** Where runs are kept. Every write of the leader's is fenced: a deposed leader's write fails. */
export interface RunStore {
  /**
   * The leader's claim of a fire: one atomic write of the fence check, the run's creation and `recordFire`
   * (the op that records the topology's last scheduled fire), if given.
   */
  claim(run: RunInfo, fence: ZkOp, recordFire?: ZkOp): Promise<ClaimResult>;
  /** A compare-and-set write of a run's new state; ConflictError on a lost race. */
  update(run: RunInfo, expectedVersion: number, fence: ZkOp): Promise<Versioned<RunInfo>>;
  /** The runs left unfinished (claimed or running): what a new leader adopts. */
  listActive(): Promise<Array<{ topologyId: string; runId: string }>>;
  /** The begun run of the latest fire (scheduled or instant) up to `asOf`. */
  latest(topologyId: string, asOf: number): Promise<BegunRun | null>;
  get(topologyId: string, runId: string): Promise<Versioned<RunInfo> | null>;
  /** All readable runs of a topology, newest update first (Epoch's order). */
  list(topologyId: string): Promise<RunInfo[]>;
  /** The readable runs of a topology whose fire time is at or after `since`, reading no others. */
  listFiredSince(topologyId: string, since: number): Promise<RunInfo[]>;
  /** The ids of a topology's runs (claimed ones too), unordered, without reading the runs. */
  runIds(topologyId: string): Promise<string[]>;
  /** Removes a claimed run, compare-and-set: its claim is withdrawn. */
  discard(run: Versioned<RunInfo>, fence: ZkOp): Promise<void>;
  /** Removes a finished run; a run already gone is not an error. */
  remove(topologyId: string, runId: string, fence: ZkOp): Promise<void>;
}

/**
 * Runs at `/epoch/runs/{topologyId}/{runId}`, tasks embedded, with an index of unfinished runs. The
 * leader's writes go through the write batcher: under load many runs share one fenced multi-op.
 */
export class ZkRunStore implements RunStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly writes: WriteBatcher,
    private readonly paths: ZkPaths,
    private readonly logger: Logger,
  ) {}

  async claim(run: RunInfo, fence: ZkOp, recordFire?: ZkOp): Promise<ClaimResult> {
    const create: ZkOp = {
      op: 'create',
      path: this.paths.run(run.topologyId, run.runId),
      data: runCodec.encode(run),
    };
    const ops = [create, ...(recordFire ? [recordFire] : [])];
    if (isUnfinished(run.state))
      ops.push({ op: 'create', path: this.paths.activeRun(run.topologyId, run.runId) });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.writes.submit(fence, ops);
        return { kind: 'claimed', run: { value: run, version: 0 } };
      } catch (error) {
        if (isZkError(error, 'NODE_EXISTS') && error.opIndex === 1) return { kind: 'taken' };
        if (recordFire && isZkError(error, 'NO_NODE') && error.opIndex === 2) return { kind: 'no-schedule' };
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

  async update(run: RunInfo, expectedVersion: number, fence: ZkOp): Promise<Versioned<RunInfo>> {
    const path = this.paths.run(run.topologyId, run.runId);
    try {
      await this.writes.submit(fence, [
        { op: 'setData', path, data: runCodec.encode(run), version: expectedVersion },
        // A run leaves the index of unfinished runs with the write that finishes it.
        ...(isUnfinished(run.state)
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

  async listActive(): Promise<Array<{ topologyId: string; runId: string }>> {
    const names = await this.zk.children(this.paths.activeRuns);
    return names.flatMap((name) => {
      const at = name.indexOf(ACTIVE_RUN_SEPARATOR);
      return at > 0 ? [{ topologyId: name.slice(0, at), runId: name.slice(at + 1) }] : [];
    });
  }

  /** Reads runs newest fire first until a begun one: usually only the newest. */
  async latest(topologyId: string, asOf: number): Promise<BegunRun | null> {
    const candidates = (await this.zk.children(this.paths.runsOf(topologyId)))
      .map((runId) => ({ runId, fireTime: parseRunId(runId)?.fireTime }))
      .filter(
        (run): run is { runId: string; fireTime: number } =>
          run.fireTime !== undefined && run.fireTime <= asOf,
      )
      .sort((a, b) => b.fireTime - a.fireTime);
    for (const { runId } of candidates) {
      const run = (await this.get(topologyId, runId))?.value;
      if (run && hasBegun(run)) return run;
    }
    return null;
  }

  async get(topologyId: string, runId: string): Promise<Versioned<RunInfo> | null> {
    const path = this.paths.run(topologyId, runId);
    const node = await this.zk.get(path);
    return node && { value: runCodec.decode(node.data, path), version: node.version };
  }

  async runIds(topologyId: string): Promise<string[]> {
    return this.zk.children(this.paths.runsOf(topologyId));
  }

  async list(topologyId: string): Promise<RunInfo[]> {
    return this.read(topologyId, await this.runIds(topologyId));
  }

  async listFiredSince(topologyId: string, since: number): Promise<RunInfo[]> {
    const runIds = await this.runIds(topologyId);
    return this.read(
      topologyId,
      runIds.filter((runId) => (parseRunId(runId)?.fireTime ?? -Infinity) >= since),
    );
  }

  private async read(topologyId: string, runIds: string[]): Promise<RunInfo[]> {
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

  async discard({ value: run, version }: Versioned<RunInfo>, fence: ZkOp): Promise<void> {
    assertWithdrawable(run.state);
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
