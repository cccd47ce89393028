// Pulls an image the engine does not have, within the task's pull timeout. The engine answers a pull with a
// progress stream that can carry an error at any point, so the stream is read to its end.
// The pull is dockerd's, not Epoch's: the egress policy judges only calls Epoch makes, and the registry is the
// operator's choice of image source, not a task author's destination. The credentials travel to the engine in the
// X-Registry-Auth header only, never in a query, log line or error (invariant 7).
import type Dockerode from 'dockerode';
import { ImagePullError } from '../runtime-errors.js';
import { engineMessageOf, statusCodeOf } from './docker-errors.js';
import { jsonLines } from './json-lines.js';
import { authConfigFor, refusalReason, type RegistryAuth } from './registry-auth.js';

export interface PullOptions {
  timeoutMs: number;
  /** Every registry's credentials: the pull uses those of the image's registry, if any. */
  registryAuth: RegistryAuth;
  signal?: AbortSignal;
}

export async function pullImage(docker: Dockerode, image: string, options: PullOptions): Promise<void> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    // Without credentials there is no `authconfig` key at all: dockerode would send an empty one in the query.
    const authconfig = authConfigFor(image, options.registryAuth);
    const auth = authconfig === undefined ? {} : { authconfig };
    const progress = await docker.pull(image, { ...auth, abortSignal: signal });
    for await (const event of jsonLines(progress)) {
      const error = (event as { error?: unknown }).error;
      if (typeof error === 'string') {
        throw new ImagePullError(image, refusalReason(image, error, options.registryAuth));
      }
    }
  } catch (error) {
    if (error instanceof ImagePullError) throw error;
    if (timeout.aborted && !options.signal?.aborted) {
      throw new ImagePullError(image, `timed out after ${options.timeoutMs} ms`, true);
    }
    // Without a status the engine was not reached (or the caller aborted): not a verdict on the image.
    if (statusCodeOf(error) === undefined) throw error;
    throw new ImagePullError(image, refusalReason(image, engineMessageOf(error), options.registryAuth));
  }
}
