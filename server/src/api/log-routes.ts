import { once } from 'node:events';
import { NotFoundError } from '@epoch/shared';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { missingLogError, taskLogSource } from '../runs/task-log-source.js';
import type { ContainerRuntime, LogChunk } from '../runners/container/runtime/container-runtime.js';
import type { RunStore } from '../store/run-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import { sendSuccess } from './envelope.js';
import { failure, failures, ok, taskPath } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';
import { DEFAULT_LOG_TAIL, taskLogQuerySchema } from './stream-query-schemas.js';

export interface LogRouteDeps {
  topologies: TopologyStore;
  runs: RunStore;
  runtime: ContainerRuntime;
  /** This Epoch cluster's name, part of every container name. */
  cluster: string;
  /** Where the log URL points when a request carries no Host header. */
  advertiseUrl: string;
}

interface TaskParams {
  topologyId: string;
  runId: string;
  taskName: string;
}

const TASK_LOG_PATH = '/topologies/:topologyId/runs/:runId/tasks/:taskName/log';

const NO_LOG =
  'No such topology, run, task or attempt; an HTTP task (no container log); or the container is gone ' +
  '(not created yet, or removed by retention); `message` says which';

/** A container task's log: Epoch's `…/log` (a URL to it) and the log itself, whole or followed. */
export function logRoutes(deps: LogRouteDeps): Route[] {
  const locate = async ({ topologyId, runId, taskName }: TaskParams, attempt?: number) => {
    const topology = await deps.topologies.require(topologyId);
    const run = await deps.runs.get(topologyId, runId);
    if (!run) throw new NotFoundError(`No run ${runId} of topology ${topologyId}`);
    return taskLogSource(topology.value, run.value, taskName, deps.cluster, attempt);
  };

  return [
    // Epoch answers with a URL of Drove's task page; ours is the stream below, as the client reached this node.
    declareRoute({
      method: 'get',
      path: TASK_LOG_PATH,
      request: { path: taskPath },
      handle: async (req, res, { path: params }) => {
        const { topologyId, runId, taskName } = params;
        await locate(params);
        const origin = req.host ? `${req.protocol}://${req.host}` : deps.advertiseUrl;
        const path = ['topologies', topologyId, 'runs', runId, 'tasks', taskName]
          .map(encodeURIComponent)
          .join('/');
        sendSuccess(res, new URL(`${req.baseUrl}/${path}/log/stream`, origin).href);
      },
      openapi: {
        tags: ['runs'],
        summary: "URL of a container task's log",
        description: 'As in Epoch, `data` is a URL: here, of the log stream below.',
        responses: { ...ok(z.url(), 'The log URL'), ...failure(404, NO_LOG), ...failures(503) },
      },
    }),
    declareRoute({
      method: 'get',
      path: `${TASK_LOG_PATH}/stream`,
      request: { path: taskPath, query: taskLogQuerySchema },
      handle: async (req, res, { path: params, query }) => {
        const { follow, attempt } = query;
        // Absent means the whole log to the runtime.
        const tail =
          query.tail === 'all' ? undefined : (query.tail ?? (follow ? undefined : DEFAULT_LOG_TAIL));
        const source = await locate(params, attempt);
        // Checked before the headers go out, so that a missing container is a clear 404, not an empty log.
        if (!(await deps.runtime.inspect(source.containerName)))
          throw missingLogError(source, params.taskName);
        await sendLog(req, res, source.containerName, (signal) =>
          deps.runtime.logs(source.containerName, { follow, tail, signal }),
        );
      },
      openapi: {
        tags: ['runs'],
        summary: "A container task's log (stdout and stderr)",
        description:
          `Plain text, chunked: the log so far (its last ${DEFAULT_LOG_TAIL} lines unless \`tail\` says otherwise), or ` +
          'with `follow=true` streamed as the container prints until it exits.',
        responses: {
          '200': { description: 'The log', content: { 'text/plain': { schema: z.string() } } },
          ...failures(400),
          ...failure(404, NO_LOG),
          ...failures(503),
        },
      },
    }),
  ];
}

/**
 * Writes the log as plain text at the pace the client reads it, until the log ends (with `follow`, when the
 * container exits) or the client goes away, which closes the engine's stream too.
 */
async function sendLog(
  req: Request,
  res: Response,
  containerName: string,
  open: (signal: AbortSignal) => AsyncIterable<LogChunk>,
): Promise<void> {
  const controller = new AbortController();
  // 'close' also follows a normal end, when aborting is a no-op.
  res.on('close', () => controller.abort());
  res.status(200).set({
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    // Proxies such as nginx must pass a followed log on as it comes, not when it ends.
    'X-Accel-Buffering': 'no',
  });
  // The client knows the log is open even while the container prints nothing.
  res.flushHeaders();
  try {
    for await (const chunk of open(controller.signal)) {
      if (!res.write(chunk.bytes)) await once(res, 'drain', { signal: controller.signal });
    }
    res.end();
  } catch (error) {
    if (controller.signal.aborted) return;
    req.log.warn({ err: error, container: containerName }, 'task log stream failed');
    // A clean end would pass for the whole log; a cut connection tells the client it is not.
    res.destroy();
  }
}
