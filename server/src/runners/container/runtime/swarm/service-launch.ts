// Launching one task as one Swarm service, idempotently: the name is deterministic, so the manager itself
// refuses a second service (409) and the first one is adopted instead. Everything that can be refused without
// the engine (the cluster, the volumes, the syslog destination) is checked before anything is created.
import type Dockerode from 'dockerode';
import type { Logger } from 'pino';
import type { EgressPolicy } from '../../../../egress/egress-policy.js';
import type { ContainerDefaults } from '../container-defaults.js';
import type { ContainerSpec, LaunchResult } from '../container-runtime.js';
import { engineMessageOf, statusCodeOf } from '../docker/docker-errors.js';
import { assertSameTask, checkedMounts } from '../docker/launch.js';
import { authConfigFor, type RegistryAuth } from '../docker/registry-auth.js';
import type { HostPathPolicy } from '../host-paths.js';
import { InvalidContainerSpecError } from '../runtime-errors.js';
import { pinnedImage } from './image-pin.js';
import { serviceNameFor } from './service-name.js';
import { serviceSpecFor } from './service-spec.js';
import { createService, inspectService } from './swarm-api.js';

export interface ServiceLaunchContext {
  docker: Dockerode;
  cluster: string;
  hostPaths: HostPathPolicy;
  containerDefaults: ContainerDefaults;
  registryAuth: RegistryAuth;
  egress: EgressPolicy;
  stopGraceSeconds: number;
  logger: Logger;
}

// A service removed between the 409 and its inspection (a concurrent remove) frees the name: create again.
const CREATE_ATTEMPTS = 3;

export async function launchService(
  context: ServiceLaunchContext,
  spec: ContainerSpec,
  signal?: AbortSignal,
): Promise<LaunchResult> {
  const mounts = await checkedMounts(context, spec);
  // Adopting asks no registry: a new leader takes over a running task even if its credentials were revoked since.
  const existing = await adopt(context.docker, spec, signal);
  if (existing !== null) return existing;
  const auth = authConfigFor(spec.image, context.registryAuth);
  const image = await pinnedImage(context, spec.image, auth, spec.pullTimeoutMs, signal);
  const body = serviceSpecFor(
    { ...spec, image },
    mounts,
    context.containerDefaults,
    context.stopGraceSeconds,
  );
  for (let attempt = 1; ; attempt++) {
    try {
      return { containerId: await createService(context.docker, body, auth, signal), adopted: false };
    } catch (error) {
      const statusCode = statusCodeOf(error);
      if (statusCode === 400) {
        throw new InvalidContainerSpecError(`service ${spec.name} was refused: ${engineMessageOf(error)}`);
      }
      if (statusCode !== 409) throw error;
    }
    const adopted = await adopt(context.docker, spec, signal);
    if (adopted !== null) return adopted;
    if (attempt >= CREATE_ATTEMPTS) {
      throw new Error(`service ${spec.name}: the name is taken, but no service of that name appears`);
    }
  }
}

/** The existing service of this task, or null when it was removed meanwhile. Swarm runs it; nothing to start. */
async function adopt(
  docker: Dockerode,
  spec: ContainerSpec,
  signal?: AbortSignal,
): Promise<LaunchResult | null> {
  try {
    const service = await inspectService(docker, serviceNameFor(spec.name), signal);
    assertSameTask(spec, service.Spec.Labels ?? {});
    return { containerId: service.ID, adopted: true };
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}
