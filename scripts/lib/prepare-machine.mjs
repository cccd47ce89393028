// Everything a fresh Debian machine needs before Epoch can be built, tested or started.
import { reporter, UserFacingError } from './cli.mjs';
import { ensureDockerEngine } from './docker-engine.mjs';
import { ensureNodeModules } from './node-modules.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

const say = reporter('setup');

// Tests and a local Epoch need the same machine today: npm dependencies, ZooKeeper, Java and a running
// Docker Engine. The purpose is still explicit so that either can grow its own needs.
const PURPOSES = ['test', 'start'];

export async function prepareMachine(purpose) {
  if (!PURPOSES.includes(purpose)) {
    throw new UserFacingError(`unknown purpose "${purpose}"; use --for=test or --for=start`);
  }
  const startedAt = performance.now();
  await ensureNodeModules();
  await ensureSystemPackages(purpose);
  await ensureDockerEngine();
  say(`ready for ${purpose} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
}
