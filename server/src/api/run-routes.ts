import {
  apiResponseSchema,
  ConflictError,
  inputError,
  noOverrides,
  NotFoundError,
  overrideIssues,
  parseInput,
  runInfoSchema,
  runListQuerySchema,
  runOverridesSchema,
  ServiceUnavailableError,
  TOTAL_COUNT_HEADER,
  type RunInfo,
  type RunOverrides,
  type Task,
} from '@epoch/shared';
import { z } from 'zod';
import { currentUser } from '../auth/request-guards.js';
import type { Election } from '../cluster/election.js';
import type { RunLauncher } from '../execution/run-launcher.js';
import { hasBegun, TERMINAL_TASK_STATES } from '../runs/state-machines.js';
import { selectRuns } from '../runs/select-runs.js';
import type { RunStore } from '../store/run-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { Clock } from '../time/clock.js';
import { sendSuccess } from './envelope.js';
import { failure, failures, json, ok, runPath, taskPath, topologyPath } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';
import { runView } from './run-view.js';

export interface RunRouteDeps {
  topologies: TopologyStore;
  runs: RunStore;
  launcher: RunLauncher;
  election: Election;
  clock: Clock;
}

const NO_RUN = 'No such topology or run; `message` says which';
const NO_TASK = 'No such topology, run or task; `message` says which';
const RUN_ID = z.object({ runId: z.string() });

/**
 * The overrides of an instant run's request body, checked against the topology's task: none when there is no
 * body (Epoch's clients send none, often without a content type) or it is `{}`; a 400 naming each bad field.
 */
function requestedOverrides(task: Task, body: unknown): RunOverrides | undefined {
  if (body === undefined) return undefined;
  const overrides = parseInput(runOverridesSchema, body);
  const issues = overrideIssues(task, overrides);
  if (issues.length > 0) throw inputError(issues);
  return noOverrides(overrides) ? undefined : overrides;
}

/** Runs of a topology (Epoch's run endpoints) and the instant run. */
export function runRoutes({ topologies, runs, launcher, election, clock }: RunRouteDeps): Route[] {
  const requireLeader = () => {
    if (!election.isLeader) throw new ServiceUnavailableError('this node is not the leader; retry shortly');
  };

  /** The run, or a 404 saying whether the topology or the run is unknown. */
  const requireRun = async (topologyId: string, runId: string): Promise<RunInfo> => {
    const run = await runs.get(topologyId, runId);
    // A claimed run is no run yet (see hasBegun).
    if (run && hasBegun(run.value)) return run.value;
    await topologies.require(topologyId);
    throw new NotFoundError(`No run ${runId} of topology ${topologyId}`);
  };

  return [
    declareRoute({
      method: 'put',
      path: '/topologies/:topologyId/run',
      request: { path: topologyPath, body: runOverridesSchema },
      handle: async (req, res, { path }) => {
        requireLeader();
        const topology = await topologies.require(path.topologyId);
        const overrides = requestedOverrides(topology.value.topology.task, req.body);
        sendSuccess(res, { runId: await launcher.runNow(topology.value, clock.now(), { overrides }) });
      },
      openapi: {
        tags: ['runs'],
        summary: 'Run now (instant run), optionally with overrides',
        description:
          'Starts an INSTANT run at once, also for a PAUSED topology (as in Epoch). The body is optional: ' +
          "without one (Epoch's clients) the tasks run as defined; with one, its `env` and `args` apply to " +
          'every container task and its `body` to every HTTP task, and are recorded in the run as `overrides`. ' +
          "A field no task of the topology takes, or an `env` name that is a task's secret, is a 400.",
        responses: { ...ok(RUN_ID, 'The new run'), ...failures(400, 404, 503) },
      },
    }),
    declareRoute({
      method: 'post',
      path: '/topologies/:topologyId/runs/:runId/rerun',
      request: { path: runPath },
      handle: async (_req, res, { path }) => {
        requireLeader();
        const original = await requireRun(path.topologyId, path.runId);
        const topology = await topologies.require(path.topologyId);
        const { overrides } = original;
        const issues = overrides ? overrideIssues(topology.value.topology.task, overrides) : [];
        if (issues.length > 0)
          throw new ConflictError(
            `The overrides of run ${path.runId} no longer fit topology ${path.topologyId}: ` +
              issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
          );
        const runId = await launcher.runNow(topology.value, clock.now(), { overrides, rerunOf: path.runId });
        sendSuccess(res, { runId });
      },
      openapi: {
        tags: ['runs'],
        summary: 'Re-run: a new instant run like this one',
        description:
          'Starts a new INSTANT run of the topology as it is now, with the overrides of the run it re-runs ' +
          '(recorded as `rerunOf`), whatever that run’s state.',
        responses: {
          ...ok(RUN_ID, 'The new run'),
          ...failure(404, NO_RUN),
          ...failure(409, "The run's overrides no longer fit the topology, which has changed since"),
          ...failures(503),
        },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/topologies/:topologyId/runs',
      request: { path: topologyPath, query: runListQuerySchema },
      handle: async (_req, res, { path, query }) => {
        await topologies.require(path.topologyId);
        const { items, total } = selectRuns(await runs.list(path.topologyId), query);
        res.setHeader(TOTAL_COUNT_HEADER, String(total));
        const { role } = currentUser(res);
        sendSuccess(
          res,
          items.map((run) => runView(run, role)),
        );
      },
      openapi: {
        tags: ['runs'],
        summary: "List a topology's runs",
        description: `Newest update first by default; optional filters (\`state\` repeatable), sorting and paging. The number of matches before paging is in the \`${TOTAL_COUNT_HEADER}\` header. A scheduled run is claimed a few seconds before its fire time and listed from that time on.`,
        responses: {
          '200': {
            description: 'Matching runs',
            headers: z.object({ [TOTAL_COUNT_HEADER]: z.string() }),
            ...json(apiResponseSchema(z.array(runInfoSchema))),
          },
          ...failures(400, 404, 503),
        },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/topologies/:topologyId/runs/:runId',
      request: { path: runPath },
      handle: async (_req, res, { path }) => {
        sendSuccess(res, runView(await requireRun(path.topologyId, path.runId), currentUser(res).role));
      },
      openapi: {
        tags: ['runs'],
        summary: 'Get a run, with its tasks',
        responses: { ...ok(runInfoSchema, 'The run'), ...failure(404, NO_RUN), ...failures(503) },
      },
    }),
    // Killing a task cancels its run: the running task's container is killed, later tasks never start.
    declareRoute({
      method: 'post',
      path: '/topologies/:topologyId/runs/:runId/tasks/:taskName/kill',
      request: { path: taskPath },
      handle: async (_req, res, { path: { topologyId, runId, taskName } }) => {
        requireLeader();
        const run = await requireRun(topologyId, runId);
        const task = run.tasks[taskName];
        if (!task) throw new NotFoundError(`No task ${taskName} in run ${runId} of topology ${topologyId}`);
        if (TERMINAL_TASK_STATES.has(task.state))
          throw new ConflictError(`Task ${taskName} of run ${runId} has already finished (${task.state})`);
        if (!launcher.cancelRun(topologyId, runId))
          throw new ConflictError(`Run ${runId} is not running (${run.state})`);
        sendSuccess(res, { success: true, message: 'Task cancel accepted' });
      },
      openapi: {
        tags: ['runs'],
        summary: 'Kill a task: cancels its run',
        description:
          "The running task's container is killed, later tasks do not start, and the run ends CANCELLED.",
        responses: {
          ...ok(z.object({ success: z.boolean(), message: z.string() }), 'Cancel accepted'),
          ...failure(404, NO_TASK),
          ...failure(409, 'The task or its run has already finished'),
          ...failures(503),
        },
      },
    }),
  ];
}
