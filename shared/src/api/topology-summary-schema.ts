import { z } from 'zod';
import { runStateSchema } from './run-schema.js';
import { topologyDetailsSchema } from './topology-schema.js';

/** A topology as the UI's list shows it: its details, when it fires next, and how its last run went. */
export const topologySummarySchema = z
  .object({
    details: topologyDetailsSchema,
    nextFireTime: z.number().int().nullable().meta({
      description: 'Epoch milliseconds of the next scheduled fire; null when none is due or paused',
    }),
    lastRun: z
      .object({ runId: z.string(), state: runStateSchema, updated: z.number().int() })
      .nullable()
      .meta({ description: 'The most recently updated run, if any' }),
    skippedSinceLastRun: z.number().int().min(0).meta({
      description:
        'Fires skipped (overlap, misfire) since the last run that was not skipped; retention keeps only the newest skipped runs, this count is whole',
    }),
  })
  .meta({ id: 'TopologySummary' });

export type TopologySummary = z.infer<typeof topologySummarySchema>;
