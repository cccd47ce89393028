// Where a topology's secrets live (container `secretEnv`, HTTP `secretHeaders`) and what happens to them on
// each path: sealed on write, shown as "<secret>" on every read, opened only at launch.
import {
  isSealedSecret,
  leafTasks,
  SECRET_PLACEHOLDER,
  type FieldIssue,
  type LeafTask,
  type SealedSecret,
  type SecretValue,
  type Task,
  type Topology,
} from '@epoch/shared';
import { SecretOpenError, type SecretKeyRing } from './secret-key-ring.js';

type SecretField = 'secretEnv' | 'secretHeaders';
type Secrets = Record<string, SecretValue>;

const fieldOf = (task: LeafTask): SecretField =>
  task.type === 'CONTAINER_EXECUTION' ? 'secretEnv' : 'secretHeaders';
const secretsOf = (task: LeafTask): Secrets | undefined =>
  task.type === 'CONTAINER_EXECUTION' ? task.secretEnv : task.secretHeaders;
const withSecrets = (task: LeafTask, secrets: Secrets | undefined): LeafTask =>
  task.type === 'CONTAINER_EXECUTION' ? { ...task, secretEnv: secrets } : { ...task, secretHeaders: secrets };

/**
 * The associated data of a sealed value: its topology, field and name, so a ciphertext copied to another
 * topology or name does not open. Topology, env and header names cannot contain "/".
 */
export function secretAad(topologyId: string, field: SecretField, name: string): string {
  return `epoch-secret/v1/${topologyId}/${field}/${name}`;
}

function mapLeaves(task: Task, change: (leaf: LeafTask, path: string) => LeafTask, path = 'task'): Task {
  return task.type === 'COMPOSITE'
    ? { ...task, tasks: task.tasks.map((child, index) => mapLeaves(child, change, `${path}.tasks.${index}`)) }
    : change(task, path);
}

function mapSecrets(
  topology: Topology,
  change: (value: SecretValue, name: string, field: SecretField) => SecretValue,
): Topology {
  const task = mapLeaves(topology.task, (leaf) => {
    const secrets = secretsOf(leaf);
    if (!secrets) return leaf;
    const field = fieldOf(leaf);
    return withSecrets(
      leaf,
      Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, change(value, name, field)])),
    );
  });
  return { ...topology, task };
}

/** What every read (API, summaries, event stream) shows: each secret's name with "<secret>". */
export function showSecrets(topology: Topology): Topology {
  return mapSecrets(topology, () => SECRET_PLACEHOLDER);
}

function storedLeaves(stored: Topology | null): Map<string, LeafTask> {
  return new Map(stored ? leafTasks(stored.task).map((leaf) => [leaf.taskName, leaf]) : []);
}

/**
 * The topology as it is stored: every plaintext sealed with the current key, every "<secret>" replaced by
 * the stored sealed value of the same task (by name), field and name, every sealed value (an import) checked
 * to open here. `keepOmitted`: a task without the field keeps its stored secrets (an edit), rather than
 * having none (an import, which states the whole definition). Issues name the field, never a value.
 */
export function sealTopologySecrets(
  topology: Topology,
  stored: Topology | null,
  ring: SecretKeyRing,
  options: { keepOmitted: boolean },
): { topology: Topology; issues: FieldIssue[] } {
  const before = storedLeaves(stored);
  const issues: FieldIssue[] = [];
  const task = mapLeaves(topology.task, (leaf, path) => {
    const field = fieldOf(leaf);
    const previous = before.get(leaf.taskName);
    const storedSecrets = previous && fieldOf(previous) === field ? (secretsOf(previous) ?? {}) : {};
    const secrets = secretsOf(leaf);
    if (!secrets) {
      const kept = options.keepOmitted && Object.keys(storedSecrets).length > 0;
      return kept ? withSecrets(leaf, storedSecrets) : leaf;
    }
    const sealed: Record<string, SealedSecret> = {};
    for (const [name, value] of Object.entries(secrets)) {
      const fieldPath = `${path}.${field}.${name}`;
      const aad = secretAad(topology.name, field, name);
      const result = sealOne(value, storedSecrets[name], aad, ring);
      if (typeof result === 'string') issues.push({ field: fieldPath, message: result });
      else sealed[name] = result;
    }
    return withSecrets(leaf, sealed);
  });
  return { topology: { ...topology, task }, issues };
}

/** The sealed value, or why there is none. */
function sealOne(
  value: SecretValue,
  stored: SecretValue | undefined,
  aad: string,
  ring: SecretKeyRing,
): SealedSecret | string {
  if (isSealedSecret(value)) {
    try {
      ring.open(value, aad);
      return value;
    } catch (error) {
      if (error instanceof SecretOpenError) return error.message;
      throw error;
    }
  }
  if (value === SECRET_PLACEHOLDER) {
    return stored && isSealedSecret(stored)
      ? stored
      : `"${SECRET_PLACEHOLDER}" keeps a stored secret, and there is none by this name`;
  }
  if (!ring.canSeal) return 'secrets need a key: set EPOCH_SECRETS_KEY on the server';
  return ring.seal(value, aad);
}

/**
 * The leaf task as launched: its secrets opened into `env` (container) or `headers` (HTTP). Called just
 * before the hand-over to Docker or the HTTP worker; the result is never stored, published or logged.
 * Throws SecretOpenError naming the field when a value does not open.
 */
export function openLeafSecrets(task: LeafTask, topologyId: string, ring: SecretKeyRing): LeafTask {
  const secrets = secretsOf(task);
  if (!secrets || Object.keys(secrets).length === 0) return task;
  const field = fieldOf(task);
  const opened: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    if (!isSealedSecret(value)) throw new SecretOpenError(`${field}.${name} is not sealed`);
    try {
      opened[name] = ring.open(value, secretAad(topologyId, field, name));
    } catch (error) {
      if (error instanceof SecretOpenError) throw new SecretOpenError(`${field}.${name}: ${error.message}`);
      throw error;
    }
  }
  return task.type === 'CONTAINER_EXECUTION'
    ? { ...task, env: { ...task.env, ...opened }, secretEnv: undefined }
    : { ...task, headers: { ...task.headers, ...opened }, secretHeaders: undefined };
}

/**
 * The topology with every value not sealed by the current key sealed again by it (a key rotation), and how
 * many were. Throws SecretOpenError when a value opens with no key held.
 */
export function resealTopology(
  topology: Topology,
  ring: SecretKeyRing,
): { topology: Topology; count: number } {
  let count = 0;
  const resealed = mapSecrets(topology, (value, name, field) => {
    if (!isSealedSecret(value) || value.keyId === ring.currentKeyId) return value;
    const aad = secretAad(topology.name, field, name);
    let plaintext: string;
    try {
      plaintext = ring.open(value, aad);
    } catch (error) {
      if (error instanceof SecretOpenError)
        throw new SecretOpenError(`topology "${topology.name}", ${field}.${name}: ${error.message}`);
      throw error;
    }
    count++;
    return ring.seal(plaintext, aad);
  });
  return { topology: resealed, count };
}
