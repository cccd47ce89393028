import type { TopologyDetails } from '@epoch/shared';
import type { EpochEvent, EventBus } from '../events/event-bus.js';

/**
 * The leader's in-memory copy of every topology, so listing 10,000 of them does not read 10,000
 * znodes per request. Filled at takeover, kept current by the event bus (every change goes through
 * the leader), emptied on stand-down; changes published while it loads are applied on top.
 */
export class TopologyCatalog {
  private topologies: Map<string, TopologyDetails> | null = null;
  /** Changes seen since `begin()`, by id (null: deleted), for the load to apply on top. */
  private pending: Map<string, TopologyDetails | null> | null = null;
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus) {
    this.unsubscribe = bus.subscribe(this.onEvent);
  }

  /** Loaded and current: list() answers. */
  get ready(): boolean {
    return this.topologies !== null;
  }

  /** Starts recording changes, before the takeover reads ZooKeeper. */
  begin(): void {
    this.topologies = null;
    this.pending = new Map();
  }

  load(all: TopologyDetails[]): void {
    const topologies = new Map(all.map((topology) => [topology.id, topology]));
    for (const [id, change] of this.pending ?? []) {
      if (change) topologies.set(id, change);
      else topologies.delete(id);
    }
    this.pending = null;
    this.topologies = topologies;
  }

  clear(): void {
    this.topologies = null;
    this.pending = null;
  }

  /** Every topology, or null when not loaded (not the leader, or still taking over). */
  list(): TopologyDetails[] | null {
    return this.topologies ? [...this.topologies.values()] : null;
  }

  /** One topology; undefined when there is none or the catalog is not loaded. */
  get(id: string): TopologyDetails | undefined {
    return this.topologies?.get(id);
  }

  close(): void {
    this.unsubscribe();
  }

  private readonly onEvent = (event: EpochEvent): void => {
    const target = this.topologies ?? this.pending;
    if (!target) return;
    if (event.type === 'TOPOLOGY_CHANGED') target.set(event.topology.id, event.topology);
    else if (event.type === 'TOPOLOGY_DELETED') {
      if (this.topologies) this.topologies.delete(event.topologyId);
      else this.pending?.set(event.topologyId, null);
    }
  };
}
