import { TOPOLOGY_NAME_REGEX } from '@epoch/shared';
import { z } from 'zod';

/** Query of `GET …/tasks/{taskName}/log/stream`. */
export const taskLogQuerySchema = z
  .object({
    follow: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true')
      .meta({ description: 'Keep streaming as the container prints, until it exits' }),
    tail: z.coerce.number().int().min(0).optional().meta({ description: 'Only the last N lines' }),
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
