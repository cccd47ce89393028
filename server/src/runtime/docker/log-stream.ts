// A container's output as text chunks, stdout and stderr told apart (log-frames.ts). A decoder per stream keeps
// a multi-byte character whole when a frame ends inside it. Reading is pulled by the consumer, so a slow one
// slows the engine's stream down instead of buffering it.
import { addAbortSignal, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Dockerode from 'dockerode';
import type { LogChunk, LogOptions } from '../container-runtime.js';
import { ContainerNotFoundError } from '../runtime-errors.js';
import { statusCodeOf } from './docker-errors.js';
import { logFrames } from './log-frames.js';

export async function* containerLogs(
  docker: Dockerode,
  name: string,
  options: LogOptions,
): AsyncGenerator<LogChunk> {
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  try {
    for await (const { stream, payload } of logFrames(await openLogs(docker, name, options))) {
      const text = decoders[stream].write(payload);
      if (text !== '') yield { stream, text };
    }
  } catch (error) {
    // An abort ends the logs; what was decoded so far has been delivered.
    if (options.signal?.aborted) return;
    throw error;
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const text = decoders[stream].end();
    if (text !== '') yield { stream, text };
  }
}

/** Without `follow` the engine answers with one buffer; with it, a stream that ends when the container does. */
async function openLogs(
  docker: Dockerode,
  name: string,
  options: LogOptions,
): Promise<AsyncIterable<Buffer> | Buffer[]> {
  const container = docker.getContainer(name);
  // Absent options stay out of the query: dockerode would send them as empty strings.
  const query = {
    stdout: true,
    stderr: true,
    ...(options.tail === undefined ? {} : { tail: options.tail }),
    // Seconds with a fraction, as the engine parses it.
    ...(options.since === undefined ? {} : { since: (options.since / 1000).toFixed(3) }),
    abortSignal: options.signal,
  };
  try {
    if (!options.follow) return [await container.logs({ ...query, follow: false })];
    const stream = (await container.logs({ ...query, follow: true })) as Readable;
    // dockerode aborts the request, not a response already streaming.
    return options.signal ? addAbortSignal(options.signal, stream) : stream;
  } catch (error) {
    if (statusCodeOf(error) === 404) throw new ContainerNotFoundError(name);
    throw error;
  }
}
