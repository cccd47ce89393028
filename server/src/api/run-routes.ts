import {
  ConflictError,
  NotFoundError,
  parseInput,
  runListQuerySchema,
  ServiceUnavailableError,
  TOTAL_COUNT_HEADER,
  type RunInfo,
} from '@epoch/shared';
import { Router } from 'express';
import type { Election } from '../cluster/election.js';
import type { RunLauncher } from '../execution/run-launcher.js';
import { TERMINAL_TASK_STATES } from '../runs/state-machines.js';
import { selectRuns } from '../runs/select-runs.js';
import type { RunStore } from '../store/run-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import { hasBegun } from '../runs/state-machines.js';
import { sendSuccess } from './envelope.js';

export interface RunRouteDeps {
  topologies: TopologyStore;
  runs: RunStore;
  launcher: RunLauncher;
  election: Election;
  clock: Clock;
}

/** Runs of a topology (Epoch's run endpoints) and the instant run. */
export function runRoutes({ topologies, runs, launcher, election, clock }: RunRouteDeps): Router {
  const router = Router();
  const requireLeader = () => {
    if (!election.isLeader) throw new ServiceUnavailableError('this node is not the leader; retry shortly');
  };

  router.put('/topologies/:topologyId/run', async (req, res) => {
    requireLeader();
    const topology = await topologies.require(req.params.topologyId);
    sendSuccess(res, { runId: await launcher.runNow(topology.value, clock.now()) });
  });

  router.get('/topologies/:topologyId/runs', async (req, res) => {
    const query = parseInput(runListQuerySchema, req.query, 'query');
    await topologies.require(req.params.topologyId);
    const { items, total } = selectRuns(await runs.list(req.params.topologyId), query);
    res.setHeader(TOTAL_COUNT_HEADER, String(total));
    sendSuccess(res, items);
  });

  /** The run, or a 404 saying whether the topology or the run is unknown. */
  const requireRun = async (topologyId: string, runId: string): Promise<RunInfo> => {
    const run = await runs.get(topologyId, runId);
    // A claimed run is no run yet (see hasBegun).
    if (run && hasBegun(run.value)) return run.value;
    await topologies.require(topologyId);
    throw new NotFoundError(`No run ${runId} of topology ${topologyId}`);
  };

  router.get('/topologies/:topologyId/runs/:runId', async (req, res) => {
    sendSuccess(res, await requireRun(req.params.topologyId, req.params.runId));
  });

  // Killing a task cancels its run: the running task's container is killed, later tasks never start.
  router.post('/topologies/:topologyId/runs/:runId/tasks/:taskName/kill', async (req, res) => {
    requireLeader();
    const { topologyId, runId, taskName } = req.params;
    const run = await requireRun(topologyId, runId);
    const task = run.tasks[taskName];
    if (!task) throw new NotFoundError(`No task ${taskName} in run ${runId} of topology ${topologyId}`);
    if (TERMINAL_TASK_STATES.has(task.state))
      throw new ConflictError(`Task ${taskName} of run ${runId} has already finished (${task.state})`);
    if (!launcher.cancelRun(topologyId, runId))
      throw new ConflictError(`Run ${runId} is not running (${run.state})`);
    sendSuccess(res, { success: true, message: 'Task cancel accepted' });
  });

  return router;
}
