import type { ContainerTask, HttpTask, NotificationSpec, Task, Topology } from '@epoch/shared';
import { randomId } from '@mantine/hooks';
import {
  emptyFormState,
  type ContainerForm,
  type FormState,
  type HttpForm,
  type KeyValueRow,
} from './form-state.js';
import { browserTimeZone } from './time-zones.js';
import { epochToZonedWallTime } from './zoned-time.js';

const recordToRows = (record: Record<string, string>): KeyValueRow[] =>
  Object.entries(record).map(([key, value]) => ({ id: randomId(), key, value }));

function bodyToText(body: HttpTask['body']): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2);
}

function containerForm(task: ContainerTask): ContainerForm {
  const {
    type: _type,
    taskName: _taskName,
    executable,
    resources,
    volumes,
    env,
    args,
    timeoutSeconds: _timeout,
    retries: _retries,
    ...preserved
  } = task;
  const { type: _executableType, url, ...preservedExecutable } = executable;
  const cpu = resources.find((resource) => resource.type === 'CPU');
  const memory = resources.find((resource) => resource.type === 'MEMORY');
  return {
    image: url,
    cpus: cpu?.count ?? '',
    memoryMB: memory?.sizeInMB ?? '',
    env: recordToRows(env),
    volumes: volumes.map((volume) => ({ id: randomId(), ...volume })),
    args: (args ?? []).join('\n'),
    preserved,
    preservedExecutable,
  };
}

function httpForm(task: HttpTask): HttpForm {
  const {
    type: _type,
    taskName: _taskName,
    method,
    url,
    headers,
    body,
    timeoutSeconds: _timeout,
    retries: _retries,
    ...preserved
  } = task;
  return { method, url, headers: recordToRows(headers), body: bodyToText(body), preserved };
}

function limits(
  task: Task,
): Pick<FormState, 'timeoutSeconds' | 'retryCount' | 'retryDelaySeconds' | 'retryBackoffFactor'> {
  if (task.type === 'COMPOSITE') {
    return { timeoutSeconds: '', retryCount: '', retryDelaySeconds: '', retryBackoffFactor: '' };
  }
  return {
    timeoutSeconds: task.timeoutSeconds ?? '',
    retryCount: task.retries?.count ?? '',
    retryDelaySeconds: task.retries?.delaySeconds ?? '',
    retryBackoffFactor: task.retries?.backoffFactor ?? '',
  };
}

function notifyFields(
  notify: NotificationSpec | null | undefined,
): Pick<
  FormState,
  'notifyKind' | 'emails' | 'webhookUrl' | 'webhookFormat' | 'notifyOnSuccess' | 'loadedNotify'
> {
  const empty = emptyFormState('UTC');
  const fields = {
    notifyKind: notify?.type ?? 'NONE',
    emails: notify?.type === 'MAIL' ? notify.emails.join(', ') : empty.emails,
    webhookUrl: notify?.type === 'WEBHOOK' ? notify.url : empty.webhookUrl,
    webhookFormat: notify?.type === 'WEBHOOK' ? notify.format : empty.webhookFormat,
    notifyOnSuccess: notify && notify.type !== 'BLACKHOLE' ? (notify.onSuccess ?? null) : null,
  } as const;
  return { ...fields, loadedNotify: notify ? { ...notify } : null };
}

/**
 * The form state of a stored topology: the inverse of `toTopologyInput`. An AT trigger keeps no zone,
 * so its time is shown on the wall clock of `timeZone` (the viewer's by default). Fields the form does
 * not know are kept in `preserved` (a newer server's, or ones the UI's schema strips).
 */
export function fromTopology(topology: Topology, timeZone: string = browserTimeZone()): FormState {
  const empty = emptyFormState(timeZone);
  const {
    name,
    trigger,
    task,
    notify,
    overlapPolicy,
    misfirePolicy,
    startingDeadlineSeconds,
    labels,
    owner,
    ...preserved
  } = topology;
  return {
    ...empty,
    name,
    ...(trigger.type === 'CRON'
      ? { triggerType: 'CRON', timeSpec: trigger.timeSpec, timeZone: trigger.timeZone }
      : { triggerType: 'AT', runAt: epochToZonedWallTime(trigger.time, timeZone) }),
    taskKind: task.type,
    taskName: task.type === 'COMPOSITE' ? empty.taskName : task.taskName,
    container: task.type === 'CONTAINER_EXECUTION' ? containerForm(task) : empty.container,
    http: task.type === 'HTTP' ? httpForm(task) : empty.http,
    composite: task.type === 'COMPOSITE' ? task : null,
    ...limits(task),
    overlapPolicy,
    misfirePolicy,
    startingDeadlineSeconds,
    ...notifyFields(notify),
    labels: recordToRows(labels ?? {}),
    owner: owner ?? '',
    preserved,
    loadedTrigger: { ...trigger },
  };
}
