import type {
  CompositeTask,
  ContainerTask,
  HttpTask,
  MISFIRE_POLICIES,
  OVERLAP_POLICIES,
  WebhookFormat,
} from '@epoch/shared';
import { HTTP_METHODS } from '@epoch/shared';
import { randomId } from '@mantine/hooks';
import { browserTimeZone } from './time-zones.js';

export type TriggerType = 'CRON' | 'AT';
export type TaskKind = 'CONTAINER_EXECUTION' | 'HTTP' | 'COMPOSITE';
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export type MisfirePolicy = (typeof MISFIRE_POLICIES)[number];
/** NONE is no `notify` at all. */
export type NotifyKind = 'NONE' | 'MAIL' | 'WEBHOOK' | 'BLACKHOLE';
/** Whether a notify of each kind that can tell success is sent on success when `onSuccess` is unset. */
export const ON_SUCCESS_DEFAULT = { MAIL: true, WEBHOOK: false } as const;
export type VolumeMode = 'READ_ONLY' | 'READ_WRITE';
/**
 * A NumberInput's value as it gives it: a number, or a string while empty or half typed ("1.").
 * Empty means "not set": the schema default applies, or the field is omitted.
 */
export type NumberField = number | string;

export interface KeyValueRow {
  /** The row's React key, kept while rows before it are removed. */
  id: string;
  key: string;
  value: string;
}

export interface VolumeRow {
  id: string;
  pathOnHost: string;
  pathInContainer: string;
  mode: VolumeMode;
}

export interface ContainerForm {
  image: string;
  cpus: NumberField;
  memoryMB: NumberField;
  env: KeyValueRow[];
  volumes: VolumeRow[];
  /** One argument per line. */
  args: string;
  /** Fields the form does not edit (configs, logging, tags, …), kept so an edit PUTs them back unchanged. */
  preserved: Partial<ContainerTask>;
  preservedExecutable: Partial<ContainerTask['executable']>;
}

export interface HttpForm {
  method: HttpMethod;
  url: string;
  headers: KeyValueRow[];
  body: string;
  preserved: Partial<HttpTask>;
}

export interface FormState {
  name: string;
  triggerType: TriggerType;
  timeSpec: string;
  timeZone: string;
  /** The AT trigger's wall time in `timeZone`, `YYYY-MM-DD HH:mm:ss` as the DateTimePicker gives it. */
  runAt: string | null;
  taskKind: TaskKind;
  taskName: string;
  container: ContainerForm;
  http: HttpForm;
  /** A loaded composite task, sent back verbatim: composites are edited through the API. */
  composite: CompositeTask | null;
  timeoutSeconds: NumberField;
  retryCount: NumberField;
  retryDelaySeconds: NumberField;
  retryBackoffFactor: NumberField;
  overlapPolicy: OverlapPolicy;
  misfirePolicy: MisfirePolicy;
  startingDeadlineSeconds: NumberField;
  notifyKind: NotifyKind;
  /** Comma-separated addresses. */
  emails: string;
  webhookUrl: string;
  webhookFormat: WebhookFormat;
  /** Mail and webhooks: also on success. Null leaves it unset, so the type's default applies. */
  notifyOnSuccess: boolean | null;
  /** Label rows, sent as the topology's `labels` (none when every row is blank). */
  labels: KeyValueRow[];
  /** Sent as `owner` when not blank. */
  owner: string;
  /**
   * What the form does not show, kept as loaded so an edit saves it back unchanged: the top level's unknown
   * fields, and the loaded trigger and notify whole (their `onSuccess`, unknown fields), reused while the
   * type stays the one loaded.
   */
  preserved: Record<string, unknown>;
  loadedTrigger: Record<string, unknown> | null;
  loadedNotify: Record<string, unknown> | null;
}

export const emptyKeyValueRow = (): KeyValueRow => ({ id: randomId(), key: '', value: '' });

export const emptyVolumeRow = (): VolumeRow => ({
  id: randomId(),
  pathOnHost: '',
  pathInContainer: '',
  mode: 'READ_ONLY',
});

export function emptyFormState(timeZone: string = browserTimeZone()): FormState {
  return {
    name: '',
    triggerType: 'CRON',
    timeSpec: '',
    timeZone,
    runAt: null,
    taskKind: 'CONTAINER_EXECUTION',
    taskName: 'main',
    container: {
      image: '',
      cpus: 1,
      memoryMB: 256,
      env: [],
      volumes: [],
      args: '',
      preserved: {},
      preservedExecutable: {},
    },
    http: { method: 'POST', url: '', headers: [], body: '', preserved: {} },
    composite: null,
    timeoutSeconds: '',
    retryCount: '',
    retryDelaySeconds: '',
    retryBackoffFactor: '',
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
    labels: [],
    owner: '',
    notifyKind: 'NONE',
    emails: '',
    webhookUrl: '',
    webhookFormat: 'JSON',
    notifyOnSuccess: null,
    preserved: {},
    loadedTrigger: null,
    loadedNotify: null,
  };
}
