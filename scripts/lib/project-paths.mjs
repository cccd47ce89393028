import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The folder where local runs keep state, secrets and logs: `.epoch/` in the project (git-ignored), or
 * EPOCH_STATE_DIR (a second checkout's own, or a test's temporary one).
 */
export function epochStateDir() {
  return path.resolve(PROJECT_ROOT, process.env.EPOCH_STATE_DIR || '.epoch');
}

/** A path under the state folder (epochStateDir). */
export function epochPath(...parts) {
  return path.join(epochStateDir(), ...parts);
}

/** How the banner names a path: relative to the project when inside it. */
export function displayPath(file) {
  const relative = path.relative(PROJECT_ROOT, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
