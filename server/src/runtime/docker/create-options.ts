// A ContainerSpec as the engine's create request. Pure; host paths arrive already checked (host-paths.ts).
import type Dockerode from 'dockerode';
import type { ContainerSpec, VolumeMount } from '../container-runtime.js';
import { InvalidContainerSpecError } from '../runtime-errors.js';

const BYTES_PER_MB = 1024 * 1024;

export function createOptionsFor(spec: ContainerSpec, binds: string[]): Dockerode.ContainerCreateOptions {
  const memory = spec.memoryMb === undefined ? undefined : spec.memoryMb * BYTES_PER_MB;
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.args,
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    Labels: spec.labels,
    HostConfig: {
      Binds: binds,
      NanoCpus: spec.cpus === undefined ? undefined : spec.cpus * 1e9,
      Memory: memory,
      // Equal to Memory: no swap, so the limit is the limit and an overrun is an OOM kill, not a slow crawl.
      MemorySwap: memory,
      Privileged: false,
      CapAdd: [],
      // Epoch reads the exit code and logs after the end and removes the container itself.
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
    },
  };
}

/** `host:container[:ro]`; a colon in either path would be read as a separator, so it is refused. */
export function bindFor(volume: VolumeMount, hostPath: string): string {
  for (const target of [hostPath, volume.pathInContainer]) {
    if (target.includes(':'))
      throw new InvalidContainerSpecError(`volume path ${target} must not contain ":"`);
  }
  return `${hostPath}:${volume.pathInContainer}${volume.mode === 'READ_ONLY' ? ':ro' : ''}`;
}
