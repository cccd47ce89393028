import { parseRunId, type RunInfo, type StoredRunState } from '@epoch/shared';
import pMap from 'p-map';
import { Gauge, type Registry } from 'prom-client';
import type { EpochEvent, EventBus } from '../events/event-bus.js';
import type { RunStore } from '../store/run-store.js';
import { READ_CONCURRENCY } from '../store/topology-store.js';
import type { TopologyCatalog } from '../topologies/topology-catalog.js';

/**
 * The run outcomes these series know: a run that ran and ended. A SKIPPED fire did not run (skips have
 * their own metrics), so it neither hides a failure nor counts as a success.
 */
export const LAST_RUN_STATES = ['SUCCESSFUL', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
type LastRunState = (typeof LAST_RUN_STATES)[number];
const SUCCESS: ReadonlySet<StoredRunState> = new Set(['SUCCESSFUL', 'COMPLETED']);

/** What the takeover's read needs of the run store. */
export type LastRunReads = Pick<RunStore, 'runIds' | 'get'>;

interface LastRuns {
  /** The ended run of the newest fire, by fire time (as the topology summary's last run). */
  last?: { state: LastRunState; fireTime: number };
  /** When the newest success ended, epoch ms. */
  lastSuccessAt?: number;
}

const endedRun = (run: RunInfo): { state: LastRunState; fireTime: number } | null => {
  const fireTime = parseRunId(run.runId)?.fireTime;
  const state = LAST_RUN_STATES.find((candidate) => candidate === run.state);
  return fireTime === undefined || state === undefined ? null : { state, fireTime };
};

/**
 * `epoch_topology_last_run_state{topology,state}` and `epoch_topology_last_success_timestamp_seconds{topology}`,
 * served by the leader for the topologies in its catalog. Runs that end are seen on the event bus; what ended
 * before this leader took over is read once at takeover, in the background (scheduling does not wait for it).
 * Both sources merge by fire time and success time, so their order does not matter. A topology that is
 * deleted, or a node that stops leading, serves no series for it.
 */
export class TopologyLastRuns {
  private readonly known = new Map<string, LastRuns>();
  private readonly unsubscribe: () => void;

  constructor(
    registry: Registry,
    bus: EventBus,
    private readonly catalog: Pick<TopologyCatalog, 'list'>,
  ) {
    this.unsubscribe = bus.subscribe(this.onEvent);
    const current = () => this.current();
    // The enum pattern (one series per state, 1 for the current one): a state change moves a value, it does
    // not end one series and start another, so `== 1` alerts and `max_over_time` work across changes.
    new Gauge({
      name: 'epoch_topology_last_run_state',
      help: "1 for the state of the topology's last ended run (by fire time; SKIPPED fires are not runs), 0 for the other states; served by the leader",
      labelNames: ['topology', 'state'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [topology, { last }] of current())
          for (const state of LAST_RUN_STATES) this.set({ topology, state }, last?.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'epoch_topology_last_success_timestamp_seconds',
      help: "When the topology's newest SUCCESSFUL or COMPLETED run ended, Unix seconds; absent when none is kept; served by the leader",
      labelNames: ['topology'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [topology, { lastSuccessAt }] of current())
          if (lastSuccessAt !== undefined) this.set({ topology }, lastSuccessAt / 1000);
      },
    });
  }

  /**
   * Reads each topology's newest ended run and newest success from ZooKeeper: runs newest fire first until
   * both are found, usually one read. Stops when `signal` aborts (the term ended).
   */
  async load(topologyIds: string[], runs: LastRunReads, signal: AbortSignal): Promise<void> {
    await pMap(
      topologyIds,
      async (topologyId) => {
        if (signal.aborted) return;
        const found = await readLastRuns(runs, topologyId, () => signal.aborted);
        if (!signal.aborted) this.merge(topologyId, found);
      },
      { concurrency: READ_CONCURRENCY },
    );
  }

  /** Leadership ended: nothing is known until the next takeover. */
  clear(): void {
    this.known.clear();
  }

  close(): void {
    this.unsubscribe();
  }

  /** The topologies the leader's catalog holds, with what is known of them; nothing when not leading. */
  private *current(): Generator<[string, LastRuns]> {
    const topologies = this.catalog.list();
    if (!topologies) return;
    const listed = new Set(topologies.map((topology) => topology.id));
    // A run event after a deletion (its runs cancelled) or a load that ended after it must not keep a series.
    for (const id of this.known.keys()) if (!listed.has(id)) this.known.delete(id);
    for (const [id, lastRuns] of this.known) yield [id, lastRuns];
  }

  private merge(topologyId: string, found: LastRuns): void {
    const entry = this.known.get(topologyId) ?? {};
    if (found.last && (!entry.last || found.last.fireTime >= entry.last.fireTime)) entry.last = found.last;
    if (found.lastSuccessAt !== undefined && !(entry.lastSuccessAt! >= found.lastSuccessAt))
      entry.lastSuccessAt = found.lastSuccessAt;
    this.known.set(topologyId, entry);
  }

  private readonly onEvent = (event: EpochEvent): void => {
    if (event.type === 'TOPOLOGY_DELETED') this.known.delete(event.topologyId);
    else if (event.type === 'TOPOLOGY_CHANGED') {
      // A new topology has no runs: its state series are there, at 0, from its creation.
      if (!this.known.has(event.topology.id)) this.known.set(event.topology.id, {});
    } else {
      const last = endedRun(event.run);
      if (!last) return;
      this.merge(event.run.topologyId, {
        last,
        ...(SUCCESS.has(event.run.state) && { lastSuccessAt: event.run.updated }),
      });
    }
  };
}

/** Newest fire first, until the newest ended run and the newest success are both found (or runs run out). */
async function readLastRuns(
  runs: LastRunReads,
  topologyId: string,
  aborted: () => boolean,
): Promise<LastRuns> {
  const found: LastRuns = {};
  const newestFirst = (await runs.runIds(topologyId))
    .map((runId) => ({ runId, fireTime: parseRunId(runId)?.fireTime ?? -Infinity }))
    .sort((a, b) => b.fireTime - a.fireTime);
  for (const { runId } of newestFirst) {
    if (aborted() || (found.last && found.lastSuccessAt !== undefined)) break;
    const run = (await runs.get(topologyId, runId))?.value;
    if (!run) continue;
    const ended = endedRun(run);
    if (!ended) continue;
    found.last ??= ended;
    if (SUCCESS.has(run.state)) found.lastSuccessAt = run.updated;
  }
  return found;
}
