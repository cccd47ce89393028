import type { FieldIssue, TopologyInput } from '@epoch/shared';

/** Errors keyed by form field (see {@link fieldOfIssue}), plus the ones no field shows. */
export interface FormErrors {
  fields: Record<string, string>;
  unmatched: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, unmatched: [] };

/** Issue paths that are also form fields, verbatim. */
const DIRECT_FIELDS = new Set([
  'name',
  'trigger.timeSpec',
  'trigger.timeZone',
  'trigger.time',
  'task.taskName',
  'task.executable.url',
  'task.method',
  'task.url',
  'task.timeoutSeconds',
  'task.retries.count',
  'task.retries.delaySeconds',
  'task.retries.backoffFactor',
  'overlapPolicy',
  'misfirePolicy',
  'startingDeadlineSeconds',
  'owner',
  'notify.url',
  'notify.format',
]);

/** Keys the form shows under the Policies accordion, which must open when one of them has an error. */
export const POLICY_FIELDS = [
  'overlapPolicy',
  'misfirePolicy',
  'startingDeadlineSeconds',
  'task.timeoutSeconds',
  'task.retries.count',
  'task.retries.delaySeconds',
  'task.retries.backoffFactor',
  'notify.emails',
  'notify.url',
  'notify.format',
];

const ROW_FIELD =
  /^(?:task\.(?:volumes\.\d+\.(?:pathOnHost|pathInContainer|mode)|(?:env|headers)\.\d+\.key)|labels\.\d+\.key)$/;

/**
 * The form field showing an issue at a dotted schema path (as the server reports it and `issuesOf` builds it),
 * or null when no field does. `input` is the topology that was validated, so resource indexes can be read back.
 */
export function fieldOfIssue(path: string, input: TopologyInput): string | null {
  if (path === 'task' || (path.startsWith('task.') && input.task?.type === 'COMPOSITE')) return 'task';
  if (DIRECT_FIELDS.has(path) || ROW_FIELD.test(path)) return path;
  if (path === 'task.resources') return 'task.cpus';
  const resource = /^task\.resources\.(\d+)(?:\.|$)/.exec(path);
  if (resource) {
    const task = input.task;
    const type = task?.type === 'CONTAINER_EXECUTION' ? task.resources[Number(resource[1])]?.type : undefined;
    return type === 'MEMORY' ? 'task.memoryMB' : 'task.cpus';
  }
  if (path === 'notify') return input.notify?.type === 'WEBHOOK' ? 'notify.url' : 'notify.emails';
  if (path.startsWith('notify.emails')) return 'notify.emails';
  if (path === 'task.args' || path.startsWith('task.args.')) return 'task.args';
  if (path === 'task.body' || path.startsWith('task.body.')) return 'task.body';
  if (path === 'task.retries') return 'task.retries.count';
  if (path === 'task.env' || path === 'task.headers') return path;
  // A label's issue names its key (`labels.team`): shown on that key's row, in the order the rows were sent.
  if (path.startsWith('labels.')) {
    const index = Object.keys(input.labels ?? {}).indexOf(path.slice('labels.'.length));
    if (index !== -1) return `labels.${index}.key`;
  }
  return null;
}

/** An issue as listed where no field shows it: path first; '' and '(root)' are the whole topology. */
export const issueText = (issue: FieldIssue): string =>
  issue.field && issue.field !== '(root)' ? `${issue.field}: ${issue.message}` : issue.message;

/** Places each issue at its field; the first issue of a field wins, the rest of the unplaced ones are listed. */
export function issuesToErrors(issues: FieldIssue[], input: TopologyInput): FormErrors {
  const fields: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const issue of issues) {
    const field = fieldOfIssue(issue.field, input);
    if (field === null) {
      const text = issueText(issue);
      if (!unmatched.includes(text)) unmatched.push(text);
    } else {
      fields[field] ??= issue.message;
    }
  }
  return { fields, unmatched };
}

export const hasErrors = (errors: FormErrors): boolean =>
  errors.unmatched.length > 0 || Object.keys(errors.fields).length > 0;
