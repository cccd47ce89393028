// The container runtime of a test node: the Docker Engine, or the single-node swarm the vitest global setup put
// it in (test/harness/swarm-global-setup.ts), so run-level suites can prove both adapters through a real node.
import { unenforcedHardening } from '@epoch/test/harness/swarm-mode';
import type { Logger } from 'pino';
import type { EgressPolicy } from '../../src/egress/egress-policy.js';
import type { ContainerDefaults } from '../../src/runners/container/runtime/container-defaults.js';
import type { ContainerRuntime } from '../../src/runners/container/runtime/container-runtime.js';
import type { ContainerRuntimeKind } from '../../src/runners/container/runtime/runtime-choice.js';
import { DockerRuntime } from '../../src/runners/container/runtime/docker/docker-runtime.js';
import { SwarmRuntime } from '../../src/runners/container/runtime/swarm/swarm-runtime.js';

export interface TestRuntimeOptions {
  cluster: string;
  egress: EgressPolicy;
  containerDefaults?: ContainerDefaults;
  logger: Logger;
}

export async function startTestRuntime(
  kind: ContainerRuntimeKind,
  options: TestRuntimeOptions,
): Promise<ContainerRuntime> {
  const common = {
    ...options,
    allowedHostDirs: ['/tmp'],
    reconcileIntervalMs: 2_000,
    stopGraceSeconds: 1,
  };
  if (kind === 'docker') return new DockerRuntime(common);
  return SwarmRuntime.connect({
    ...common,
    acceptUnenforced: await unenforcedHardening(),
    // A followed log notices the task's end sooner than in production, so log reads in tests end quickly.
    logFollow: { pollMs: 100, quietMs: 300 },
  });
}
