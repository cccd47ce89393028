// Everything a fresh Debian machine needs before Epoch can be built, tested or started, or before the Quartz
// oracle can regenerate the cron fixtures.
import { reporter, UserFacingError } from './cli.mjs';
import { ensureDockerEngine } from './docker-engine.mjs';
import { ensureNodeModules } from './node-modules.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

const say = reporter('setup');

// Tests and a local Epoch need the same machine today: npm dependencies, ZooKeeper, Java and a running
// Docker Engine. The purpose is still explicit so that either can grow its own needs. The Quartz oracle
// (test/quartz-oracle) needs only Debian's Quartz and a JDK: no npm dependencies, no Docker.
const STEPS = {
  test: [ensureNodeModules, ensureSystemPackages, ensureDockerEngine],
  start: [ensureNodeModules, ensureSystemPackages, ensureDockerEngine],
  'quartz-oracle': [ensureSystemPackages],
};

export const PURPOSES = Object.keys(STEPS);

export async function prepareMachine(purpose) {
  if (!Object.hasOwn(STEPS, purpose)) {
    throw new UserFacingError(`unknown purpose "${purpose}"; use ${listPurposes()}`);
  }
  const startedAt = performance.now();
  for (const step of STEPS[purpose]) await step(purpose);
  say(`ready for ${purpose} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
}

export function listPurposes() {
  return PURPOSES.map((purpose) => `--for=${purpose}`).join(', ');
}
