// The stored formats of a topology. Format 1 was written while a container task's `logging` was kept but never
// applied, and checked loosely; format 2 applies it and checks it strictly. A format-1 `logging` the strict check
// refuses is dropped on read, so the task gets Epoch's default log limits (what it ran with before) instead of
// the whole topology becoming unreadable.
import { loggingSpecSchema, topologyDetailsSchema } from '@epoch/shared';
import { z } from 'zod';

export const TOPOLOGY_FORMAT_VERSION = 2;

export const topologyFormats = {
  1: z.preprocess(dropRefusedLogging, topologyDetailsSchema),
  2: topologyDetailsSchema,
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
