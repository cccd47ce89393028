import type { LeafTask } from '@epoch/shared';
import type { AttemptResult, TaskRunner } from '../runners/task-runner.js';
import { SecretOpenError, type SecretKeyRing } from './secret-key-ring.js';
import { openLeafSecrets } from './topology-secrets.js';

/**
 * The runner with the task's secrets opened for each attempt, at the last moment: the plaintext goes to
 * Docker (container env) or the HTTP worker (headers) and nowhere else. A secret that does not open (its
 * key is gone) fails the attempt for good, naming the secret but not its value.
 */
export function openingSecrets<T extends LeafTask>(
  runner: TaskRunner<T>,
  ring: SecretKeyRing,
): TaskRunner<T> {
  return {
    run(task, context): Promise<AttemptResult> {
      let opened: T;
      try {
        opened = openLeafSecrets(task, context.topologyId, ring) as T;
      } catch (error) {
        if (!(error instanceof SecretOpenError)) throw error;
        return Promise.resolve({
          state: 'FAILED',
          retryable: false,
          errorMessage: `cannot open the task's secrets: ${error.message}`,
        });
      }
      return runner.run(opened, context);
    },
  };
}
