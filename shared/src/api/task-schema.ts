import { z } from 'zod';
import { DOCKER_IMAGE_REGEX, DURATION_REGEX, TASK_NAME_REGEX } from './regexes.js';

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

export const loggingSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('LOCAL'),
    maxSize: z.string().default('10m'),
    maxFiles: z.number().int().min(1).default(3),
    compress: z.boolean().default(true),
  }),
  z.object({
    type: z.literal('RSYSLOG'),
    server: z.string().min(1),
    tagPrefix: z.string().optional(),
    tagSuffix: z.string().optional(),
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
    logging: loggingSpecSchema.optional(),
    placementPolicy: z.looseObject({ type: z.string() }).optional(),
    tags: z.record(z.string(), z.string()).default({}),
    env: z.record(z.string(), z.string()).default({}),
    args: z
      .array(z.string())
      .refine(
        (args) => args.join('').length <= MAX_ARGS_LENGTH,
        `combined length must be at most ${MAX_ARGS_LENGTH}`,
      )
      .optional(),
    ...executionLimits,
  })
  .meta({ id: 'ContainerExecutionTask', description: 'A docker container run to completion.' });

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

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
    body: z.union([z.string(), z.json()]).optional(),
    successCodes: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .optional()
      .meta({ description: 'Status codes counted as success; any 2xx when absent' }),
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
