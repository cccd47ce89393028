import { z } from 'zod';
import { parseLabelRequirement, type LabelRequirement } from './label-schema.js';
import { runStateSchema } from './run-schema.js';
import { topologyStateSchema } from './topology-schema.js';

/** Repeatable `label=key=value` (or `label=key`: the label is set); every one must hold. */
const labelQuerySchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value, ctx): LabelRequirement[] => {
    const terms = Array.isArray(value) ? value : [value];
    if (terms.length > 64) ctx.addIssue({ code: 'custom', message: 'at most 64 label requirements' });
    const requirements: LabelRequirement[] = [];
    for (const term of terms) {
      const parsed = parseLabelRequirement(term);
      if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
      else requirements.push(parsed);
    }
    return requirements;
  })
  .meta({
    description: 'Repeatable: `team=payments` (label equals) or `team` (label set); every one must hold',
  });

/** A query parameter given once or repeated, as a list. */
const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema)]).transform((value) => (Array.isArray(value) ? value : [value]));

/** Optional filters for `GET /apis/v1/topologies`; without them the list is Epoch's: everything. */
export const topologyListQuerySchema = z
  .object({
    search: z.string().max(255).optional().meta({ description: 'Case-insensitive substring of the name' }),
    state: oneOrMany(topologyStateSchema).optional(),
    lastRunState: oneOrMany(runStateSchema).optional().meta({
      description:
        "Repeatable: the state of the topology's last run (its latest fire's, as the summary shows it); a topology that never ran matches none",
    }),
    triggerType: z.enum(['CRON', 'AT']).optional(),
    taskType: z.enum(['CONTAINER_EXECUTION', 'COMPOSITE', 'HTTP']).optional(),
    label: labelQuerySchema.optional(),
    sort: z.enum(['name', 'created', 'updated', 'nextFire']).default('name').meta({
      description:
        '`nextFire`: soonest first with `asc`; topologies with no next fire (paused, done) come last either way',
    }),
    order: z.enum(['asc', 'desc']).default('asc'),
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .meta({ id: 'TopologyListQuery' });

export type TopologyListQuery = z.infer<typeof topologyListQuerySchema>;

export const TOTAL_COUNT_HEADER = 'X-Total-Count';
