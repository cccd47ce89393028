import { z } from 'zod';
import { timeZoneSchema } from './trigger-schema.js';

export const cronPreviewQuerySchema = z
  .object({
    expression: z.string().min(1).max(1024),
    timeZone: timeZoneSchema.default('UTC'),
    count: z.coerce.number().int().min(1).max(100).default(5),
  })
  .meta({ id: 'CronPreviewQuery' });

export const cronPreviewSchema = z
  .object({
    expression: z.string(),
    timeZone: z.string(),
    valid: z.boolean(),
    message: z
      .string()
      .optional()
      .meta({ description: 'Why the expression is invalid, naming field and token' }),
    nextFireTimes: z.array(z.number().int()).meta({ description: 'Epoch milliseconds, strictly after now' }),
  })
  .meta({ id: 'CronPreview' });

export type CronPreviewQuery = z.infer<typeof cronPreviewQuerySchema>;
export type CronPreview = z.infer<typeof cronPreviewSchema>;
