// A service's output, read like a container's (docker/log-stream.ts). A followed service log never ends by
// itself — Swarm keeps it open for tasks that might come — so following stops once the task has finished and
// its log has gone quiet: lines still on their way from the node when the task ends arrive within that quiet.
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { LogChunk, LogOptions } from '../container-runtime.js';
import { engineLogs } from '../docker/log-stream.js';
import { ContainerNotFoundError } from '../runtime-errors.js';
import { serviceNameFor } from './service-name.js';

export interface FollowTiming {
  /** How often the task's state is looked at while following. */
  pollMs: number;
  /** How long the log of a finished task must stay quiet before following ends. */
  quietMs: number;
}

export async function* serviceLogs(
  docker: Dockerode,
  containerName: string,
  options: LogOptions,
  hasFinished: () => Promise<boolean>,
  timing: FollowTiming,
): AsyncGenerator<LogChunk> {
  const serviceName = serviceNameFor(containerName);
  try {
    yield* options.follow
      ? followUntilDone(docker, serviceName, options, hasFinished, timing)
      : engineLogs(docker, 'services', serviceName, options);
  } catch (error) {
    // The engine's 404 names the service; callers know the task by its container name.
    if (error instanceof ContainerNotFoundError) throw new ContainerNotFoundError(containerName);
    throw error;
  }
}

async function* followUntilDone(
  docker: Dockerode,
  serviceName: string,
  options: LogOptions,
  hasFinished: () => Promise<boolean>,
  timing: FollowTiming,
): AsyncGenerator<LogChunk> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let lastChunkAt = Date.now();
  const watcher = stopWhenDone(hasFinished, () => lastChunkAt, stop, timing);
  try {
    for await (const chunk of engineLogs(docker, 'services', serviceName, { ...options, signal })) {
      lastChunkAt = Date.now();
      yield chunk;
    }
  } finally {
    stop.abort();
    await watcher;
  }
}

async function stopWhenDone(
  hasFinished: () => Promise<boolean>,
  lastChunkAt: () => number,
  stop: AbortController,
  timing: FollowTiming,
): Promise<void> {
  let finished = false;
  try {
    while (!stop.signal.aborted) {
      await sleep(timing.pollMs, undefined, { signal: stop.signal });
      // Once finished, the state cannot change back: only the quiet is waited for.
      finished ||= await hasFinished();
      if (finished && Date.now() - lastChunkAt() >= timing.quietMs) stop.abort();
    }
  } catch {
    // Aborted: the reader is done. Or the engine could not say whether the task has finished: the follow ends
    // with what was read, as it does when the log stream itself fails.
    stop.abort();
  }
}
