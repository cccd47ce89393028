import { z } from 'zod';
import { runStateSchema } from './run-schema.js';

/** Optional filters for `GET /apis/v1/topologies/{id}/runs`; by default every run, newest update first. */
export const runListQuerySchema = z
  .object({
    state: z
      .union([runStateSchema, z.array(runStateSchema)])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional(),
    runType: z.enum(['SCHEDULED', 'INSTANT']).optional(),
    sort: z.enum(['updated', 'created', 'runId']).default('updated'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .meta({ id: 'RunListQuery' });

export type RunListQuery = z.infer<typeof runListQuerySchema>;
