import { once } from 'node:events';
import { NotFoundError, parseInput } from '@epoch/shared';
import { Router, type Request, type Response } from 'express';
import { missingLogError, taskLogSource } from '../runs/task-log-source.js';
import type { ContainerRuntime, LogChunk } from '../runners/container/runtime/container-runtime.js';
import type { RunStore } from '../store/run-store.js';
import type { TopologyStore } from '../store/topology-store.js';
import { sendSuccess } from './envelope.js';
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

/** A container task's log: Epoch's `…/log` (a URL to it) and the log itself, whole or followed. */
export function logRoutes(deps: LogRouteDeps): Router {
  const router = Router();

  const locate = async ({ topologyId, runId, taskName }: TaskParams, attempt?: number) => {
    const topology = await deps.topologies.require(topologyId);
    const run = await deps.runs.get(topologyId, runId);
    if (!run) throw new NotFoundError(`No run ${runId} of topology ${topologyId}`);
    return taskLogSource(topology.value, run.value, taskName, deps.cluster, attempt);
  };

  // Epoch answers with a URL of Drove's task page; ours is the stream below, as the client reached this node.
  router.get(TASK_LOG_PATH, async (req, res) => {
    await locate(req.params);
    const origin = req.host ? `${req.protocol}://${req.host}` : deps.advertiseUrl;
    const path = ['topologies', req.params.topologyId, 'runs', req.params.runId, 'tasks', req.params.taskName]
      .map(encodeURIComponent)
      .join('/');
    sendSuccess(res, new URL(`${req.baseUrl}/${path}/log/stream`, origin).href);
  });

  router.get(`${TASK_LOG_PATH}/stream`, async (req, res) => {
    const query = parseInput(taskLogQuerySchema, req.query, 'query');
    const { follow, attempt } = query;
    // Absent means the whole log to the runtime.
    const tail = query.tail === 'all' ? undefined : (query.tail ?? (follow ? undefined : DEFAULT_LOG_TAIL));
    const source = await locate(req.params, attempt);
    // Checked before the headers go out, so that a missing container is a clear 404, not an empty log.
    if (!(await deps.runtime.inspect(source.containerName)))
      throw missingLogError(source, req.params.taskName);
    await sendLog(req, res, source.containerName, (signal) =>
      deps.runtime.logs(source.containerName, { follow, tail, signal }),
    );
  });

  return router;
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
