// Launching one task's container, idempotently: the name is deterministic, so the engine itself refuses a second
// container (409) and the first one is adopted instead. Everything that can be refused without the engine (the
// cluster, the volumes, the syslog destination) is checked before anything is created.
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { EgressPolicy } from '../../../../egress/egress-policy.js';
import type { ContainerDefaults } from '../container-defaults.js';
import type { ContainerSpec, LaunchResult } from '../container-runtime.js';
import { allowedHostPath, type HostPathPolicy } from '../host-paths.js';
import { EPOCH_LABELS } from '../labels.js';
import { ContainerStartError, ImagePullError, InvalidContainerSpecError } from '../runtime-errors.js';
import { createOptionsFor, mountFor, type BindMount } from './create-options.js';
import { engineMessageOf, statusCodeOf } from './docker-errors.js';
import { pullImage } from './image-pull.js';
import type { RegistryAuth } from './registry-auth.js';
import { assertSyslogServerAllowed } from './syslog-destination.js';

export interface LaunchContext {
  docker: Dockerode;
  cluster: string;
  hostPaths: HostPathPolicy;
  containerDefaults: ContainerDefaults;
  registryAuth: RegistryAuth;
  egress: EgressPolicy;
}

type CreateResult = { containerId: string } | 'exists' | 'image-missing';

const NEVER = '0001-01-01T00:00:00Z';
const NAME_RACE_ATTEMPTS = 40;
const NAME_RACE_DELAY_MS = 50;

export async function launchContainer(
  context: LaunchContext,
  spec: ContainerSpec,
  signal?: AbortSignal,
): Promise<LaunchResult> {
  const mounts = await checkedMounts(context, spec);
  const options = createOptionsFor(spec, mounts, context.containerDefaults);
  let pulled = false;
  for (let attempt = 1; ; attempt++) {
    const created = await create(context.docker, options, signal);
    if (created === 'image-missing') {
      if (pulled) throw new ImagePullError(spec.image, 'the image was removed right after the pull');
      await pullImage(context.docker, spec.image, {
        timeoutMs: spec.pullTimeoutMs,
        registryAuth: context.registryAuth,
        signal,
      });
      pulled = true;
    } else if (created !== 'exists') {
      await start(context.docker, spec.name, created.containerId, signal);
      return { containerId: created.containerId, adopted: false };
    } else {
      const adopted = await adopt(context.docker, spec, signal);
      if (adopted !== null) return adopted;
      // The engine reserves a name before the container can be inspected: a concurrent create of this spec
      // is still in flight (or failed and freed the name). Either way, a moment later one of the two works.
      if (attempt >= NAME_RACE_ATTEMPTS) {
        throw new Error(`container ${spec.name}: the name is taken, but no container of that name appears`);
      }
      await sleep(NAME_RACE_DELAY_MS, undefined, { signal });
    }
  }
}

/**
 * What every launch checks before it asks its engine for anything: the spec is this cluster's, its syslog server
 * is one calls may reach, and its volumes are allowed host paths. Returns the volumes as bind mounts.
 */
export async function checkedMounts(
  context: Pick<LaunchContext, 'cluster' | 'egress' | 'hostPaths'>,
  spec: ContainerSpec,
): Promise<BindMount[]> {
  assertOwnCluster(spec, context.cluster);
  if (spec.logging?.type === 'RSYSLOG') await assertSyslogServerAllowed(spec.logging.server, context.egress);
  return Promise.all(
    spec.volumes.map(async (volume) => mountFor(volume, await allowedHostPath(volume, context.hostPaths))),
  );
}

/** A container this runtime does not watch would never be reported, so it is never created. */
export function assertOwnCluster(spec: ContainerSpec, cluster: string): void {
  const labelled = spec.labels[EPOCH_LABELS.cluster];
  if (labelled !== cluster || spec.labels[EPOCH_LABELS.managed] !== 'true') {
    throw new InvalidContainerSpecError(
      `container ${spec.name} is labelled for cluster ${labelled ?? '(none)'}, but this runtime runs cluster ${cluster}`,
    );
  }
}

async function create(
  docker: Dockerode,
  options: Dockerode.ContainerCreateOptions,
  signal: AbortSignal | undefined,
): Promise<CreateResult> {
  try {
    const container = await docker.createContainer({ ...options, abortSignal: signal });
    return { containerId: container.id };
  } catch (error) {
    switch (statusCodeOf(error)) {
      case 409:
        return 'exists';
      case 404:
        return 'image-missing';
      case 400:
        throw new InvalidContainerSpecError(
          `container ${options.name} was refused: ${engineMessageOf(error)}`,
        );
      default:
        throw error;
    }
  }
}

/**
 * The existing container, or null when the engine has not registered it yet (or it was just removed).
 * It is never started again once it has run. One that was created but never started is
 * an interrupted launch (its launcher crashed or was aborted in between), and starting it completes that launch.
 */
async function adopt(
  docker: Dockerode,
  spec: ContainerSpec,
  signal: AbortSignal | undefined,
): Promise<LaunchResult | null> {
  let info: Dockerode.ContainerInspectInfo;
  try {
    info = await docker.getContainer(spec.name).inspect({ abortSignal: signal });
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
  assertSameTask(spec, info.Config.Labels ?? {});
  const { State: state } = info;
  if (state.Status === 'created' && state.StartedAt === NEVER && state.Error === '') {
    await start(docker, spec.name, info.Id, signal);
  }
  return { containerId: info.Id, adopted: true };
}

/** A container of the same name that is not this task's (not Epoch's, another cluster's) is never adopted. */
export function assertSameTask(spec: ContainerSpec, labels: Record<string, string>): void {
  const owner = [EPOCH_LABELS.managed, EPOCH_LABELS.cluster, EPOCH_LABELS.taskId];
  if (owner.some((label) => labels[label] !== spec.labels[label])) {
    throw new InvalidContainerSpecError(
      `container name ${spec.name} is taken by a container that is not this task's ` +
        `(cluster ${labels[EPOCH_LABELS.cluster] ?? '(none)'}, task ${labels[EPOCH_LABELS.taskId] ?? '(none)'})`,
    );
  }
}

async function start(
  docker: Dockerode,
  name: string,
  containerId: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await docker.getContainer(containerId).start({ abortSignal: signal });
  } catch (error) {
    const statusCode = statusCodeOf(error);
    // 304: a concurrent launch started it first. Without a status the engine was not reached.
    if (statusCode === 304) return;
    if (statusCode === undefined || statusCode === 404) throw error;
    throw new ContainerStartError(name, containerId, engineMessageOf(error));
  }
}
