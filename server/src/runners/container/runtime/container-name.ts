// Deterministic container names: the same task of the same run always maps to the same name, which is what
// makes a second launch find (and adopt) the first one's container instead of starting another. The cluster is
// part of the name because names are unique per engine: two Epoch clusters sharing one engine (staging and
// production, say) run topologies of the same name at the same fire times.
import { createHash } from 'node:crypto';
import type { TaskIds } from './container-runtime.js';

const PREFIX = 'epoch-';
const MAX_NAME_LENGTH = 200;
const HASH_LENGTH = 12;
// Docker's name alphabet is [a-zA-Z0-9][a-zA-Z0-9_.-]*; the prefix supplies the leading letter.
const OUTSIDE_DOCKER_ALPHABET = /[^a-zA-Z0-9_.-]/g;

/** Epoch's task id. */
export function taskIdFor(ids: TaskIds): string {
  return `${ids.topologyId}-${ids.runId}-${ids.taskName}`;
}

/**
 * `epoch-<cluster>.<taskId>`: the dot cannot occur in a cluster name (CLUSTER_NAME) nor in a task id, so the
 * two parts never run into each other. When the task id has characters Docker refuses, or the name would be
 * too long, it is sanitised and shortened, and a hash of the original is appended, so that two tasks never
 * share a name.
 */
export function containerNameFor(ids: TaskIds, cluster: string): string {
  const readable = `${cluster}.${taskIdFor(ids)}`;
  const sanitised = readable.replace(OUTSIDE_DOCKER_ALPHABET, '_');
  if (sanitised === readable && PREFIX.length + readable.length <= MAX_NAME_LENGTH) return PREFIX + readable;
  const hash = createHash('sha256').update(readable).digest('hex').slice(0, HASH_LENGTH);
  const room = MAX_NAME_LENGTH - PREFIX.length - HASH_LENGTH - 1;
  return `${PREFIX}${sanitised.slice(0, room)}-${hash}`;
}

/** What a cluster name may be: it becomes part of container names and of a label filter. */
export const CLUSTER_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Each retry of a task runs in a container of its own, named after the first attempt's, so every
 * attempt keeps its own exit code and log.
 */
export function attemptContainerName(firstAttemptName: string, attempt: number): string {
  return attempt > 1 ? `${firstAttemptName}.attempt-${attempt}` : firstAttemptName;
}
