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
  // The benchmarks (`npm run bench:*`) start their own ZooKeeper and Epoch processes and, for bench:jobs, a
  // private redis-server: npm dependencies and the Debian packages, no Docker Engine.
  bench: [ensureNodeModules, ensureSystemPackages],
};

export const PURPOSES = Object.keys(STEPS);

/**
 * Runs the steps for `purpose` and resolves with `{ stop }`, which stops what they started that is to stop
 * with the caller (`npm start`'s dockerd). `options`: `localServices`, the services (`zookeeper`, `docker`)
 * to run on this machine, all by default; `stopWithCaller`, whether a dockerd started here stops with stop().
 */
export async function prepareMachine(purpose, options = {}) {
  if (!Object.hasOwn(STEPS, purpose)) {
    throw new UserFacingError(`unknown purpose "${purpose}"; use ${listPurposes()}`);
  }
  const startedAt = performance.now();
  const started = [];
  const stop = async () => {
    for (const one of started.splice(0).reverse()) await one.stop();
  };
  try {
    for (const step of STEPS[purpose]) {
      const result = await step(purpose, options);
      if (result?.stop) started.push(result);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  say(`ready for ${purpose} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
  return { stop };
}

export function listPurposes() {
  return PURPOSES.map((purpose) => `--for=${purpose}`).join(', ');
}
