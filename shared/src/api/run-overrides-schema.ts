import { z } from 'zod';
import type { FieldIssue } from '../errors/index.js';
import { ENV_NAME_REGEX } from './secret-schema.js';
import { containerArgsSchema, httpBodySchema, leafTasks, type Task } from './task-schema.js';

/** An override body is kept in the run record, a znode: far below ZooKeeper's 1 MB. */
export const MAX_OVERRIDE_BODY_LENGTH = 65_536;
const MAX_OVERRIDE_ENV = 100;
const MAX_OVERRIDE_ENV_VALUE_LENGTH = 4096;

/**
 * What one instant run changes of its topology's leaf tasks: `env` is merged over every container task's
 * (an override wins), `args` replace every container task's, `body` replaces every HTTP task's. Plain values,
 * recorded in the run and shown with it; they can neither set nor reveal a secret (`secretEnv` names are
 * refused). Unknown fields are refused too: a misspelt override must not run the job without it.
 */
export const runOverridesSchema = z
  .strictObject({
    env: z
      .record(
        z.string().regex(ENV_NAME_REGEX),
        z
          .string()
          .max(MAX_OVERRIDE_ENV_VALUE_LENGTH, `must be at most ${MAX_OVERRIDE_ENV_VALUE_LENGTH} characters`),
        {
          error: (issue) =>
            issue.code === 'invalid_key' ? 'must be an environment name: letters, digits and "_"' : undefined,
        },
      )
      .refine((env) => Object.keys(env).length <= MAX_OVERRIDE_ENV, `at most ${MAX_OVERRIDE_ENV} names`)
      .optional()
      .meta({ description: "Merged over every container task's `env`; a `secretEnv` name is refused" }),
    args: containerArgsSchema.optional().meta({
      description: "Replace every container task's `args` (the command after the image's entrypoint)",
    }),
    body: httpBodySchema
      .refine(
        (body) => (typeof body === 'string' ? body : JSON.stringify(body)).length <= MAX_OVERRIDE_BODY_LENGTH,
        `must be at most ${MAX_OVERRIDE_BODY_LENGTH} characters (as JSON)`,
      )
      .optional()
      .meta({ description: "Replaces every HTTP task's `body` (a string as is, anything else as JSON)" }),
  })
  .meta({
    id: 'RunOverrides',
    description:
      'Ours: what an instant run changes of its tasks. Plain values, recorded in the run as `overrides` and shown.',
  });

export type RunOverrides = z.infer<typeof runOverridesSchema>;

/** Whether `overrides` changes nothing (absent, `{}`, or an empty `env` only). */
export function noOverrides(overrides: RunOverrides | undefined): boolean {
  if (overrides === undefined) return true;
  const { env, ...others } = overrides;
  return Object.keys(env ?? {}).length === 0 && Object.values(others).every((value) => value === undefined);
}

/**
 * What makes valid `overrides` wrong for `task`: a field no leaf task takes (`args` for an HTTP-only
 * topology, `body` where every call is GET or HEAD), or an `env` name that is a container task's secret.
 */
export function overrideIssues(task: Task, overrides: RunOverrides): FieldIssue[] {
  const leaves = leafTasks(task);
  const containers = leaves.filter((leaf) => leaf.type === 'CONTAINER_EXECUTION');
  const bodies = leaves.filter(
    (leaf) => leaf.type === 'HTTP' && leaf.method !== 'GET' && leaf.method !== 'HEAD',
  );
  const issues: FieldIssue[] = [];
  for (const field of ['env', 'args'] as const)
    if (overrides[field] !== undefined && containers.length === 0)
      issues.push({ field, message: 'applies to container tasks, and this topology has none' });
  if (overrides.body !== undefined && bodies.length === 0)
    issues.push({
      field: 'body',
      message: 'applies to HTTP tasks that send a body, and this topology has none (GET and HEAD send none)',
    });
  for (const name of Object.keys(overrides.env ?? {})) {
    const owner = containers.find((leaf) => leaf.secretEnv !== undefined && name in leaf.secretEnv);
    if (owner) issues.push({ field: `env.${name}`, message: `is a secret of task ${owner.taskName}` });
  }
  return issues;
}
