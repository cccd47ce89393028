// Vitest global setup: the engine enters swarm mode once for the whole run (see swarm-mode.ts), and suites read
// whether they can run services with `inject('swarmUnavailable')`.
import type { TestProject } from 'vitest/node';
import { enterSwarmMode } from './swarm-mode.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mode = await enterSwarmMode();
  project.provide('swarmUnavailable', mode.unavailable ?? null);
  return () => mode.restore();
}
