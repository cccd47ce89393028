import { parseRunId, type Overview, type RunInfo, type RunRef, type TopologyDetails } from '@epoch/shared';
import pMap from 'p-map';
import { hasBegun, type BegunRun } from '../runs/state-machines.js';
import { compileTrigger } from '../scheduling/trigger-fires.js';
import type { RunStore } from '../store/run-store.js';

export const DAY_MS = 86_400_000;
const NEWEST_FAILED = 50;
const NEXT_FIRES = 100;
/** Topologies read at once. */
const READS = 32;

export interface OverviewSources {
  topologies: TopologyDetails[];
  runs: Pick<RunStore, 'latest' | 'listFiredSince' | 'listActive' | 'get'>;
  now: number;
}

/**
 * The overview, read from the stores: each topology's latest run and its runs fired in the last 24 h (reading
 * no older ones; retention bounds them), the unfinished runs from their index, and the next 24 h of fires
 * computed from the triggers, so any node can answer it, not only the leader.
 */
export async function buildOverview({ topologies, runs, now }: OverviewSources): Promise<Overview> {
  const perTopology = await pMap(
    topologies,
    async (details) => {
      const recent = (await runs.listFiredSince(details.id, now - DAY_MS)).filter(hasBegun);
      // The latest run is usually among those just read; only a topology quiet for 24 h needs another read.
      return { details, recent, latest: newestFired(recent, now) ?? (await runs.latest(details.id, now)) };
    },
    { concurrency: READS },
  );
  const recent = perTopology.flatMap((topology) => topology.recent);
  const failed = recent.filter((run) => run.state === 'FAILED').sort(newestFirst);
  const latest = perTopology.flatMap(({ latest }) => (latest ? [latest] : []));
  const active = await pMap(await runs.listActive(), ({ topologyId, runId }) => runs.get(topologyId, runId), {
    concurrency: READS,
  });
  return {
    generatedAt: now,
    failedRuns: { count: failed.length, newest: failed.slice(0, NEWEST_FAILED).map(runRef) },
    runningRuns: active
      .flatMap((run) => (run && hasBegun(run.value) && run.value.state === 'RUNNING' ? [run.value] : []))
      .sort((a, b) => a.created - b.created)
      .map(runRef),
    pausedTopologies: topologies
      .filter((details) => details.state === 'PAUSED')
      .map(({ id, pausedAt, pausedBy }) => ({ topologyId: id, pausedAt, pausedBy })),
    skippedFires: latest
      .filter((run) => run.state === 'SKIPPED')
      .map((run) => ({ topologyId: run.topologyId, skippedSinceLastRun: run.skippedInRow ?? 1 }))
      .sort((a, b) => b.skippedSinceLastRun - a.skippedSinceLastRun),
    nextFires: nextFires(topologies, now),
    lastRunFailed: latest
      .filter((run) => run.state === 'FAILED')
      .sort(newestFirst)
      .map(runRef),
  };
}

/** The soonest fires of active topologies in (now, now + 24 h]: at most NEXT_FIRES of each, then of all. */
export function nextFires(topologies: TopologyDetails[], now: number): Overview['nextFires'] {
  const fires: Overview['nextFires'] = [];
  for (const details of topologies) {
    if (details.state !== 'ACTIVE') continue;
    const trigger = compileTrigger(details.topology.trigger);
    for (
      let at = trigger.nextAfter(now), taken = 0;
      at !== null && at <= now + DAY_MS && taken < NEXT_FIRES;
      taken++
    ) {
      fires.push({ topologyId: details.id, fireTime: at });
      at = trigger.nextAfter(at);
    }
  }
  return fires
    .sort((a, b) => a.fireTime - b.fireTime || a.topologyId.localeCompare(b.topologyId))
    .slice(0, NEXT_FIRES);
}

const newestFirst = (a: RunInfo, b: RunInfo): number => b.updated - a.updated;

/** The run of the newest fire at or before `now`, as RunStore.latest picks it. */
function newestFired(runs: BegunRun[], now: number): BegunRun | null {
  let newest: { run: BegunRun; fireTime: number } | null = null;
  for (const run of runs) {
    const fireTime = parseRunId(run.runId)?.fireTime;
    if (fireTime !== undefined && fireTime <= now && (!newest || fireTime > newest.fireTime))
      newest = { run, fireTime };
  }
  return newest?.run ?? null;
}

function runRef(run: BegunRun): RunRef {
  return {
    topologyId: run.topologyId,
    runId: run.runId,
    state: run.state,
    updated: run.updated,
    ...(run.message !== undefined && { message: run.message }),
  };
}
