// The hardening every task container gets (design invariant 7), as one value the server's settings fill in.
// The runtime always drops every capability, forbids gaining privileges (setuid binaries, file capabilities)
// and bounds the log; these are the parts an operator may tune.
import type { LinuxCapability } from './linux-capabilities.js';

export interface ContainerDefaults {
  /** Added back after all are dropped (EPOCH_CONTAINER_CAPS); none by default. */
  capAdd: readonly LinuxCapability[];
  /** Most processes and threads a container may have at once: a fork bomb stops there. */
  pidsLimit: number;
  /** The memory limit of a task whose topology sets none. */
  memoryMb: number;
  /** `user[:group]` of a task that names none; the image's own user when absent. */
  user?: string;
}

export const HARDENED_DEFAULTS: ContainerDefaults = { capAdd: [], pidsLimit: 512, memoryMb: 512 };
