// Pulls an image the engine does not have, within the task's pull timeout. The engine answers a pull with a
// progress stream that can carry an error at any point, so the stream is read to its end.
import type Dockerode from 'dockerode';
import { ImagePullError } from '../runtime-errors.js';
import { engineMessageOf, statusCodeOf } from './docker-errors.js';
import { jsonLines } from './json-lines.js';

export interface PullOptions {
  timeoutMs: number;
  auth?: Dockerode.AuthConfigObject;
  signal?: AbortSignal;
}

export async function pullImage(docker: Dockerode, image: string, options: PullOptions): Promise<void> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    // Without credentials there is no `authconfig` key at all: dockerode would send an empty one in the query.
    const auth = options.auth === undefined ? {} : { authconfig: options.auth };
    const progress = await docker.pull(image, { ...auth, abortSignal: signal });
    for await (const event of jsonLines(progress)) {
      const error = (event as { error?: unknown }).error;
      if (typeof error === 'string') throw new ImagePullError(image, error);
    }
  } catch (error) {
    if (error instanceof ImagePullError) throw error;
    if (timeout.aborted && !options.signal?.aborted) {
      throw new ImagePullError(image, `timed out after ${options.timeoutMs} ms`, true);
    }
    // Without a status the engine was not reached (or the caller aborted): not a verdict on the image.
    if (statusCodeOf(error) === undefined) throw error;
    throw new ImagePullError(image, engineMessageOf(error));
  }
}
