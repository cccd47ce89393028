import { ConflictError, NotFoundError, type TopologyDetails } from '@epoch/shared';
import pMap from 'p-map';
import type { Logger } from 'pino';
import type { ZkClient, ZkOp } from '../zk/zk-client.js';
import { isZkError } from '../zk/zk-errors.js';
import { ACTIVE_RUN_SEPARATOR, type ZkPaths } from '../zk/zk-paths.js';
import { CorruptNodeError, versionedCodec } from '../zk/versioned-json.js';
import { TOPOLOGY_FORMAT_VERSION, topologyFormats } from './topology-formats.js';

export const topologyCodec = versionedCodec(TOPOLOGY_FORMAT_VERSION, topologyFormats);

/** Reads in flight at once when reading many nodes: enough to keep ZooKeeper busy, few enough to time none out. */
export const READ_CONCURRENCY = 256;

export interface Versioned<T> {
  value: T;
  /** The znode version, for compare-and-set writes. */
  version: number;
}

/** Where topologies are kept; every change is compare-and-set on the stored version. */
export interface TopologyStore {
  /** Makes what the store needs (folders); idempotent. */
  init(): Promise<void>;
  /** Creates a topology; ConflictError when its id exists. `alsoOps` are written atomically with it. */
  create(details: TopologyDetails, alsoOps?: ZkOp[]): Promise<Versioned<TopologyDetails>>;
  get(id: string): Promise<Versioned<TopologyDetails> | null>;
  /** As `get`, NotFoundError when there is none. */
  require(id: string): Promise<Versioned<TopologyDetails>>;
  /** Every readable topology. */
  list(): Promise<TopologyDetails[]>;
  /** Writes `details` only if still at `expectedVersion`; ConflictError otherwise, NotFoundError when gone. */
  replace(details: TopologyDetails, expectedVersion: number): Promise<Versioned<TopologyDetails>>;
  /** Removes the topology with its runs, checked against `expectedVersion`. */
  remove(id: string, expectedVersion: number): Promise<void>;
}

/** Topologies at `/epoch/topologies/{id}`; updates are compare-and-set on the znode version. */
export class ZkTopologyStore implements TopologyStore {
  constructor(
    private readonly zk: ZkClient,
    private readonly paths: ZkPaths,
    private readonly logger: Logger,
  ) {}

  async init(): Promise<void> {
    await this.zk.ensurePath(this.paths.topologies);
    await this.zk.ensurePath(this.paths.runs);
    await this.zk.ensurePath(this.paths.schedules);
    await this.zk.ensurePath(this.paths.activeRuns);
  }

  /**
   * Creates the topology with its (empty) runs folder, so claiming a fire is a single write; throws
   * ConflictError when a topology with this id exists. `alsoOps` go in the same multi-op.
   */
  async create(details: TopologyDetails, alsoOps: ZkOp[] = []): Promise<Versioned<TopologyDetails>> {
    try {
      await this.zk.multi([
        { op: 'create', path: this.paths.topology(details.id), data: topologyCodec.encode(details) },
        { op: 'create', path: this.paths.runsOf(details.id) },
        ...alsoOps,
      ]);
    } catch (error) {
      if (isZkError(error, 'NODE_EXISTS') && error.opIndex === 0) {
        throw new ConflictError(`Topology ${details.topology.name} already exists with ID: ${details.id}`);
      }
      throw error;
    }
    return { value: details, version: 0 };
  }

  async get(id: string): Promise<Versioned<TopologyDetails> | null> {
    const path = this.paths.topology(id);
    const node = await this.zk.get(path);
    return node && { value: topologyCodec.decode(node.data, path), version: node.version };
  }

  async require(id: string): Promise<Versioned<TopologyDetails>> {
    const found = await this.get(id);
    if (!found) throw new NotFoundError(`Topology not found: ${id}`);
    return found;
  }

  /** Every readable topology; an unreadable node is logged and left out rather than failing the list. */
  async list(): Promise<TopologyDetails[]> {
    const ids = await this.zk.children(this.paths.topologies);
    const found = await pMap(
      ids,
      async (id) => {
        try {
          return (await this.get(id))?.value ?? null;
        } catch (error) {
          if (!(error instanceof CorruptNodeError)) throw error;
          this.logger.error({ err: error }, 'skipping unreadable topology node');
          return null;
        }
      },
      { concurrency: READ_CONCURRENCY },
    );
    return found.filter((details): details is TopologyDetails => details !== null);
  }

  /** Writes `details` only if the node is still at `expectedVersion`; otherwise ConflictError. */
  async replace(details: TopologyDetails, expectedVersion: number): Promise<Versioned<TopologyDetails>> {
    try {
      const version = await this.zk.setData(
        this.paths.topology(details.id),
        topologyCodec.encode(details),
        expectedVersion,
      );
      return { value: details, version };
    } catch (error) {
      if (isZkError(error, 'BAD_VERSION')) {
        throw new ConflictError(`Topology ${details.id} was changed concurrently; reload and retry`);
      }
      if (isZkError(error, 'NO_NODE')) throw new NotFoundError(`Topology not found: ${details.id}`);
      throw error;
    }
  }

  /**
   * Removes the topology and its run history in one multi-op, checked against `expectedVersion`,
   * so a concurrent edit or a run written meanwhile makes it fail whole rather than half.
   */
  async remove(id: string, expectedVersion: number): Promise<void> {
    const runsPath = this.paths.runsOf(id);
    const runIds = await this.zk.children(runsPath);
    const runsExist = runIds.length > 0 || (await this.zk.exists(runsPath));
    const scheduleExists = await this.zk.exists(this.paths.schedule(id));
    const activePrefix = `${id}${ACTIVE_RUN_SEPARATOR}`;
    const active = (await this.zk.children(this.paths.activeRuns)).filter((name) =>
      name.startsWith(activePrefix),
    );
    const ops: ZkOp[] = [
      ...runIds.map((runId) => ({ op: 'remove' as const, path: this.paths.run(id, runId), version: -1 })),
      ...active.map((name) => ({
        op: 'remove' as const,
        path: this.paths.activeRun(id, name.slice(activePrefix.length)),
        version: -1,
      })),
      ...(runsExist ? [{ op: 'remove' as const, path: runsPath, version: -1 }] : []),
      ...(scheduleExists ? [{ op: 'remove' as const, path: this.paths.schedule(id), version: -1 }] : []),
    ];
    const topologyOpIndex = ops.length;
    ops.push({ op: 'remove', path: this.paths.topology(id), version: expectedVersion });
    try {
      await this.zk.multi(ops);
    } catch (error) {
      if (isZkError(error, 'NO_NODE') && error.opIndex === topologyOpIndex) {
        throw new NotFoundError(`Topology not found: ${id}`);
      }
      if (isZkError(error, 'BAD_VERSION') || isZkError(error, 'NOT_EMPTY') || isZkError(error, 'NO_NODE')) {
        throw new ConflictError(`Topology ${id} was changed concurrently; reload and retry`);
      }
      throw error;
    }
  }
}
