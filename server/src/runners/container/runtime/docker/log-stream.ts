// A container's (or a Swarm service's: the engine frames both alike) output as chunks of UTF-8 bytes, stdout and stderr told apart (log-frames.ts). The bytes are
// passed on as views of what the engine sent, neither decoded nor copied: a log of hundreds of megabytes read
// as strings, or copied, churns the leader's memory. A frame may end inside a multi-byte character, so those
// few bytes wait for the stream's next piece, and chunks of the two streams can be interleaved. Reading is
// pulled by the consumer, so a slow one slows the engine's stream down instead of buffering it.
import { addAbortSignal, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LogChunk, LogOptions } from '../container-runtime.js';
import { ContainerNotFoundError } from '../runtime-errors.js';
import { statusCodeOf } from './docker-errors.js';
import { demultiplex } from './log-frames.js';
import { completeUtf8Length } from './utf8-boundary.js';

const NOTHING = Buffer.alloc(0);

/** Whose logs: `/containers/{name}/logs` or `/services/{name}/logs`. */
export type LogSource = 'containers' | 'services';

export async function* engineLogs(
  docker: Dockerode,
  source: LogSource,
  name: string,
  options: LogOptions,
): AsyncGenerator<LogChunk> {
  const held = { stdout: NOTHING, stderr: NOTHING };
  try {
    for await (const piece of demultiplex(await openLogs(docker, source, name, options))) {
      const { stream } = piece;
      const bytes = held[stream].length === 0 ? piece.bytes : Buffer.concat([held[stream], piece.bytes]);
      const complete = completeUtf8Length(bytes);
      // A copy of at most 3 bytes: a view would keep the engine's whole chunk alive.
      held[stream] = complete === bytes.length ? NOTHING : Buffer.from(bytes.subarray(complete));
      if (complete > 0) yield { stream, bytes: bytes.subarray(0, complete) };
    }
  } catch (error) {
    // An abort ends the logs; what was read so far has been delivered.
    if (options.signal?.aborted) return;
    throw error;
  }
  // A character cut off at the very end stays cut off: its bytes go out as they are.
  for (const stream of ['stdout', 'stderr'] as const) {
    if (held[stream].length > 0) yield { stream, bytes: held[stream] };
  }
}

/**
 * The engine's answer as a stream, followed or not. dockerode's container.logs() reads a non-followed answer
 * into one buffer (and then a string), so a log of hundreds of megabytes would sit in the leader's memory:
 * the request is made through its modem directly, as a stream either way.
 */
async function openLogs(
  docker: Dockerode,
  source: LogSource,
  name: string,
  options: LogOptions,
): Promise<Readable> {
  // Absent options stay out of the query: the modem would send them as empty strings.
  const query = {
    stdout: true,
    stderr: true,
    follow: options.follow,
    ...(options.tail === undefined ? {} : { tail: options.tail }),
    // Seconds with a fraction, as the engine parses it.
    ...(options.since === undefined ? {} : { since: (options.since / 1000).toFixed(3) }),
  };
  try {
    const stream = await new Promise<Readable>((resolve, reject) => {
      docker.modem.dial(
        {
          path: `/${source}/${encodeURIComponent(name)}/logs?`,
          method: 'GET',
          options: query,
          isStream: true,
          abortSignal: options.signal,
          statusCodes: { 200: true, 404: 'not found', 500: 'server error' },
        },
        (error, response) => (error ? reject(error) : resolve(response as Readable)),
      );
    });
    // The modem aborts the request, not a response already streaming.
    return options.signal ? addAbortSignal(options.signal, stream) : stream;
  } catch (error) {
    if (statusCodeOf(error) === 404) throw new ContainerNotFoundError(name);
    throw error;
  }
}
