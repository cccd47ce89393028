import { topologySchema, type FieldIssue, type TopologyInput } from '@epoch/shared';
import type { FormErrors } from '@mantine/form';
import type { FormState, KeyValueRow } from './form-state.js';
import { issuesToErrors } from './map-issues.js';
import { toTopologyInput } from './to-topology-input.js';

type SchemaError = NonNullable<ReturnType<typeof topologySchema.safeParse>['error']>;

/** The schema's issues as `issuesOf` words them, with "Required" for the empty and the missing. */
export function schemaIssues(error: SchemaError): FieldIssue[] {
  return error.issues.map((issue) => {
    const empty =
      (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) ||
      (issue.code === 'invalid_type' && issue.input === undefined);
    return { field: issue.path.map(String).join('.'), message: empty ? 'Required' : issue.message };
  });
}

function rowIssues(rows: KeyValueRow[], prefix: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const key = row.key.trim();
    if (key === '' && row.value === '') return;
    if (key === '') issues.push({ field: `${prefix}.${index}.key`, message: 'Required' });
    else if (seen.has(key))
      issues.push({ field: `${prefix}.${index}.key`, message: `duplicate key "${key}"` });
    seen.add(key);
  });
  return issues;
}

/** What the schema cannot see: rows lost when they become a record, and an AT time in the past. */
export function formIssues(state: FormState, now: number, input: TopologyInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (state.triggerType === 'AT' && input.trigger.type === 'AT') {
    if (state.runAt === null) issues.push({ field: 'trigger.time', message: 'Pick a date and time' });
    else if (typeof input.trigger.time === 'number' && input.trigger.time <= now) {
      issues.push({ field: 'trigger.time', message: 'must be in the future' });
    }
  }
  if (state.taskKind === 'CONTAINER_EXECUTION') issues.push(...rowIssues(state.container.env, 'task.env'));
  if (state.taskKind === 'HTTP') issues.push(...rowIssues(state.http.headers, 'task.headers'));
  issues.push(...rowIssues(state.labels, 'labels'));
  return issues;
}

/**
 * The form's errors, none when it may be sent: the topology it describes checked with the server's own schema,
 * and what the schema cannot see. The form's `validate`.
 */
export function validateForm(state: FormState, now: number = Date.now()): FormErrors {
  const input = toTopologyInput(state);
  const parsed = topologySchema.safeParse(input);
  return issuesToErrors(
    [...formIssues(state, now, input), ...(parsed.success ? [] : schemaIssues(parsed.error))],
    input,
  );
}
