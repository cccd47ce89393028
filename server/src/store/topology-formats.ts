// The stored formats of a topology. Format 1 was written while a container task's `logging` was kept but never
// applied, and checked loosely; format 2 applies it and checks it strictly. A format-1 `logging` the strict check
// refuses is dropped on read, so the task gets Epoch's default log limits (what it ran with before) instead of
// the whole topology becoming unreadable. Format 3 adds secrets (`secretEnv`, `secretHeaders`), stored sealed
// only: a server that knows only formats 1 and 2 refuses the node rather than dropping its secrets on a rewrite.
// The pause stamps (`pausedAt`/`pausedBy`, `resumedAt`/`resumedBy`) are optional fields of format 3, not a new
// format: an older format-3 server reads such a node and, on a rewrite, only drops the stamps, which is harmless.
// Labels and `owner` (`topology.labels`, `topology.owner`) are optional fields of format 3 too: a node without
// them is byte for byte what it was, so a server that predates them reads every topology as before; one that has
// them it reads, ignoring them, and writes them away only should it rewrite the topology while it leads in a
// mixed-version cluster (mid-upgrade). That loses descriptive metadata, no schedule or secret; a format bump would
// instead make every labelled topology unreadable to that server, stopping its fires.
import { isSealedSecret, leafTasks, loggingSpecSchema, topologyDetailsSchema } from '@epoch/shared';
import { z } from 'zod';

export const TOPOLOGY_FORMAT_VERSION = 3;

export const topologyFormats = {
  1: z.preprocess(dropRefusedLogging, topologyDetailsSchema),
  2: topologyDetailsSchema,
  3: topologyDetailsSchema.superRefine((details, ctx) => {
    for (const task of leafTasks(details.topology.task)) {
      const secrets = task.type === 'CONTAINER_EXECUTION' ? task.secretEnv : task.secretHeaders;
      for (const [name, value] of Object.entries(secrets ?? {}))
        if (!isSealedSecret(value))
          ctx.addIssue({
            code: 'custom',
            path: ['topology', 'task'],
            message: `secret ${name} is not sealed`,
          });
    }
  }),
};

function dropRefusedLogging(data: unknown): unknown {
  if (!isRecord(data) || !isRecord(data.topology)) return data;
  return { ...data, topology: { ...data.topology, task: withoutRefusedLogging(data.topology.task) } };
}

function withoutRefusedLogging(task: unknown): unknown {
  if (!isRecord(task)) return task;
  if (Array.isArray(task.tasks)) return { ...task, tasks: task.tasks.map(withoutRefusedLogging) };
  if (task.logging === undefined || loggingSpecSchema.safeParse(task.logging).success) return task;
  const { logging: _refused, ...rest } = task;
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
