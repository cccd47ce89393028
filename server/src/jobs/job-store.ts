import { ConflictError, type Job } from '@epoch/shared';
import { isZkError } from '../zk/zk-errors.js';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import type { ZkPaths } from '../zk/zk-paths.js';
import { decodeRecords, encodeRecords, recordSegmentName, type DeliveryRecord } from './delivery-records.js';
import { decodeSegment, encodeSegment } from './job-segments.js';

/** A collection of one database: where a job lives, with its id. */
export interface CollectionRef {
  database: string;
  collection: string;
}

export interface StoredSegment {
  name: string;
  jobs: Job[];
  /** The znode's version: rewrites are compare-and-set against it. */
  version: number;
}

/**
 * One change to one segment; `replace` with no jobs left removes it, `rename` moves it to a new range's name.
 * `claim` creates a segment of jobs taken for delivery, beside the pending ones.
 */
export type SegmentWrite =
  | { kind: 'create'; name: string; jobs: Job[] }
  | { kind: 'claim'; name: string; jobs: Job[] }
  | { kind: 'replace'; name: string; version: number; jobs: Job[] }
  | { kind: 'rename'; from: string; version: number; name: string; jobs: Job[] };

/**
 * The most one multi-op may carry, in segment bytes: ZooKeeper refuses a request over `jute.maxbuffer`
 * (1 MB by default, on servers Epoch may not configure).
 */
export const MULTI_MAX_BYTES = 900 * 1024;

/** Pending jobs, packed in segments (job-segments.ts), per collection. */
export interface JobStore {
  collections(): Promise<CollectionRef[]>;
  segmentNames(ref: CollectionRef): Promise<string[]>;
  readSegment(ref: CollectionRef, name: string): Promise<StoredSegment | null>;
  /**
   * Applies the writes in one fenced multi-op: all or none. A replaced segment changed since it was read is a
   * ConflictError; so is a created one that exists.
   */
  apply(ref: CollectionRef, writes: SegmentWrite[], fence: ZkOp): Promise<void>;
  claimedNames(ref: CollectionRef): Promise<string[]>;
  readClaimed(ref: CollectionRef, name: string): Promise<StoredSegment | null>;
  /**
   * Records deliveries and shrinks the claimed segments they came from, in one fenced multi-op: a job is always
   * claimed or recorded, never both or neither.
   */
  settle(ref: CollectionRef, settled: Settlement, fence: ZkOp): Promise<void>;
  recordNames(ref: CollectionRef): Promise<string[]>;
  readRecords(ref: CollectionRef, name: string): Promise<DeliveryRecord[] | null>;
  removeRecords(ref: CollectionRef, name: string, fence: ZkOp): Promise<void>;
  /**
   * Removes a collection's folders when they hold nothing (and its database's, and the jobs root, when those
   * are left empty), so ZooKeeper ends as it started once every job has fired and its record expired.
   */
  removeIfEmpty(ref: CollectionRef, fence: ZkOp): Promise<void>;
}

export interface Settlement {
  records: DeliveryRecord[];
  /** Each claimed segment touched, with the jobs still in it (none: it goes). */
  claimed: { name: string; version: number; remaining: Job[] }[];
}

export class ZkJobStore implements JobStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly paths: ZkPaths,
  ) {}

  async collections(): Promise<CollectionRef[]> {
    const databases = await this.zk.children(this.paths.jobs);
    const perDatabase = await Promise.all(
      databases.map(async (database) =>
        (await this.zk.children(this.paths.jobDatabase(database))).map((collection) => ({
          database,
          collection,
        })),
      ),
    );
    return perDatabase.flat();
  }

  segmentNames({ database, collection }: CollectionRef): Promise<string[]> {
    return this.zk.children(this.paths.pendingJobs(database, collection));
  }

  async readSegment(ref: CollectionRef, name: string): Promise<StoredSegment | null> {
    const path = this.paths.jobSegment(ref.database, ref.collection, name);
    const node = await this.zk.get(path);
    return node && { name, jobs: decodeSegment(node.data, path), version: node.version };
  }

  claimedNames({ database, collection }: CollectionRef): Promise<string[]> {
    return this.zk.children(this.paths.claimedJobs(database, collection));
  }

  async readClaimed(ref: CollectionRef, name: string): Promise<StoredSegment | null> {
    const path = this.paths.claimedJobSegment(ref.database, ref.collection, name);
    const node = await this.zk.get(path);
    return node && { name, jobs: decodeSegment(node.data, path), version: node.version };
  }

  async settle({ database, collection }: CollectionRef, settled: Settlement, fence: ZkOp): Promise<void> {
    const ops: ZkOp[] = [fence];
    if (settled.records.length > 0)
      ops.push({
        op: 'create',
        path: this.paths.jobRecordSegment(database, collection, recordSegmentName(settled.records)),
        data: encodeRecords(settled.records),
      });
    for (const { name, version, remaining } of settled.claimed) {
      const path = this.paths.claimedJobSegment(database, collection, name);
      ops.push(
        remaining.length === 0
          ? { op: 'remove', path, version }
          : { op: 'setData', path, data: encodeSegment(remaining), version },
      );
    }
    try {
      await this.zk.multi(ops);
    } catch (error) {
      if (!(isZkError(error, 'NO_NODE') && error.opIndex === 1)) throw error;
      await this.zk.ensurePath(this.paths.jobRecords(database, collection));
      await this.zk.multi(ops);
    }
  }

  recordNames({ database, collection }: CollectionRef): Promise<string[]> {
    return this.zk.children(this.paths.jobRecords(database, collection));
  }

  async readRecords(ref: CollectionRef, name: string): Promise<DeliveryRecord[] | null> {
    const path = this.paths.jobRecordSegment(ref.database, ref.collection, name);
    const node = await this.zk.get(path);
    return node && decodeRecords(node.data, path);
  }

  async removeRecords(ref: CollectionRef, name: string, fence: ZkOp): Promise<void> {
    const path = this.paths.jobRecordSegment(ref.database, ref.collection, name);
    try {
      await this.zk.multi([fence, { op: 'remove', path, version: -1 }]);
    } catch (error) {
      if (!(isZkError(error, 'NO_NODE') && error.opIndex === 1)) throw error;
    }
  }

  async removeIfEmpty({ database, collection }: CollectionRef, fence: ZkOp): Promise<void> {
    const collectionPath = `${this.paths.jobDatabase(database)}/${collection}`;
    const steps: string[][] = [
      [
        this.paths.pendingJobs(database, collection),
        this.paths.claimedJobs(database, collection),
        this.paths.jobRecords(database, collection),
        collectionPath,
      ],
      [this.paths.jobDatabase(database)],
      [this.paths.jobs],
    ];
    for (const paths of steps) {
      // Each step all or nothing: a job created meanwhile keeps its folders, and what holds it.
      const existing = [];
      for (const path of paths) if (await this.zk.exists(path)) existing.push(path);
      try {
        await this.zk.multi([
          fence,
          ...existing.map((path) => ({ op: 'remove' as const, path, version: -1 })),
        ]);
      } catch (error) {
        if (isZkError(error, 'NOT_EMPTY') || isZkError(error, 'NO_NODE')) return;
        throw error;
      }
    }
  }

  async apply(ref: CollectionRef, writes: SegmentWrite[], fence: ZkOp): Promise<void> {
    const ops = writes.flatMap((write) => this.opsFor(ref, write).map((op) => ({ op, write })));
    const bytes = ops.reduce((sum, { op }) => sum + ('data' in op && op.data ? op.data.length : 0), 0);
    if (bytes > MULTI_MAX_BYTES) throw new Error(`a job write of ${bytes} bytes exceeds ${MULTI_MAX_BYTES}`);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.zk.multi([fence, ...ops.map(({ op }) => op)]);
        return;
      } catch (error) {
        const failed =
          isZkError(error, 'NO_NODE') || isZkError(error, 'BAD_VERSION') || isZkError(error, 'NODE_EXISTS')
            ? ops[(error.opIndex ?? 0) - 1]
            : undefined;
        // The collection's first write: its folder is made outside the fence (an empty folder is harmless).
        if (failed?.op.op === 'create' && isZkError(error, 'NO_NODE') && attempt === 1) {
          await this.zk.ensurePath(this.paths.pendingJobs(ref.database, ref.collection));
          await this.zk.ensurePath(this.paths.claimedJobs(ref.database, ref.collection));
          continue;
        }
        if (failed) throw new ConflictError(`Job segment ${failed.write.name} was changed concurrently`);
        throw error;
      }
    }
  }

  private opsFor({ database, collection }: CollectionRef, write: SegmentWrite): ZkOp[] {
    const path = (name: string) => this.paths.jobSegment(database, collection, name);
    switch (write.kind) {
      case 'create':
        return [{ op: 'create', path: path(write.name), data: encodeSegment(write.jobs) }];
      case 'claim':
        return [
          {
            op: 'create',
            path: this.paths.claimedJobSegment(database, collection, write.name),
            data: encodeSegment(write.jobs),
          },
        ];
      case 'replace':
        return write.jobs.length === 0
          ? [{ op: 'remove', path: path(write.name), version: write.version }]
          : [
              {
                op: 'setData',
                path: path(write.name),
                data: encodeSegment(write.jobs),
                version: write.version,
              },
            ];
      case 'rename':
        return [
          { op: 'remove', path: path(write.from), version: write.version },
          { op: 'create', path: path(write.name), data: encodeSegment(write.jobs) },
        ];
    }
  }
}
