import { z } from 'zod';
import { topologyStateSchema } from './topology-schema.js';

/** Optional filters for `GET /apis/v1/topologies`; without them the list is Epoch's: everything. */
export const topologyListQuerySchema = z
  .object({
    search: z.string().max(255).optional().meta({ description: 'Case-insensitive substring of the name' }),
    state: z
      .union([topologyStateSchema, z.array(topologyStateSchema)])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .optional(),
    triggerType: z.enum(['CRON', 'AT']).optional(),
    taskType: z.enum(['CONTAINER_EXECUTION', 'COMPOSITE', 'HTTP']).optional(),
    sort: z.enum(['name', 'created', 'updated']).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .meta({ id: 'TopologyListQuery' });

export type TopologyListQuery = z.infer<typeof topologyListQuerySchema>;

export const TOTAL_COUNT_HEADER = 'X-Total-Count';
