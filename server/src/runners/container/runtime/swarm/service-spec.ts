// A ContainerSpec as a Swarm service: one task that runs once (a replicated job that is never restarted),
// hardened like a container of the Docker runtime (docker/create-options.ts). Swarm passes all of it to the node
// that runs the task, but only an engine of a recent enough API applies every field (swarm-support.ts says
// which ones this engine drops, and the runtime refuses to start over them). Pure; host paths arrive checked.
import type { TaskPlacement } from '@epoch/shared';
import type { ContainerDefaults } from '../container-defaults.js';
import type { ContainerSpec } from '../container-runtime.js';
import type { BindMount } from '../docker/create-options.js';
import { logConfigFor } from '../docker/log-config.js';
import { EPOCH_LABELS } from '../labels.js';
import { CONTAINER_NAME_LABEL, serviceNameFor } from './service-name.js';
import { START_TIMEOUT_LABEL } from './start-timeout.js';
import type { Placement, ServiceSpec } from './swarm-objects.js';

const BYTES_PER_MB = 1024 * 1024;

export function serviceSpecFor(
  spec: ContainerSpec,
  mounts: BindMount[],
  defaults: ContainerDefaults,
  stopGraceSeconds: number,
): ServiceSpec {
  const log = logConfigFor(spec.logging, spec.labels[EPOCH_LABELS.taskId] ?? spec.name);
  const labels = { ...spec.labels, [CONTAINER_NAME_LABEL]: spec.name };
  return {
    Name: serviceNameFor(spec.name),
    // On the service for listing and adoption; on its containers for the node's events (service-exits.ts). The
    // start timeout goes with the service, so a new leader fails an unplaceable task just as the old one would.
    Labels: { ...labels, [START_TIMEOUT_LABEL]: String(spec.startTimeoutMs) },
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        // Args, not Command: like the Docker runtime's Cmd, the image's entrypoint stays.
        Args: spec.args,
        Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
        Labels: labels,
        User: spec.user ?? defaults.user,
        ReadOnly: spec.readOnlyRootFs ?? false,
        Mounts: mounts,
        CapabilityDrop: ['ALL'],
        // Swarm documents the CAP_ form.
        CapabilityAdd: defaults.capAdd.map((capability) => `CAP_${capability}`),
        // setuid binaries and file capabilities in the image cannot raise what the process has.
        Privileges: { NoNewPrivileges: true },
        // Between SIGTERM and SIGKILL when the service is removed (kill()), in nanoseconds.
        StopGracePeriod: stopGraceSeconds * 1e9,
      },
      Resources: {
        // What the task declared is reserved on the node Swarm picks, so tasks are not packed onto a node that
        // cannot hold them; the limits' defaults are a ceiling only and reserve nothing.
        Reservations: {
          NanoCPUs: spec.cpus === undefined ? undefined : spec.cpus * 1e9,
          MemoryBytes: spec.memoryMb === undefined ? undefined : spec.memoryMb * BYTES_PER_MB,
        },
        Limits: {
          NanoCPUs: spec.cpus === undefined ? undefined : spec.cpus * 1e9,
          MemoryBytes: (spec.memoryMb ?? defaults.memoryMb) * BYTES_PER_MB,
          Pids: defaults.pidsLimit,
        },
        // No swap on top of the memory limit: an overrun is an OOM kill, not a slow crawl.
        SwapBytes: 0,
      },
      Placement: spec.placement === undefined ? undefined : placementOf(spec.placement),
      // Epoch decides about retries; a finished task stays finished, its exit code and log kept until removal.
      RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
      LogDriver: { Name: log.Type, Options: log.Config ?? {} },
    },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
  };
}

function placementOf(placement: TaskPlacement): Placement {
  return {
    Constraints: placement.constraints,
    Preferences: placement.preferences.map(({ spread }) => ({ Spread: { SpreadDescriptor: spread } })),
  };
}
