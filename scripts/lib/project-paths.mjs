import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A path under the project's `.epoch/` folder, where local runs keep state and logs (git-ignored). */
export function epochPath(...parts) {
  return path.join(PROJECT_ROOT, '.epoch', ...parts);
}
