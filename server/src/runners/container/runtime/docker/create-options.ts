// A ContainerSpec as the engine's create request, hardened: every capability dropped (some added back only by
// the operator), no privilege gain, process, memory and log limits, and never a privileged container or a
// namespace shared with the host (network and PID modes are left to the engine's default, which is private).
// Pure; host paths arrive already checked (host-paths.ts).
import type Dockerode from 'dockerode';
import type { ContainerDefaults } from '../container-defaults.js';
import type { ContainerSpec, VolumeMount } from '../container-runtime.js';
import { EPOCH_LABELS } from '../labels.js';
import { logConfigFor } from './log-config.js';

const BYTES_PER_MB = 1024 * 1024;

/** A bind mount as the engine's `Mounts` take it; dockerode's types lack NonRecursive (API 1.40). */
export interface BindMount {
  Type: 'bind';
  Source: string;
  Target: string;
  ReadOnly: boolean;
  BindOptions: { NonRecursive: true; Propagation: 'rprivate' };
}

export function createOptionsFor(
  spec: ContainerSpec,
  mounts: BindMount[],
  defaults: ContainerDefaults,
): Dockerode.ContainerCreateOptions {
  const memory = (spec.memoryMb ?? defaults.memoryMb) * BYTES_PER_MB;
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.args,
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    Labels: spec.labels,
    User: spec.user ?? defaults.user,
    HostConfig: {
      Mounts: mounts as Dockerode.MountConfig,
      NanoCpus: spec.cpus === undefined ? undefined : spec.cpus * 1e9,
      Memory: memory,
      // Equal to Memory: no swap, so the limit is the limit and an overrun is an OOM kill, not a slow crawl.
      MemorySwap: memory,
      PidsLimit: defaults.pidsLimit,
      CapDrop: ['ALL'],
      CapAdd: [...defaults.capAdd],
      // setuid binaries and file capabilities in the image cannot raise what the process has.
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: spec.readOnlyRootFs ?? false,
      LogConfig: logConfigFor(spec.logging, spec.labels[EPOCH_LABELS.taskId] ?? spec.name),
      Privileged: false,
      IpcMode: 'private',
      // Epoch reads the exit code and logs after the end and removes the container itself.
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * A bind of an already checked host path. Unlike `Binds`, a missing source is an error, not a directory the
 * engine creates (as root). Non-recursive: mounts below the source stay out of the container, since in API
 * 1.41 a read-only bind leaves them writable.
 */
export function mountFor(volume: VolumeMount, hostPath: string): BindMount {
  return {
    Type: 'bind',
    Source: hostPath,
    Target: volume.pathInContainer,
    ReadOnly: volume.mode === 'READ_ONLY',
    BindOptions: { NonRecursive: true, Propagation: 'rprivate' },
  };
}
