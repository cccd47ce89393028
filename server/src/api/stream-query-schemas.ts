import { TOPOLOGY_NAME_REGEX } from '@epoch/shared';
import { z } from 'zod';

/**
 * Lines of a log read without `follow` when the query names no `tail`: enough to see how a task ended, and a
 * bound on what one request makes the engine read and send (`tail=all` reads it whole).
 */
export const DEFAULT_LOG_TAIL = 10_000;

/** Query of `GET …/tasks/{taskName}/log/stream`. */
export const taskLogQuerySchema = z
  .object({
    follow: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true')
      .meta({ description: 'Keep streaming as the container prints, until it exits' }),
    tail: z
      .union([z.literal('all'), z.coerce.number().int().min(0)], {
        error: 'must be a number of lines (0 or more) or "all"',
      })
      .optional()
      .meta({
        description: `Only the last N lines, or \`all\`; default ${DEFAULT_LOG_TAIL} without follow, all with it`,
      }),
    attempt: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .meta({ description: "Which attempt's container (1-based); default the task's latest" }),
  })
  .meta({ id: 'TaskLogQuery' });

/** Query of `GET /apis/v1/events`. */
export const eventStreamQuerySchema = z
  .object({
    topologyId: z
      .string()
      .regex(TOPOLOGY_NAME_REGEX)
      .optional()
      .meta({ description: "Only this topology's events" }),
  })
  .meta({ id: 'EventStreamQuery' });
