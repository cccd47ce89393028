// The allow-list for volume host paths. A task definition must not be able to mount arbitrary host directories
// (the Docker socket, /etc), so every host path must lie under a configured directory once `..` segments and,
// for a local engine, symbolic links are resolved: a container with a writable allowed directory could otherwise
// plant a link there that a later task mounts.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { VolumeNotAllowedError } from './runtime-errors.js';

export interface HostPathPolicy {
  allowedHostDirs: readonly string[];
  /** Whether host paths are on this machine's file system (a local engine), so links can be resolved. */
  followSymlinks: boolean;
}

/** The path to bind, resolved as the engine would see it; throws VolumeNotAllowedError when outside the list. */
export async function allowedHostPath(hostPath: string, policy: HostPathPolicy): Promise<string> {
  const resolve = (target: string) =>
    policy.followSymlinks ? realpathOfLongestExisting(target) : Promise.resolve(path.resolve(target));
  const resolved = await resolve(hostPath);
  const allowedDirs = await Promise.all(policy.allowedHostDirs.map(resolve));
  if (!allowedDirs.some((dir) => isWithin(resolved, dir))) {
    throw new VolumeNotAllowedError(hostPath, policy.allowedHostDirs);
  }
  return resolved;
}

function isWithin(candidate: string, dir: string): boolean {
  const relative = path.relative(dir, candidate);
  const escapes = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !escapes && !path.isAbsolute(relative);
}

/** realpath() of the deepest existing ancestor, with the rest appended: Docker creates missing bind sources. */
async function realpathOfLongestExisting(target: string): Promise<string> {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || current === path.dirname(current))
        throw error;
      missing.push(path.basename(current));
    }
  }
}
