import type { LeafTask, RunOverrides } from '@epoch/shared';

/**
 * The leaf task as an instant run with `overrides` launches it: container `env` merged under the override
 * (secrets are opened over both later, and no override may name one), container `args` and HTTP `body`
 * replaced. Applied at each hand-over to a runner, from the run record, so a new leader continuing the run
 * launches what the first would have.
 */
export function withOverrides<T extends LeafTask>(task: T, overrides: RunOverrides | undefined): T {
  if (!overrides) return task;
  if (task.type === 'CONTAINER_EXECUTION')
    return {
      ...task,
      env: { ...task.env, ...overrides.env },
      ...(overrides.args !== undefined && { args: overrides.args }),
    };
  return overrides.body === undefined ? task : { ...task, body: overrides.body };
}
