// A service's output, read like a container's (docker/log-stream.ts). A followed service log never ends by
// itself — Swarm keeps it open for tasks that might come — so following stops once the task has finished and
// its log has gone quiet: lines still on their way from the node when the task ends arrive within that quiet.
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { LogChunk, LogOptions } from '../container-runtime.js';
import { engineLogs } from '../docker/log-stream.js';

export interface FollowTiming {
  /** How often the task's state is looked at while following. */
  pollMs: number;
  /** How long the log of a finished task must stay quiet before following ends. */
  quietMs: number;
}

export async function* serviceLogs(
  docker: Dockerode,
  name: string,
  options: LogOptions,
  hasFinished: () => Promise<boolean>,
  timing: FollowTiming,
): AsyncGenerator<LogChunk> {
  if (!options.follow) {
    yield* engineLogs(docker, 'services', name, options);
    return;
  }
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let lastChunkAt = Date.now();
  const watcher = stopWhenDone(hasFinished, () => lastChunkAt, stop, timing);
  try {
    for await (const chunk of engineLogs(docker, 'services', name, { ...options, signal })) {
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
    // Aborted: the reader is done. Or the state could not be read (the service was removed meanwhile, the
    // engine is gone): the follow ends with what was read, as the log stream itself would.
    stop.abort();
  }
}
