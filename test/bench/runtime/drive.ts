// The load: `runs` instant runs over `concurrency` lanes. Each lane has a topology of its own and runs it
// again as soon as its last run has ended, so at most `concurrency` tasks run at once and no run of a lane
// overlaps the next (which the topology's overlap policy would skip).
import { createTopology, runNow, sleeperTopology } from './epoch-api.js';
import type { RunEvents } from './run-events.js';

export interface DriveOptions {
  runs: number;
  concurrency: number;
  sleepSeconds: number;
  runTimeoutSeconds: number;
  image: string;
}

export interface Triggered {
  topologyId: string;
  /** Absent when the run-now request itself failed. */
  runId?: string;
  /** Just before the run-now request went out, epoch ms. */
  triggeredAt: number;
  /** The request's failure, or that the run did not end within the run timeout. */
  error?: string;
}

export const laneTopology = (lane: number) => `bench-sleep-${lane}`;

export async function createLaneTopologies(baseUrl: string, options: DriveOptions): Promise<void> {
  for (let lane = 0; lane < options.concurrency; lane++) {
    await createTopology(baseUrl, sleeperTopology(laneTopology(lane), options.image, options.sleepSeconds));
  }
}

export async function drive(baseUrl: string, events: RunEvents, options: DriveOptions): Promise<Triggered[]> {
  const triggered: Triggered[] = [];
  const lane = async (index: number) => {
    const topologyId = laneTopology(index);
    while (triggered.length < options.runs) {
      const run: Triggered = { topologyId, triggeredAt: Date.now() };
      triggered.push(run);
      try {
        run.runId = await runNow(baseUrl, topologyId);
      } catch (error) {
        run.error = (error as Error).message;
        continue;
      }
      if (!(await events.ended(topologyId, run.runId, options.runTimeoutSeconds * 1000))) {
        run.error = `not ended within ${options.runTimeoutSeconds} s`;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency, options.runs) }, (_, index) => lane(index)),
  );
  return triggered;
}
