// Which of the container hardening (design invariant 7) a Swarm cannot enforce on an engine of a given API
// version: the engine accepts a service with the newer fields and silently drops them, so the runtime checks
// before it runs anything. Everything else in service-spec.ts is in API 1.41 (Docker 20.10), the oldest
// engine this runtime runs on. Pure.

export const UNENFORCEABLE_HARDENING = {
  'no-new-privileges': {
    sinceApi: '1.44',
    why: "ContainerSpec.Privileges.NoNewPrivileges (Docker 25): setuid binaries in a task's image can gain privileges",
  },
  'memory-swap': {
    sinceApi: '1.52',
    why: 'Resources.SwapBytes (Docker 29): a task may swap as much again as its memory limit',
  },
} as const;

export type HardeningGap = keyof typeof UNENFORCEABLE_HARDENING;

export const HARDENING_GAPS = Object.keys(UNENFORCEABLE_HARDENING) as HardeningGap[];

export const OLDEST_SWARM_API = '1.41';

/** The hardening an engine of `apiVersion` cannot enforce on services. */
export function hardeningGaps(apiVersion: string): HardeningGap[] {
  return HARDENING_GAPS.filter((gap) => compareApi(apiVersion, UNENFORCEABLE_HARDENING[gap].sinceApi) < 0);
}

/**
 * Throws naming what the engine cannot enforce, unless the operator accepted exactly that
 * (EPOCH_SWARM_ACCEPT_UNENFORCED): opening hardening is an explicit setting, never a default.
 */
export function assertSwarmEnforces(apiVersion: string, accepted: readonly HardeningGap[]): void {
  if (compareApi(apiVersion, OLDEST_SWARM_API) < 0) {
    throw new Error(
      `EPOCH_RUNTIME=swarm needs Docker Engine API ${OLDEST_SWARM_API} or later; this engine has ${apiVersion}`,
    );
  }
  const refused = hardeningGaps(apiVersion).filter((gap) => !accepted.includes(gap));
  if (refused.length === 0) return;
  const lines = refused.map(
    (gap) => `  ${gap}: needs ${UNENFORCEABLE_HARDENING[gap].sinceApi}, ${UNENFORCEABLE_HARDENING[gap].why}`,
  );
  throw new Error(
    `EPOCH_RUNTIME=swarm: this Swarm (Engine API ${apiVersion}) cannot enforce on services:\n${lines.join('\n')}\n` +
      `Upgrade the engines, or accept running without it: EPOCH_SWARM_ACCEPT_UNENFORCED=${refused.join(',')}`,
  );
}

function compareApi(left: string, right: string): number {
  const [leftMajor = 0, leftMinor = 0] = left.split('.').map(Number);
  const [rightMajor = 0, rightMinor = 0] = right.split('.').map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
}
