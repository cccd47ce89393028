import { z } from 'zod';
import { runOverridesSchema } from './run-overrides-schema.js';

export const RUN_STATES = ['RUNNING', 'SUCCESSFUL', 'COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED'] as const;
/**
 * The states a run record can be in: the API's, and before them CLAIMED, a fire claimed ahead of its time and
 * not begun. A claimed run is no run yet: it is in no answer, list or event until it begins (RUNNING) or is
 * skipped, and is removed if its topology was paused by then.
 */
export const STORED_RUN_STATES = ['CLAIMED', ...RUN_STATES] as const;
export const TASK_RUN_STATES = [
  'PENDING',
  'STARTING',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'UNKNOWN',
] as const;
export const RUN_TYPES = ['SCHEDULED', 'INSTANT'] as const;

export const runStateSchema = z.enum(RUN_STATES);
export const storedRunStateSchema = z.enum(STORED_RUN_STATES);
export const taskRunStateSchema = z.enum(TASK_RUN_STATES);
export const runTypeSchema = z.enum(RUN_TYPES);

export const runTaskInfoSchema = z
  .object({
    taskId: z.string(),
    state: taskRunStateSchema,
    upstreamId: z.string().optional().meta({ description: 'Container id (container tasks)' }),
    errorMessage: z.string().optional(),
    attempts: z.number().int().min(0).optional().meta({ description: 'Launches so far, retries included' }),
    startedAt: z.number().int().optional(),
    finishedAt: z.number().int().optional(),
    exitCode: z.number().int().optional().meta({ description: 'Container exit code' }),
    httpStatus: z.number().int().optional().meta({ description: 'HTTP task: status of the last response' }),
    responseBody: z
      .string()
      .max(2048)
      .optional()
      .meta({ description: 'HTTP task: the last response body, truncated' }),
  })
  .meta({ id: 'RunTaskInfo' });

export const runInfoSchema = z
  .object({
    topologyId: z.string(),
    runId: z.string(),
    state: storedRunStateSchema.meta({
      description: 'CLAIMED is internal (a fire claimed ahead of its time): never returned',
    }),
    message: z.string().optional(),
    tasks: z.record(z.string(), runTaskInfoSchema),
    runType: runTypeSchema,
    created: z.number().int(),
    updated: z.number().int(),
    leader: z
      .string()
      .optional()
      .meta({ description: 'Advertised URL of the leader that wrote this state (ours; absent in Epoch)' }),
    overrides: runOverridesSchema.optional().meta({
      description:
        'Ours: an instant run started with overrides (PUT …/run with a body, or a re-run of such a run): ' +
        'what it changed of its tasks, shown as given',
    }),
    rerunOf: z
      .string()
      .optional()
      .meta({ description: 'Ours: the run this instant run re-runs (POST …/runs/{runId}/rerun)' }),
    skippedInRow: z.number().int().min(1).optional().meta({
      description:
        'A SKIPPED run: fires skipped in a row since the last run that was not skipped, this one included',
    }),
  })
  .meta({
    id: 'RunInfo',
    description: 'One run of a topology (Epoch EpochTopologyRunInfo); tasks keyed by name.',
  });

export type RunState = z.infer<typeof runStateSchema>;
export type StoredRunState = z.infer<typeof storedRunStateSchema>;
export type TaskRunState = z.infer<typeof taskRunStateSchema>;
export type RunType = z.infer<typeof runTypeSchema>;
export type RunTaskInfo = z.infer<typeof runTaskInfoSchema>;
export type RunInfo = z.infer<typeof runInfoSchema>;
