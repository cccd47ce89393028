// The image a service runs, pinned to its registry digest before the service is created, as `docker service
// create` pins it: every node then runs the same image, however the tag moves meanwhile. The look-up doubles as the
// credentials' test. A node that fails to pull does not say why (its dockerd only logs it): its task is rejected
// with "No such image", or runs a stale local copy of the tag. So a registry that refuses the credentials fails
// the launch here, with the registry's reason, before any service exists.
//
// The look-up is dockerd's, not Epoch's, as the nodes' pulls are: the registry is the operator's image source, not
// a destination a task author chooses, so the egress policy does not judge it. The credentials go to the manager
// in the X-Registry-Auth header only; Swarm keeps them with the service in its encrypted Raft store for the nodes
// and never shows them in `docker service inspect` (invariant 7).
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import { engineMessageOf, statusCodeOf } from '../docker/docker-errors.js';
import { refusalReason, type RegistryAuth } from '../docker/registry-auth.js';
import { ImagePullError } from '../runtime-errors.js';
import { registryDigestOf } from './swarm-api.js';

// An image id, or a reference with a digest already: nothing for a registry to resolve.
const PINNED = /@|^(sha256:)?[0-9a-f]{64}$/;

export interface PinContext {
  docker: Dockerode;
  registryAuth: RegistryAuth;
  logger: Logger;
}

/** `image@digest`, or `image` as it is when its registry cannot be asked (e.g. an image only the nodes hold). */
export async function pinnedImage(
  context: PinContext,
  image: string,
  auth: Dockerode.AuthConfigObject | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  if (PINNED.test(image)) return image;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const digest = await registryDigestOf(
      context.docker,
      image,
      auth,
      signal ? AbortSignal.any([signal, timeout]) : timeout,
    );
    return `${image}@${digest}`;
  } catch (error) {
    // Without a status the engine was not reached, or the caller aborted: not a verdict on the image.
    if (statusCodeOf(error) === undefined && !timeout.aborted) throw error;
    const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : engineMessageOf(error);
    const explained = refusalReason(image, reason, context.registryAuth);
    if (explained !== reason) throw new ImagePullError(image, explained);
    context.logger.warn(
      { image, reason },
      'swarm: the registry gave no digest for the image; each node pulls the tag on its own',
    );
    return image;
  }
}
