import { posix } from 'node:path';

/** The Epoch ZooKeeper layout under a configurable root (default `/epoch`). */
export class ZkPaths {
  constructor(readonly root: string) {}

  get topologies(): string {
    return posix.join(this.root, 'topologies');
  }

  topology(topologyId: string): string {
    return posix.join(this.topologies, topologyId);
  }

  get runs(): string {
    return posix.join(this.root, 'runs');
  }

  runsOf(topologyId: string): string {
    return posix.join(this.runs, topologyId);
  }

  run(topologyId: string, runId: string): string {
    return posix.join(this.runsOf(topologyId), runId);
  }

  /** Per topology, the last scheduled fire accounted for (the misfire policy plans from it). */
  get schedules(): string {
    return posix.join(this.root, 'schedules');
  }

  schedule(topologyId: string): string {
    return posix.join(this.schedules, topologyId);
  }

  get leaderSelection(): string {
    return posix.join(this.root, 'leader-selection');
  }
}
