// A single-node swarm for the suites that run services: the engine is put in swarm mode when it is not, on
// loopback only, and left as it was found afterwards. Where it cannot enter swarm mode, the reason is returned for
// the suites to skip with. One global setup (swarm-global-setup.ts) does it once per test run: suites run in
// parallel, and one leaving the swarm under another would fail it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Dockerode from 'dockerode';
import {
  hardeningGaps,
  type HardeningGap,
} from '../../server/src/runners/container/runtime/swarm/swarm-support.js';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the engine cannot run Swarm services in this run; null when it can (swarm-global-setup.ts). */
    swarmUnavailable: string | null;
  }
}

/** The network a swarm node creates for its task containers' traffic outside the swarm. */
const GATEWAY_BRIDGE = 'docker_gwbridge';

export interface SwarmMode {
  /** Why the engine cannot run services; undefined when it can. */
  unavailable?: string;
  /** Leaves the swarm when this suite created it. */
  restore(): Promise<void>;
}

async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { timeout: 60_000 });
  return stdout.trim();
}

export async function enterSwarmMode(): Promise<SwarmMode> {
  let state: string;
  try {
    state = await docker('info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}');
  } catch (error) {
    return { unavailable: `docker info failed: ${(error as Error).message}`, restore: async () => {} };
  }
  if (state === 'active true') return { restore: async () => {} };
  if (state !== 'inactive false') {
    return { unavailable: `the engine's swarm state is "${state}", not a manager`, restore: async () => {} };
  }
  const hadGatewayBridge = (await docker('network', 'ls', '--format', '{{.Name}}'))
    .split('\n')
    .includes(GATEWAY_BRIDGE);
  try {
    // Listening and advertising on loopback: nothing of this swarm is reachable from elsewhere.
    await docker('swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', '127.0.0.1:2377');
  } catch (error) {
    return { unavailable: `docker swarm init failed: ${(error as Error).message}`, restore: async () => {} };
  }
  return {
    restore: async () => {
      await docker('swarm', 'leave', '--force');
      // Leaving the swarm keeps the bridge its first task container made. It holds nothing once the swarm is
      // gone, so failing to remove it is no reason to fail the suite.
      if (!hadGatewayBridge) await docker('network', 'rm', GATEWAY_BRIDGE).catch(() => {});
    },
  };
}

/**
 * The hardening this engine's Swarm cannot enforce (e.g. no-new-privileges before API 1.44), which suites and
 * benchmarks accept: they prove runs, not what the engine lacks (runtime-contract.test.ts expects those gaps).
 */
export async function unenforcedHardening(): Promise<HardeningGap[]> {
  return hardeningGaps((await new Dockerode().version()).ApiVersion);
}

/** A server process's settings for the Swarm runtime on this engine, accepting what it cannot enforce. */
export async function swarmServerEnv(): Promise<Record<string, string>> {
  const gaps = await unenforcedHardening();
  return {
    EPOCH_RUNTIME: 'swarm',
    ...(gaps.length > 0 && { EPOCH_SWARM_ACCEPT_UNENFORCED: gaps.join(',') }),
  };
}

/** The names of the services that carry `label` (`key=value`), to prove a suite left none behind. */
export async function servicesLabelled(label: string): Promise<string[]> {
  const names = await docker('service', 'ls', '--filter', `label=${label}`, '--format', '{{.Name}}');
  return names === '' ? [] : names.split('\n');
}
