import { EventEmitter } from 'node:events';
import type { RunInfo, TopologyDetails } from '@epoch/shared';

/** What changed, published in-process after the change is durable in ZooKeeper. */
export type EpochEvent =
  | { type: 'TOPOLOGY_CHANGED'; topology: TopologyDetails }
  | { type: 'TOPOLOGY_DELETED'; topologyId: string }
  | { type: 'RUN_CHANGED'; run: RunInfo };

/** The in-process event bus: the scheduler, the UI's event stream and notifications listen here. */
export class EventBus {
  private readonly emitter = new EventEmitter<{ event: [EpochEvent] }>();

  constructor() {
    // Every open event stream (SSE client) is a listener.
    this.emitter.setMaxListeners(0);
  }

  publish(event: EpochEvent): void {
    this.emitter.emit('event', event);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: EpochEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
