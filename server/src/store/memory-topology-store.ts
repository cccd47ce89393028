import { ConflictError, NotFoundError, type TopologyDetails } from '@epoch/shared';
import type { ZkOp } from '../zk/zk-client.js';
import type { TopologyStore, Versioned } from './topology-store.js';

/**
 * The topology store in memory, for table tests: the same contract as ZooKeeper's (ids unique,
 * compare-and-set on a version that counts writes). `alsoOps` of a create are kept, not applied.
 */
export class MemoryTopologyStore implements TopologyStore {
  readonly topologies = new Map<string, Versioned<TopologyDetails>>();
  readonly alsoOps: ZkOp[] = [];

  async init(): Promise<void> {}

  async create(details: TopologyDetails, alsoOps: ZkOp[] = []): Promise<Versioned<TopologyDetails>> {
    if (this.topologies.has(details.id))
      throw new ConflictError(`Topology ${details.topology.name} already exists with ID: ${details.id}`);
    const created = { value: structuredClone(details), version: 0 };
    this.topologies.set(details.id, created);
    this.alsoOps.push(...alsoOps);
    return structuredClone(created);
  }

  async get(id: string): Promise<Versioned<TopologyDetails> | null> {
    const found = this.topologies.get(id);
    return found ? structuredClone(found) : null;
  }

  async require(id: string): Promise<Versioned<TopologyDetails>> {
    const found = await this.get(id);
    if (!found) throw new NotFoundError(`Topology not found: ${id}`);
    return found;
  }

  async list(): Promise<TopologyDetails[]> {
    return [...this.topologies.values()].map(({ value }) => structuredClone(value));
  }

  async replace(details: TopologyDetails, expectedVersion: number): Promise<Versioned<TopologyDetails>> {
    const stored = this.topologies.get(details.id);
    if (!stored) throw new NotFoundError(`Topology not found: ${details.id}`);
    if (stored.version !== expectedVersion)
      throw new ConflictError(`Topology ${details.id} was changed concurrently; reload and retry`);
    const replaced = { value: structuredClone(details), version: expectedVersion + 1 };
    this.topologies.set(details.id, replaced);
    return structuredClone(replaced);
  }

  async remove(id: string, expectedVersion: number): Promise<void> {
    const stored = this.topologies.get(id);
    if (!stored) throw new NotFoundError(`Topology not found: ${id}`);
    if (stored.version !== expectedVersion)
      throw new ConflictError(`Topology ${id} was changed concurrently; reload and retry`);
    this.topologies.delete(id);
  }
}
