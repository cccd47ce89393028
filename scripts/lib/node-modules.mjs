// The project's npm dependencies: installed with `npm ci` when missing or older than package-lock.json.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { reporter, runCommandOrFail, UserFacingError } from './cli.mjs';
import { PROJECT_ROOT } from './project-paths.mjs';

const say = reporter('setup');

export async function ensureNodeModules() {
  const reason = await whyNodeModulesNeedInstalling();
  if (reason === undefined) {
    say('node_modules is up to date');
    return;
  }
  say(`${reason}: running npm ci …`);
  await runCommandOrFail('npm', ['ci']);
}

/**
 * npm writes node_modules/.package-lock.json on every install, so it being older than package-lock.json
 * means the lock file changed (a pull, a branch switch) since the last install.
 */
async function whyNodeModulesNeedInstalling() {
  const lockFileTime = await modifiedTime('package-lock.json');
  if (lockFileTime === undefined) {
    throw new UserFacingError('package-lock.json is missing; run npm install to create it');
  }
  const installTime = await modifiedTime(path.join('node_modules', '.package-lock.json'));
  if (installTime === undefined) return 'node_modules is missing';
  if (lockFileTime > installTime) return 'package-lock.json changed since the last install';
  return undefined;
}

async function modifiedTime(projectFile) {
  const stats = await stat(path.join(PROJECT_ROOT, projectFile)).catch(() => undefined);
  return stats?.mtimeMs;
}
