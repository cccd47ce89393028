import { z } from 'zod';
import { retryPolicySchema } from './task-schema.js';

/** A job's `meta`, serialised, may be this large: it is the webhook's whole body, and many share a znode. */
export const JOB_META_MAX_BYTES = 4096;
/** Jobs per bulk request. */
export const JOB_BULK_MAX = 10_000;

/** Databases, collections and routes: they become znode names and URL path segments. */
export const JOB_NAME_REGEX = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/**
 * A job id travels in a URL path segment and in the `Idempotency-Key` header: visible ASCII without `/`, `?`,
 * `#`, `%`, quotes or spaces.
 */
export const JOB_ID_REGEX = /^[A-Za-z0-9._:@+=~-]{1,200}$/;

export const jobNameSchema = z
  .string()
  .regex(JOB_NAME_REGEX, 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit');

export const jobIdSchema = z
  .string()
  .regex(JOB_ID_REGEX, 'must be 1–200 letters, digits or any of . _ : @ + = ~ -');

/** UTF-8 bytes of a value's JSON; shared code runs in browsers too, without Buffer or (here) DOM types. */
export function jsonBytes(value: unknown): number {
  let bytes = 0;
  for (const char of JSON.stringify(value) ?? '') {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

const metaSchema = z
  .json()
  .refine(
    (meta) => jsonBytes(meta) <= JOB_META_MAX_BYTES,
    `must be at most ${JOB_META_MAX_BYTES} bytes as JSON`,
  );

/** A one-shot timer: at `trigger_ms` its `meta` is POSTed, as the body, to its route's webhook. */
export const jobSchema = z
  .object({
    id: jobIdSchema,
    trigger_ms: z
      .number()
      .int()
      .min(0)
      .max(8_640_000_000_000_000)
      .meta({ description: 'When to fire, epoch milliseconds; a past time fires at once' }),
    meta: metaSchema.default(null).meta({
      description: `Any JSON, at most ${JOB_META_MAX_BYTES} bytes: the body the route's webhook receives`,
    }),
    route: jobNameSchema.meta({ description: "The id of the route (in the job's database) to deliver to" }),
  })
  .meta({ id: 'Job' });

export type Job = z.infer<typeof jobSchema>;

/** timeMachine's documentation names the fire time `trigger_time`; its code, `trigger_ms`. Both are taken. */
export const jobInputSchema = z.preprocess((input) => {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('trigger_time' in input))
    return input;
  const { trigger_time: triggerTime, ...rest } = input as Record<string, unknown>;
  return 'trigger_ms' in rest ? input : { ...rest, trigger_ms: triggerTime };
}, jobSchema);

/** Where a job's call goes: timeMachine's REST route, with a timeout and retries like an HTTP task's. */
export const jobRouteSchema = z
  .object({
    id: jobNameSchema,
    type: z
      .enum(['REST', 'http'])
      .default('REST')
      .transform(() => 'REST' as const)
      .meta({ description: 'REST (timeMachine\'s code says "http": taken as REST)' }),
    webhook_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).meta({
      description: "Called only if the server's egress policy allows the address it resolves to",
    }),
    timeoutSeconds: z.number().int().min(1).max(300).default(10),
    retries: retryPolicySchema.optional(),
    successCodes: z
      .array(z.number().int().min(100).max(599))
      .min(1)
      .optional()
      .meta({ description: 'Status codes counted as delivered; any 2xx when absent' }),
  })
  .meta({ id: 'JobRoute' });

export type JobRoute = z.infer<typeof jobRouteSchema>;

export const JOB_DELIVERY_STATES = ['DELIVERED', 'FAILED'] as const;

/** What became of a fired job; kept for EPOCH_JOB_RECORDS_KEEP after the fire, then gone. */
export const jobDeliverySchema = z
  .object({
    firedAt: z.number().int().meta({ description: 'When the first call was sent, epoch ms' }),
    state: z.enum(JOB_DELIVERY_STATES),
    httpStatus: z
      .number()
      .int()
      .nullable()
      .meta({ description: "The last call's status; null if none came" }),
    attempts: z.number().int().min(1),
    resent: z
      .boolean()
      .meta({ description: 'Sent again by a new leader: a call was in flight when the old one went' }),
    message: z.string().optional().meta({ description: 'Why it failed' }),
  })
  .meta({ id: 'JobDelivery' });

export type JobDelivery = z.infer<typeof jobDeliverySchema>;

/** Per-item outcome of a bulk create, in request order. */
export const jobBulkResultSchema = z
  .object({
    id: z.string(),
    status: z.enum(['ok', 'conflict']),
    error: z.string().optional(),
  })
  .meta({ id: 'JobBulkResult' });

export type JobBulkResult = z.infer<typeof jobBulkResultSchema>;

/** Where a job is: waiting, being delivered now, or delivered or failed (kept for EPOCH_JOB_RECORDS_KEEP). */
export const jobStatusSchema = z
  .discriminatedUnion('state', [
    z.object({ state: z.literal('PENDING'), job: jobSchema }),
    z.object({ state: z.literal('DELIVERING'), id: z.string() }),
    z.object({ state: z.enum(JOB_DELIVERY_STATES), id: z.string(), delivery: jobDeliverySchema }),
  ])
  .meta({ id: 'JobStatus' });

export type JobStatus = z.infer<typeof jobStatusSchema>;

/** A fired job's record, with its id: the items of a DELIVERED or FAILED listing. */
export const jobRecordSchema = jobDeliverySchema.extend({ id: z.string() }).meta({ id: 'JobRecord' });

export type JobRecord = z.infer<typeof jobRecordSchema>;

export const jobListQuerySchema = z.object({
  state: z
    .enum(['PENDING', ...JOB_DELIVERY_STATES])
    .default('PENDING')
    .meta({
      description: 'PENDING: jobs by fire time; DELIVERED or FAILED: records by the time they fired',
    }),
  cursor: z.string().max(1_000).optional().meta({ description: "The previous page's `next`" }),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

export const jobPageSchema = z
  .object({
    items: z.array(z.union([jobSchema, jobRecordSchema])),
    next: z.string().optional().meta({ description: 'The cursor of the next page; absent on the last' }),
  })
  .meta({ id: 'JobPage' });

export type JobPage = z.infer<typeof jobPageSchema>;

export const jobPrefixDeleteQuerySchema = z.object({
  idPrefix: z.string().min(1).max(200).meta({ description: 'Every pending job whose id starts with this' }),
});
