// Which host paths a task may mount. A task must not reach arbitrary host directories (the Docker socket,
// /etc), so every host path must lie under a configured directory once `..` segments and, where Epoch sees the
// engine's file system, symbolic links are resolved: a container with a writable allowed directory could
// otherwise plant a link there (`ln -s / escape`) that a later task mounts. Where Epoch cannot see that file
// system it cannot resolve links, so no task may write to an allowed directory (and plant one) unless the
// operator accepts that risk (EPOCH_VOLUMES_TRUST_ENGINE_PATHS).
//
// What no check here, and no engine option of API 1.41, can prevent: the engine resolves links in the source
// path itself when it mounts. Between this check and the mount, a container still running with a writable
// allowed directory can swap a checked directory for a link; the resolved path that is bound narrows that
// window but cannot close it.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { VolumeMount } from './container-runtime.js';
import { InvalidContainerSpecError, VolumeNotAllowedError } from './runtime-errors.js';

/** Whether Epoch's file system is the one the engine binds volumes from, and if not, why. */
export type EngineFileView = { visible: true } | { visible: false; reason: string };

export interface HostPathPolicy {
  allowedHostDirs: readonly string[];
  engineFiles: EngineFileView;
  /** READ_WRITE volumes even when links cannot be resolved (EPOCH_VOLUMES_TRUST_ENGINE_PATHS). */
  trustEnginePaths: boolean;
  /** Docker Engine sockets, which no volume may expose: access to one is root on the engine's host. */
  engineSockets: readonly string[];
}

/** The path to bind, resolved as the engine will see it; throws VolumeNotAllowedError when it is not allowed. */
export async function allowedHostPath(volume: VolumeMount, policy: HostPathPolicy): Promise<string> {
  const { pathOnHost } = volume;
  const normalised = path.resolve(pathOnHost);
  const { resolved, exists } = policy.engineFiles.visible
    ? await realpathOfLongestExisting(normalised)
    : { resolved: normalised, exists: true };
  const resolvedNote = resolved === normalised ? '' : ` (it resolves to ${resolved})`;

  const sockets = await resolveAll(policy.engineSockets, policy.engineFiles);
  const socket = sockets.find((candidate) => [normalised, resolved].some((dir) => isWithin(candidate, dir)));
  if (socket !== undefined) {
    throw new VolumeNotAllowedError(
      pathOnHost,
      `it is or contains the Docker socket ${socket}${resolvedNote}, which would give the task root on the engine's host`,
    );
  }
  const allowedDirs = await resolveAll(policy.allowedHostDirs, policy.engineFiles);
  if (!allowedDirs.some((dir) => isWithin(resolved, dir))) {
    const allowed =
      policy.allowedHostDirs.length === 0
        ? 'a configured directory, and none is'
        : policy.allowedHostDirs.join(', ');
    throw new VolumeNotAllowedError(pathOnHost, `host paths must be under ${allowed}`);
  }
  // Only now: whether a path outside the allowed directories exists is none of the task's business.
  if (!exists) throw new InvalidContainerSpecError(`volume host path ${pathOnHost} does not exist`);
  if (!policy.engineFiles.visible && volume.mode === 'READ_WRITE' && !policy.trustEnginePaths) {
    throw new VolumeNotAllowedError(
      pathOnHost,
      `READ_WRITE volumes need symbolic links resolved, and ${policy.engineFiles.reason}; mount it READ_ONLY, ` +
        'or set EPOCH_VOLUMES_TRUST_ENGINE_PATHS=true to accept that a task may plant a link to any host path',
    );
  }
  return resolved;
}

function isWithin(candidate: string, dir: string): boolean {
  const relative = path.relative(dir, candidate);
  const escapes = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !escapes && !path.isAbsolute(relative);
}

/** The paths themselves and, where links can be resolved, what they resolve to. */
async function resolveAll(paths: readonly string[], engineFiles: EngineFileView): Promise<string[]> {
  const normalised = paths.map((target) => path.resolve(target));
  if (!engineFiles.visible) return normalised;
  const resolved = await Promise.all(normalised.map((target) => realpath(target).catch(() => target)));
  return [...new Set([...normalised, ...resolved])];
}

/**
 * realpath() of the deepest existing ancestor, with the rest appended, so that a missing path is judged by
 * where it would be. The engine refuses a missing bind source (create-options.ts binds with Mounts).
 */
async function realpathOfLongestExisting(absolute: string): Promise<{ resolved: string; exists: boolean }> {
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return {
        resolved: path.join(await realpath(current), ...missing.reverse()),
        exists: missing.length === 0,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || current === path.dirname(current))
        throw error;
      missing.push(path.basename(current));
    }
  }
}
