import type { ContainerRuntime, LogChunk } from '../runners/container/runtime/container-runtime.js';
import { ContainerRuntimeError } from '../runners/container/runtime/runtime-errors.js';

export type RuntimeOperation = 'launch' | 'inspect' | 'kill' | 'logs' | 'listByLabel' | 'remove';

/**
 * Whether a rejection is the engine failing (unreachable, erroring). Typed runtime errors settle a
 * task's fate (a bad image, a missing container) and show in its outcome; a rejection after the
 * caller aborted is its own cancel.
 */
const isEngineFailure = (error: unknown, signal?: AbortSignal) =>
  !(error instanceof ContainerRuntimeError) && !signal?.aborted;

/**
 * The runtime, reporting every call the engine failed to `onFailure` by method; calls behave exactly as
 * before. `watch` passes through: it recovers from a dropped engine connection by itself.
 */
export function countingRuntime(
  runtime: ContainerRuntime,
  onFailure: (operation: RuntimeOperation) => void,
): ContainerRuntime {
  async function counted<T>(
    operation: RuntimeOperation,
    call: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (isEngineFailure(error, signal)) onFailure(operation);
      throw error;
    }
  }
  async function* countedLogs(
    chunks: AsyncIterable<LogChunk>,
    signal?: AbortSignal,
  ): AsyncIterable<LogChunk> {
    try {
      yield* chunks;
    } catch (error) {
      if (isEngineFailure(error, signal)) onFailure('logs');
      throw error;
    }
  }
  return {
    launch: (spec, signal) => counted('launch', () => runtime.launch(spec, signal), signal),
    watch: (signal, onExit) => runtime.watch(signal, onExit),
    inspect: (name) => counted('inspect', () => runtime.inspect(name)),
    kill: (name) => counted('kill', () => runtime.kill(name)),
    logs: (name, options) => countedLogs(runtime.logs(name, options), options.signal),
    listByLabel: (filter) => counted('listByLabel', () => runtime.listByLabel(filter)),
    remove: (name) => counted('remove', () => runtime.remove(name)),
  };
}
