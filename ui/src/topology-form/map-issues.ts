import type { FieldIssue, TopologyInput } from '@epoch/shared';
import type { FormErrors } from '@mantine/form';

/** The errors' key for the issues no field shows, listed above the buttons: no value of the form has it. */
export const UNMATCHED = 'topology';

/** Issue paths shown by one form field, by the field's path in the form's values. */
const FIELD_OF_PATH = new Map(
  Object.entries({
    name: 'name',
    'trigger.timeSpec': 'timeSpec',
    'trigger.timeZone': 'timeZone',
    'trigger.time': 'runAt',
    task: 'taskKind',
    'task.taskName': 'taskName',
    'task.executable.url': 'container.image',
    'task.resources': 'container.cpus',
    'task.args': 'container.args',
    'task.method': 'http.method',
    'task.url': 'http.url',
    'task.body': 'http.body',
    'task.timeoutSeconds': 'timeoutSeconds',
    'task.retries': 'retryCount',
    'task.retries.count': 'retryCount',
    'task.retries.delaySeconds': 'retryDelaySeconds',
    'task.retries.backoffFactor': 'retryBackoffFactor',
    overlapPolicy: 'overlapPolicy',
    misfirePolicy: 'misfirePolicy',
    startingDeadlineSeconds: 'startingDeadlineSeconds',
    owner: 'owner',
    'notify.emails': 'emails',
    'notify.url': 'webhookUrl',
    'notify.format': 'webhookFormat',
  }),
);

/** Lists whose items' issues (`notify.emails.1`, `task.args.0`, inside a JSON body) show at the list's field. */
const WHOLE_LISTS = ['notify.emails', 'task.args', 'task.body'];

/** Fields the form shows under the Policies accordion, which must open when one of them has an error. */
export const POLICY_FIELDS = [
  'overlapPolicy',
  'misfirePolicy',
  'startingDeadlineSeconds',
  'timeoutSeconds',
  'retryCount',
  'retryDelaySeconds',
  'retryBackoffFactor',
  'emails',
  'webhookUrl',
  'webhookFormat',
];

const ROW_FIELD =
  /^(?:task\.(?:volumes\.\d+\.(?:pathOnHost|pathInContainer|mode)|(?:env|headers)\.\d+\.key)|labels\.\d+\.key)$/;

/**
 * The form field (its path in the form's values) showing an issue at a dotted schema path, as the server
 * reports it and `issuesOf` builds it, or null when no field does. `input` is the topology that was
 * validated, so resource indexes and label keys can be read back.
 */
export function fieldOfIssue(path: string, input: TopologyInput): string | null {
  if (path.startsWith('task.') && input.task?.type === 'COMPOSITE') return 'taskKind';
  const list = WHOLE_LISTS.find((prefix) => path.startsWith(`${prefix}.`));
  const field = FIELD_OF_PATH.get(list ?? path);
  if (field !== undefined) return field;
  if (ROW_FIELD.test(path))
    return path.replace(/^task\.(env|volumes)\./, 'container.$1.').replace(/^task\./, 'http.');
  const resource = /^task\.resources\.(\d+)(?:\.|$)/.exec(path);
  if (resource) {
    const task = input.task;
    const type = task?.type === 'CONTAINER_EXECUTION' ? task.resources[Number(resource[1])]?.type : undefined;
    return type === 'MEMORY' ? 'container.memoryMB' : 'container.cpus';
  }
  if (path === 'notify') return input.notify?.type === 'WEBHOOK' ? 'webhookUrl' : 'emails';
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

/**
 * The form's errors for these issues: each at its field, the first of a field winning; the rest listed once,
 * under {@link UNMATCHED}.
 */
export function issuesToErrors(issues: FieldIssue[], input: TopologyInput): FormErrors {
  const errors: FormErrors = {};
  const unmatched: string[] = [];
  for (const issue of issues) {
    const field = fieldOfIssue(issue.field, input);
    if (field === null) {
      const text = issueText(issue);
      if (!unmatched.includes(text)) unmatched.push(text);
    } else {
      errors[field] ??= issue.message;
    }
  }
  return unmatched.length > 0 ? { ...errors, [UNMATCHED]: unmatched } : errors;
}

/** The issues no field shows, as {@link issuesToErrors} keeps them. */
export const unmatchedIssues = (errors: FormErrors): string[] =>
  (errors[UNMATCHED] as string[] | undefined) ?? [];
