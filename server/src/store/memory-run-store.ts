import { ConflictError, parseRunId, type RunInfo } from '@epoch/shared';
import { assertWithdrawable, hasBegun, isUnfinished, type BegunRun } from '../runs/state-machines.js';
import type { ZkOp } from '../zk/zk-client.js';
import type { ClaimResult, RunStore } from './run-store.js';
import type { Versioned } from './topology-store.js';

/** Thrown by the fake for a write whose fence no longer holds, as ZooKeeper fails a multi-op's check. */
export class FenceLostError extends Error {
  override readonly name = 'FenceLostError';
}

/**
 * The run store in memory, for table tests of the launcher and the execution: the same contract as
 * ZooKeeper's (claim once, compare-and-set, fenced writes), with `fenceHolds` deciding whether a
 * fence op still holds and every write kept in `writes` to count.
 */
export class MemoryRunStore implements RunStore {
  readonly runs = new Map<string, Versioned<RunInfo>>();
  /** Fires recorded with claims, by topology: the last scheduled fire. */
  readonly recordedFires = new Map<string, number>();
  /** Topologies without a schedule node: a claim recording a fire is told so. */
  readonly withoutSchedule = new Set<string>();
  readonly writes: Array<{ kind: 'claim' | 'update' | 'discard' | 'remove'; run: string }> = [];
  /** Every fence fails, whatever `fenceHolds` says: ZooKeeper deposed this node before it heard of it. */
  fenceLost = false;

  constructor(private readonly fenceHolds: (fence: ZkOp) => boolean = () => true) {}

  async claim(run: RunInfo, fence: ZkOp, recordFire?: ZkOp): Promise<ClaimResult> {
    await this.settle(fence);
    const key = keyOf(run.topologyId, run.runId);
    if (this.runs.has(key)) return { kind: 'taken' };
    if (recordFire && this.withoutSchedule.has(run.topologyId)) return { kind: 'no-schedule' };
    const claimed = { value: structuredClone(run), version: 0 };
    this.runs.set(key, claimed);
    if (recordFire) this.recordedFires.set(run.topologyId, parseRunId(run.runId)?.fireTime ?? NaN);
    this.writes.push({ kind: 'claim', run: key });
    return { kind: 'claimed', run: structuredClone(claimed) };
  }

  async update(run: RunInfo, expectedVersion: number, fence: ZkOp): Promise<Versioned<RunInfo>> {
    await this.settle(fence);
    const key = keyOf(run.topologyId, run.runId);
    const stored = this.runs.get(key);
    if (stored?.version !== expectedVersion)
      throw new ConflictError(`Run ${run.topologyId}/${run.runId} was changed concurrently`);
    const updated = { value: structuredClone(run), version: expectedVersion + 1 };
    this.runs.set(key, updated);
    this.writes.push({ kind: 'update', run: key });
    return structuredClone(updated);
  }

  async listActive(): Promise<Array<{ topologyId: string; runId: string }>> {
    return [...this.runs.values()]
      .filter(({ value }) => isUnfinished(value.state))
      .map(({ value }) => ({ topologyId: value.topologyId, runId: value.runId }));
  }

  async latest(topologyId: string, asOf: number): Promise<BegunRun | null> {
    let latest: { run: BegunRun; fireTime: number } | null = null;
    for (const { value: run } of this.runs.values()) {
      const fireTime = parseRunId(run.runId)?.fireTime ?? Infinity;
      if (run.topologyId !== topologyId || fireTime > asOf || !hasBegun(run)) continue;
      if (!latest || fireTime > latest.fireTime) latest = { run, fireTime };
    }
    return latest && structuredClone(latest.run);
  }

  async runIds(topologyId: string): Promise<string[]> {
    return [...this.runs.values()]
      .filter(({ value }) => value.topologyId === topologyId)
      .map(({ value }) => value.runId);
  }

  async get(topologyId: string, runId: string): Promise<Versioned<RunInfo> | null> {
    const stored = this.runs.get(keyOf(topologyId, runId));
    return stored ? structuredClone(stored) : null;
  }

  async list(topologyId: string): Promise<RunInfo[]> {
    return [...this.runs.values()]
      .filter(({ value }) => value.topologyId === topologyId)
      .map(({ value }) => structuredClone(value))
      .sort((a, b) => b.updated - a.updated);
  }

  async listFiredSince(topologyId: string, since: number): Promise<RunInfo[]> {
    return (await this.list(topologyId)).filter(
      (run) => (parseRunId(run.runId)?.fireTime ?? -Infinity) >= since,
    );
  }

  async discard({ value: run, version }: Versioned<RunInfo>, fence: ZkOp): Promise<void> {
    assertWithdrawable(run.state);
    await this.settle(fence);
    const key = keyOf(run.topologyId, run.runId);
    if (this.runs.get(key)?.version !== version)
      throw new ConflictError(`Run ${run.topologyId}/${run.runId} was changed concurrently`);
    this.runs.delete(key);
    this.writes.push({ kind: 'discard', run: key });
  }

  async remove(topologyId: string, runId: string, fence: ZkOp): Promise<void> {
    await this.settle(fence);
    const key = keyOf(topologyId, runId);
    if (this.runs.delete(key)) this.writes.push({ kind: 'remove', run: key });
  }

  /** A write answers asynchronously, like ZooKeeper's, and fails as a whole when its fence does not hold. */
  private async settle(fence: ZkOp): Promise<void> {
    await Promise.resolve();
    if (this.fenceLost || !this.fenceHolds(fence))
      throw new FenceLostError(`fence ${fence.path} no longer holds`);
  }
}

const keyOf = (topologyId: string, runId: string): string => `${topologyId}/${runId}`;
