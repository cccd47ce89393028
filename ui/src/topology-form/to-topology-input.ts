import type { HttpTask, NotificationSpec, TopologyInput } from '@epoch/shared';
import type { ContainerForm, FormState, HttpForm, KeyValueRow, NumberField } from './form-state.js';
import { zonedWallTimeToEpoch } from './zoned-time.js';

type TaskInput = TopologyInput['task'];
type TriggerInput = TopologyInput['trigger'];

/** Empty is "not set"; half-typed text becomes NaN, which the schema rejects as not a number. */
export const numberOrUndefined = (value: NumberField): number | undefined =>
  typeof value === 'number' ? value : value.trim() === '' ? undefined : Number(value);

/** Rows left fully blank are ignored; the rest become a record keyed by the trimmed key. */
export function rowsToRecord(rows: KeyValueRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) {
    if (row.key.trim() === '' && row.value === '') continue;
    record[row.key.trim()] = row.value;
  }
  return record;
}

/** Non-blank lines, each one argument. */
export function argsFromText(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A body that reads as a JSON object or array is sent as JSON; anything else as text. */
export function parseBody(text: string): HttpTask['body'] {
  if (text.trim() === '') return undefined;
  if (/^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as HttpTask['body'];
    } catch {
      return text;
    }
  }
  return text;
}

export function emailsFromText(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((email) => email.trim())
    .filter((email) => email !== '');
}

/** The loaded object of a trigger or notify while its type is unchanged, for the fields the form lacks. */
const keptIfSameType = (loaded: Record<string, unknown> | null, type: string): Record<string, unknown> =>
  loaded?.type === type ? loaded : {};

function toTrigger(state: FormState): TriggerInput {
  const kept = keptIfSameType(state.loadedTrigger, state.triggerType);
  if (state.triggerType === 'AT') {
    const time = state.runAt ? zonedWallTimeToEpoch(state.runAt, state.timeZone) : Number.NaN;
    return { ...kept, type: 'AT', time };
  }
  return { ...kept, type: 'CRON', timeSpec: state.timeSpec.trim(), timeZone: state.timeZone };
}

function executionLimits(
  state: FormState,
): Pick<Extract<TaskInput, { type: 'CONTAINER_EXECUTION' }>, 'timeoutSeconds' | 'retries'> {
  const timeoutSeconds = numberOrUndefined(state.timeoutSeconds);
  const count = numberOrUndefined(state.retryCount);
  const delaySeconds = numberOrUndefined(state.retryDelaySeconds);
  const backoffFactor = numberOrUndefined(state.retryBackoffFactor);
  return {
    ...(timeoutSeconds !== undefined && { timeoutSeconds }),
    ...(count !== undefined && {
      retries: {
        count,
        ...(delaySeconds !== undefined && { delaySeconds }),
        ...(backoffFactor !== undefined && { backoffFactor }),
      },
    }),
  };
}

function toContainerTask(state: FormState, form: ContainerForm): TaskInput {
  const cpus = numberOrUndefined(form.cpus);
  const memory = numberOrUndefined(form.memoryMB);
  const args = argsFromText(form.args);
  return {
    ...form.preserved,
    type: 'CONTAINER_EXECUTION',
    taskName: state.taskName.trim(),
    executable: { ...form.preservedExecutable, type: 'DOCKER', url: form.image.trim() },
    // CPU first, then memory: the issue mapping reads the order back from the built input.
    resources: [
      ...(cpus !== undefined ? [{ type: 'CPU' as const, count: cpus }] : []),
      ...(memory !== undefined ? [{ type: 'MEMORY' as const, sizeInMB: memory }] : []),
    ],
    volumes: form.volumes.map(({ pathOnHost, pathInContainer, mode }) => ({
      pathOnHost: pathOnHost.trim(),
      pathInContainer: pathInContainer.trim(),
      mode,
    })),
    env: rowsToRecord(form.env),
    ...(args.length > 0 && { args }),
    ...executionLimits(state),
  };
}

function toHttpTask(state: FormState, form: HttpForm): TaskInput {
  const body = parseBody(form.body);
  return {
    ...form.preserved,
    type: 'HTTP',
    taskName: state.taskName.trim(),
    method: form.method,
    url: form.url.trim(),
    headers: rowsToRecord(form.headers),
    ...(body !== undefined && { body }),
    ...executionLimits(state),
  };
}

function toTask(state: FormState): TaskInput {
  switch (state.taskKind) {
    case 'COMPOSITE':
      if (state.composite) return state.composite;
      throw new Error('a composite task can only be kept as loaded, not built in the form');
    case 'HTTP':
      return toHttpTask(state, state.http);
    case 'CONTAINER_EXECUTION':
      return toContainerTask(state, state.container);
  }
}

function toNotify(state: FormState): NotificationSpec | undefined {
  const kept = keptIfSameType(state.loadedNotify, state.notifyKind);
  const onSuccess = state.notifyOnSuccess === null ? {} : { onSuccess: state.notifyOnSuccess };
  switch (state.notifyKind) {
    case 'NONE':
      return undefined;
    case 'MAIL': {
      // Mail without addresses is no notify, as the single emails field always meant.
      const emails = emailsFromText(state.emails);
      return emails.length > 0 ? { ...kept, type: 'MAIL', emails, ...onSuccess } : undefined;
    }
    case 'WEBHOOK':
      return {
        ...kept,
        type: 'WEBHOOK',
        url: state.webhookUrl.trim(),
        format: state.webhookFormat,
        ...onSuccess,
      };
    case 'BLACKHOLE':
      return { ...kept, type: 'BLACKHOLE' };
  }
}

/** The topology the form describes, exactly as it will be validated and sent. */
export function toTopologyInput(state: FormState): TopologyInput {
  const notify = toNotify(state);
  const startingDeadlineSeconds = numberOrUndefined(state.startingDeadlineSeconds);
  const labels = rowsToRecord(state.labels);
  const owner = state.owner.trim();
  return {
    ...state.preserved,
    name: state.name.trim(),
    trigger: toTrigger(state),
    task: toTask(state),
    ...(notify && { notify }),
    overlapPolicy: state.overlapPolicy,
    misfirePolicy: state.misfirePolicy,
    ...(startingDeadlineSeconds !== undefined && { startingDeadlineSeconds }),
    ...(Object.keys(labels).length > 0 && { labels }),
    ...(owner !== '' && { owner }),
  };
}
