import { describe, expect, it } from 'vitest';
import type { ContainerRuntime, LogChunk } from '../runners/container/runtime/container-runtime.js';
import { ContainerNotFoundError, ImagePullError } from '../runners/container/runtime/runtime-errors.js';
import { countingRuntime, type RuntimeOperation } from './counting-runtime.js';

const engineDown = () => new Error('connect ECONNREFUSED /var/run/docker.sock');

async function* failingLogs(error: Error): AsyncIterable<LogChunk> {
  yield { stream: 'stdout', bytes: Buffer.from('hello\n') };
  throw error;
}

/** A runtime whose every call fails with `error`. */
const failingRuntime = (error: Error): ContainerRuntime => ({
  launch: () => Promise.reject(error),
  watch: () => ({ ready: Promise.resolve(), done: Promise.resolve() }),
  inspect: () => Promise.reject(error),
  kill: () => Promise.reject(error),
  logs: () => failingLogs(error),
  listByLabel: () => Promise.reject(error),
  remove: () => Promise.reject(error),
});

const spec = {
  name: 'c',
  image: 'busybox',
  pullTimeoutMs: 1_000,
  startTimeoutMs: 60_000,
  env: {},
  volumes: [],
  labels: {},
};

async function drain(chunks: AsyncIterable<LogChunk>): Promise<string[]> {
  const texts: string[] = [];
  for await (const chunk of chunks) texts.push(chunk.bytes.toString());
  return texts;
}

describe('countingRuntime', () => {
  it('counts every engine failure by method and passes the error on', async () => {
    const failures: RuntimeOperation[] = [];
    const error = engineDown();
    const runtime = countingRuntime(failingRuntime(error), (operation) => failures.push(operation));
    await expect(runtime.launch(spec)).rejects.toBe(error);
    await expect(runtime.inspect('c')).rejects.toBe(error);
    await expect(runtime.kill('c')).rejects.toBe(error);
    await expect(runtime.listByLabel()).rejects.toBe(error);
    await expect(runtime.remove('c')).rejects.toBe(error);
    await expect(drain(runtime.logs('c', { follow: false }))).rejects.toBe(error);
    expect(failures).toEqual(['launch', 'inspect', 'kill', 'listByLabel', 'remove', 'logs']);
  });

  it('does not count what settles a task (typed runtime errors) or a cancel by the caller', async () => {
    const failures: RuntimeOperation[] = [];
    const pull = countingRuntime(failingRuntime(new ImagePullError('nope', 'not found')), (operation) =>
      failures.push(operation),
    );
    await expect(pull.launch(spec)).rejects.toBeInstanceOf(ImagePullError);
    const missing = countingRuntime(failingRuntime(new ContainerNotFoundError('c')), (operation) =>
      failures.push(operation),
    );
    await expect(drain(missing.logs('c', { follow: true }))).rejects.toBeInstanceOf(ContainerNotFoundError);
    const cancelled = new AbortController();
    cancelled.abort();
    const down = countingRuntime(failingRuntime(engineDown()), (operation) => failures.push(operation));
    await expect(down.launch(spec, cancelled.signal)).rejects.toThrow('ECONNREFUSED');
    expect(failures).toEqual([]);
  });

  it('passes results through unchanged', async () => {
    const failures: RuntimeOperation[] = [];
    const runtime = countingRuntime(
      { ...failingRuntime(engineDown()), kill: () => Promise.resolve(true) },
      (operation) => failures.push(operation),
    );
    expect(await runtime.kill('c')).toBe(true);
    expect(failures).toEqual([]);
  });
});
