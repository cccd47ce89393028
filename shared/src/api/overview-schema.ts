import { z } from 'zod';
import { runStateSchema } from './run-schema.js';

const runRefSchema = z
  .object({
    topologyId: z.string(),
    runId: z.string(),
    state: runStateSchema,
    updated: z.number().int(),
    message: z.string().optional(),
  })
  .meta({ id: 'RunRef' });

/** What the person on call asks first: what is failing, what is running, what is paused or skipped, what fires next. */
export const overviewSchema = z
  .object({
    generatedAt: z.number().int(),
    failedRuns: z
      .object({
        count: z.number().int().min(0),
        newest: z.array(runRefSchema).meta({ description: 'The newest of them, at most 50' }),
      })
      .meta({ description: 'Runs that failed in the last 24 h (by fire time), newest first' }),
    runningRuns: z.array(runRefSchema).meta({ description: 'Runs going now, oldest first' }),
    pausedTopologies: z.array(
      z.object({
        topologyId: z.string(),
        pausedAt: z.number().int().optional(),
        pausedBy: z.string().optional(),
      }),
    ),
    skippedFires: z
      .array(z.object({ topologyId: z.string(), skippedSinceLastRun: z.number().int().min(1) }))
      .meta({ description: 'Topologies whose latest fires were skipped, most skipped first' }),
    nextFires: z
      .array(z.object({ topologyId: z.string(), fireTime: z.number().int() }))
      .meta({ description: 'Fires of active topologies in the next 24 h, soonest first, at most 100' }),
    lastRunFailed: z
      .array(runRefSchema)
      .meta({ description: 'Topologies whose last run failed, newest first' }),
  })
  .meta({ id: 'Overview' });

export type RunRef = z.infer<typeof runRefSchema>;
export type Overview = z.infer<typeof overviewSchema>;
