// Plain `env` values and `headers` are readable by design, but a READ_ONLY caller should not learn a
// credential someone put there instead of in the secret fields: names that look like one are redacted.
import { REDACTED_PLACEHOLDER, type Task, type Topology } from '@epoch/shared';

/** `Authorization` (and `Proxy-Authorization`), anything with token, secret, password, passwd, key, credential or cookie. */
const CREDENTIAL_NAME = /authorization|token|secret|passw(or)?d|key|credential|cookie/i;

export function looksLikeCredential(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** `values` with those whose name looks like a credential as "<redacted>". */
export function redact(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      looksLikeCredential(name) ? REDACTED_PLACEHOLDER : value,
    ]),
  );
}

function redactTask(task: Task): Task {
  if (task.type === 'COMPOSITE') return { ...task, tasks: task.tasks.map(redactTask) };
  return task.type === 'CONTAINER_EXECUTION'
    ? { ...task, env: redact(task.env) }
    : { ...task, headers: redact(task.headers) };
}

/** The topology with credential-looking `env` values and `headers` as "<redacted>", for READ_ONLY callers. */
export function redactCredentials(topology: Topology): Topology {
  return { ...topology, task: redactTask(topology.task) };
}
