import { z } from 'zod';
import {
  CONTAINER_USER_REGEX,
  DOCKER_IMAGE_REGEX,
  DURATION_REGEX,
  LOG_SIZE_REGEX,
  SYSLOG_SERVER_REGEX,
  TASK_NAME_REGEX,
} from './regexes.js';
import { placementSchema } from './placement-schema.js';
import { ENV_NAME_REGEX, HEADER_NAME_REGEX, secretMapSchema } from './secret-schema.js';

const MAX_ARGS_LENGTH = 2048;
const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

export const taskNameSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(TASK_NAME_REGEX, 'may contain only letters, digits, "-" and "_"');

export const retryPolicySchema = z
  .object({
    count: z.number().int().min(0).max(20),
    delaySeconds: z.number().min(0).max(86_400).default(10),
    backoffFactor: z.number().min(1).max(10).default(2),
  })
  .meta({
    id: 'RetryPolicy',
    description: 'Retries of a failed task: count, first delay, backoff multiplier.',
  });

/** Fields every executable task carries, beyond Epoch's: a kill timeout and retries. */
/** A container's `args`: the command after the image's entrypoint. */
export const containerArgsSchema = z
  .array(z.string())
  .refine(
    (args) => args.join('').length <= MAX_ARGS_LENGTH,
    `combined length must be at most ${MAX_ARGS_LENGTH}`,
  );

/** An HTTP task's body: a string goes out as is, anything else as JSON. */
export const httpBodySchema = z.union([z.string(), z.json()]);

const executionLimits = {
  timeoutSeconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS).optional(),
  retries: retryPolicySchema.optional(),
};

export const dockerExecutableSchema = z.object({
  type: z.literal('DOCKER').default('DOCKER'),
  url: z
    .string()
    .max(2048)
    .regex(
      DOCKER_IMAGE_REGEX,
      'must be a docker image reference, e.g. registry:5000/team/app:1.2 or app@sha256:…',
    ),
  dockerPullTimeout: z
    .string()
    .regex(DURATION_REGEX, 'must be a duration, e.g. "120 seconds"')
    .default('120 seconds'),
});

export const resourceRequirementSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CPU'), count: z.number().int().min(1).max(128) }),
  z.object({ type: z.literal('MEMORY'), sizeInMB: z.number().int().min(4).max(1_048_576) }),
]);

const absolutePath = z.string().regex(/^\//, 'must be an absolute path');

export const mountedVolumeSchema = z.object({
  pathInContainer: absolutePath,
  pathOnHost: absolutePath,
  mode: z.enum(['READ_WRITE', 'READ_ONLY']),
});

const LOG_SIZE_UNITS = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as const;
/** Per file: with MAX_LOG_FILES, one container's log stays under 10 GiB of the engine's disk. */
const MAX_LOG_FILE_BYTES = 1024 ** 3;
const MAX_LOG_FILES = 10;
/** A LOCAL logging's defaults, which also apply to a task without `logging` (Drove's LOCAL default). */
export const DEFAULT_LOG_FILES = { maxSize: '10m', maxFiles: 3 } as const;

/** Bytes of a LOG_SIZE_REGEX size, e.g. `10m`; NaN when it does not match. */
function logSizeBytes(size: string): number {
  const match = LOG_SIZE_REGEX.exec(size);
  if (!match) return Number.NaN;
  return Number(match[1]) * LOG_SIZE_UNITS[match[2] as keyof typeof LOG_SIZE_UNITS];
}

const logSizeSchema = z
  .string()
  .regex(LOG_SIZE_REGEX, 'must be a size such as "500k", "10m" or "1g"')
  .refine((size) => logSizeBytes(size) <= MAX_LOG_FILE_BYTES, 'must be at most 1g');

/** Docker reads the syslog tag as a Go template: plain characters only. */
const syslogTagPartSchema = z
  .string()
  .regex(/^[\w.-]{0,64}$/, 'may contain only letters, digits, ".", "-" and "_", at most 64');

export const loggingSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('LOCAL'),
    maxSize: logSizeSchema.default(DEFAULT_LOG_FILES.maxSize),
    maxFiles: z.number().int().min(1).max(MAX_LOG_FILES).default(DEFAULT_LOG_FILES.maxFiles),
    compress: z.boolean().default(true),
  }),
  z.object({
    type: z.literal('RSYSLOG'),
    server: z
      .string()
      .regex(
        SYSLOG_SERVER_REGEX,
        'must be udp://, tcp:// or tcp+tls:// with a host name or address, e.g. udp://logs.example.com:514',
      )
      .refine((server) => {
        const port = Number(/:([0-9]+)$/.exec(server)?.[1] ?? 514);
        return port >= 1 && port <= 65_535;
      }, 'port must be 1 to 65535'),
    tagPrefix: syslogTagPartSchema.optional(),
    tagSuffix: syslogTagPartSchema.optional(),
  }),
]);

export const containerTaskSchema = z
  .object({
    type: z.literal('CONTAINER_EXECUTION'),
    taskName: taskNameSchema,
    executable: dockerExecutableSchema,
    resources: z
      .array(resourceRequirementSchema)
      .min(1)
      .refine(
        (list) => new Set(list.map((r) => r.type)).size === list.length,
        'each resource type at most once',
      ),
    volumes: z.array(mountedVolumeSchema).default([]),
    // Drove config files and placement are kept verbatim for Drove compatibility; the Docker runtime ignores them.
    configs: z.array(z.looseObject({ type: z.string(), localFilename: z.string() })).default([]),
    logging: loggingSpecSchema.optional().meta({
      description: 'Where the log goes; json-file, 3 files of 10m, when absent',
    }),
    placementPolicy: z.looseObject({ type: z.string() }).optional(),
    placement: placementSchema.optional(),
    startTimeout: z
      .string()
      .max(64)
      .regex(DURATION_REGEX, 'must be a duration, e.g. "5 minutes"')
      // Zero would fail every task before any node could take it.
      .refine((duration) => !/^\s*0+\s*[a-z]/.test(duration), 'must be more than zero')
      .optional()
      .meta({
        description:
          'Ours: how long the task may wait for a node that can run it before it fails (swarm runtime). ' +
          'Default 5 minutes',
      }),
    tags: z.record(z.string(), z.string()).default({}),
    env: z.record(z.string(), z.string()).default({}),
    secretEnv: secretMapSchema(ENV_NAME_REGEX, 'must be an environment name: letters, digits and "_"').meta({
      description:
        'Ours: environment values encrypted at rest and never shown (reads give "<secret>"); ' +
        'send "<secret>" to keep a value, omit the field to keep them all',
    }),
    args: containerArgsSchema.optional(),
    readOnlyRootFs: z.boolean().optional().meta({
      description: "Ours: the image's file system is read-only; volumes stay as mounted. Default false",
    }),
    user: z
      .string()
      .regex(CONTAINER_USER_REGEX, 'must be a user such as "app", "1000" or "1000:1000"')
      .optional()
      .meta({
        description: "Ours: user[:group] to run as; the server's default, else the image's, when absent",
      }),
    ...executionLimits,
  })
  .meta({ id: 'ContainerExecutionTask', description: 'A docker container run to completion.' });

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/**
 * What a receiver may see when a call's fate is unknown (its leader was lost during it): the call again, as a
 * new attempt with the same X-Epoch-Task-Id, or never again.
 */
export const DELIVERY_GUARANTEES = ['AT_LEAST_ONCE', 'AT_MOST_ONCE'] as const;
export type DeliveryGuarantee = (typeof DELIVERY_GUARANTEES)[number];

export const httpTaskSchema = z
  .object({
    type: z.literal('HTTP'),
    taskName: taskNameSchema,
    method: z.enum(HTTP_METHODS).default('POST'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).meta({
      description:
        "Called only if the server's egress policy allows the address it resolves to (by default: public addresses)",
    }),
    headers: z.record(z.string(), z.string()).default({}),
    secretHeaders: secretMapSchema(HEADER_NAME_REGEX, 'must be an HTTP header name').meta({
      description:
        'Ours: header values encrypted at rest and never shown (reads give "<secret>"); ' +
        'send "<secret>" to keep a value, omit the field to keep them all',
    }),
    body: httpBodySchema.optional(),
    successCodes: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .optional()
      .meta({ description: 'Status codes counted as success; any 2xx when absent' }),
    delivery: z
      .enum(DELIVERY_GUARANTEES)
      .optional()
      .meta({
        description:
          'Ours. AT_LEAST_ONCE (the default): a call whose leader was lost during it is sent again, as the next ' +
          'attempt with the same X-Epoch-Task-Id. AT_MOST_ONCE: it is never sent again (the task ends UNKNOWN, ' +
          'the run FAILED), and retries only follow failures where the call never reached the receiver',
      }),
    ...executionLimits,
  })
  .meta({ id: 'HttpTask', description: 'A webhook call: method, url, headers and body, at the fire time.' });

export const compositeTaskSchema = z
  .object({
    type: z.literal('COMPOSITE'),
    get tasks(): z.ZodArray<typeof taskSchema> {
      return z.array(taskSchema).min(1);
    },
    compositionType: z.enum(['ALL', 'ANY']).default('ALL'),
  })
  .meta({
    id: 'CompositeTask',
    description: 'Child tasks run in sequence; ALL must all succeed, ANY needs one.',
  });

export const taskSchema: z.ZodDiscriminatedUnion<
  [typeof containerTaskSchema, typeof compositeTaskSchema, typeof httpTaskSchema]
> = z
  .discriminatedUnion('type', [containerTaskSchema, compositeTaskSchema, httpTaskSchema])
  .meta({ id: 'Task' });

export type ContainerTask = z.infer<typeof containerTaskSchema>;
export type HttpTask = z.infer<typeof httpTaskSchema>;
export type CompositeTask = z.infer<typeof compositeTaskSchema>;
export type Task = z.infer<typeof taskSchema>;
export type LeafTask = ContainerTask | HttpTask;

/** Every executable task in the tree, in run order. */
export function leafTasks(task: Task): LeafTask[] {
  return task.type === 'COMPOSITE' ? task.tasks.flatMap(leafTasks) : [task];
}
