import { z } from 'zod';
import { labelsSchema, ownerSchema } from './label-schema.js';
import { notificationSpecSchema } from './notification-schema.js';
import { TOPOLOGY_NAME_REGEX } from './regexes.js';
import { leafTasks, taskSchema, type LeafTask } from './task-schema.js';
import { triggerSchema } from './trigger-schema.js';

export const topologyNameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(TOPOLOGY_NAME_REGEX, 'may contain only letters, digits, "-" and "_"');

export const OVERLAP_POLICIES = ['SKIP', 'ALLOW', 'REPLACE'] as const;
export const MISFIRE_POLICIES = ['RUN_ONCE', 'SKIP'] as const;
export const DEFAULT_STARTING_DEADLINE_SECONDS = 300;

export const topologySchema = z
  .object({
    name: topologyNameSchema,
    task: taskSchema,
    trigger: triggerSchema,
    notify: notificationSpecSchema.nullish(),
    overlapPolicy: z
      .enum(OVERLAP_POLICIES)
      .default('SKIP')
      .meta({ description: 'When a fire comes while a run is still going: skip it, run both, or replace' }),
    misfirePolicy: z.enum(MISFIRE_POLICIES).default('RUN_ONCE').meta({
      description: 'Fires missed while no leader ran: one catch-up run within the deadline, or none',
    }),
    startingDeadlineSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(DEFAULT_STARTING_DEADLINE_SECONDS)
      .meta({ description: 'How late a missed fire may still start' }),
    // Ours, not Epoch's: absent unless given, so an Epoch client's topology reads and writes as before. A full
    // update (PUT /topologies) that leaves them out keeps the stored ones: `{}` clears the labels, null the owner.
    labels: labelsSchema.optional(),
    owner: ownerSchema.nullish(),
  })
  .superRefine((topology, ctx) => {
    // Task names key the run's task map and name containers, so they must be unique in the tree.
    const seen = new Set<string>();
    for (const task of leafTasks(topology.task)) {
      if (seen.has(task.taskName)) {
        ctx.addIssue({ code: 'custom', path: ['task'], message: `duplicate taskName "${task.taskName}"` });
      }
      seen.add(task.taskName);
      for (const name of duplicatedSecretNames(task)) {
        ctx.addIssue({
          code: 'custom',
          path: ['task'],
          message: `task "${task.taskName}": ${name} is both a secret and a plain value`,
        });
      }
    }
  })
  .meta({ id: 'Topology', description: 'A task plus the trigger that runs it (Epoch EpochTopology).' });

/** Names set both as a secret and in plain `env`/`headers`: which one the task gets would be a guess. */
function duplicatedSecretNames(task: LeafTask): string[] {
  if (task.type === 'CONTAINER_EXECUTION')
    return Object.keys(task.secretEnv ?? {}).filter((name) => name in task.env);
  const plain = new Set(Object.keys(task.headers).map((name) => name.toLowerCase()));
  return Object.keys(task.secretHeaders ?? {}).filter((name) => plain.has(name.toLowerCase()));
}

export type Topology = z.infer<typeof topologySchema>;
export type TopologyInput = z.input<typeof topologySchema>;

export const TOPOLOGY_STATES = ['ACTIVE', 'PAUSED'] as const;
export const topologyStateSchema = z.enum(TOPOLOGY_STATES);
export type TopologyState = z.infer<typeof topologyStateSchema>;

export const topologyDetailsSchema = z
  .object({
    id: z.string(),
    topology: topologySchema,
    state: topologyStateSchema,
    created: z.number().int(),
    updated: z.number().int(),
    createdBy: z
      .string()
      .optional()
      .meta({ description: 'Who created it (absent for topologies older than auth)' }),
    updatedBy: z.string().optional().meta({ description: 'Who made the last change' }),
    // The pause and the resume describe the state the topology is in now: a paused topology records no runs,
    // so who paused it and since when is the one trace its fires leave; an active one tells who resumed it.
    pausedAt: z.number().int().optional().meta({ description: 'While PAUSED: when it was paused' }),
    pausedBy: z.string().optional().meta({ description: 'While PAUSED: who paused it' }),
    resumedAt: z
      .number()
      .int()
      .optional()
      .meta({ description: 'While ACTIVE, after a pause: when it was resumed' }),
    resumedBy: z.string().optional().meta({ description: 'While ACTIVE, after a pause: who resumed it' }),
  })
  .meta({
    id: 'TopologyDetails',
    description: 'A stored topology (Epoch EpochTopologyDetails); dates in epoch ms.',
  });

export type TopologyDetails = z.infer<typeof topologyDetailsSchema>;
