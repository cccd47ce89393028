import { leafTasks, type FieldIssue, type RunOverrides, type Task } from '@epoch/shared';
import type { KeyValueRow } from '../../topology-form/form-state.js';

/** What "Run with…" offers for a topology: env and args for container tasks, a body for HTTP calls that send one. */
export function overridableFields(task: Task): { container: boolean; body: boolean } {
  const leaves = leafTasks(task);
  return {
    container: leaves.some((leaf) => leaf.type === 'CONTAINER_EXECUTION'),
    body: leaves.some((leaf) => leaf.type === 'HTTP' && leaf.method !== 'GET' && leaf.method !== 'HEAD'),
  };
}

export interface RunWithForm {
  env: KeyValueRow[];
  /** One argument per line; empty: the tasks' own. */
  args: string;
  /** JSON if it parses as JSON, else sent as text; empty: the tasks' own. */
  body: string;
}

/** The request body of the form: only what the user filled in (blank env rows are dropped). */
export function toOverrides(form: RunWithForm): RunOverrides {
  const env = Object.fromEntries(
    form.env.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value]),
  );
  const overrides: RunOverrides = {};
  if (Object.keys(env).length > 0) overrides.env = env;
  if (form.args.trim() !== '') overrides.args = form.args.replace(/\n+$/, '').split('\n');
  if (form.body.trim() !== '') overrides.body = parseBody(form.body);
  return overrides;
}

function parseBody(text: string): RunOverrides['body'] {
  try {
    return JSON.parse(text) as RunOverrides['body'];
  } catch {
    return text;
  }
}

/**
 * The server's issues as the form's errors: `env.NAME` on that name's key input (keyed `env.<index>.key`, as
 * KeyValueRows expects), `args` and `body` on their inputs, anything else under `form`.
 */
export function formErrors(issues: FieldIssue[], env: KeyValueRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, message } of issues) {
    const name = /^env\.(.+)$/.exec(field)?.[1];
    const index = name === undefined ? -1 : env.findIndex((row) => row.key.trim() === name);
    const key =
      index >= 0
        ? `env.${index}.key`
        : field === 'args' || field.startsWith('args.')
          ? 'args'
          : field === 'body'
            ? 'body'
            : 'form';
    errors[key] = errors[key]
      ? `${errors[key]}; ${field}: ${message}`
      : key === 'form'
        ? `${field}: ${message}`
        : message;
  }
  return errors;
}
