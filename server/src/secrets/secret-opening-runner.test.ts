import { topologySchema, type ContainerTask, type LeafTask } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import type { AttemptContext, AttemptResult } from '../runners/task-runner.js';
import { openingSecrets } from './secret-opening-runner.js';
import { SecretKeyRing } from './secret-key-ring.js';
import { sealTopologySecrets } from './topology-secrets.js';

const ring = new SecretKeyRing(Buffer.alloc(32, 5));
const sealed = sealTopologySecrets(
  topologySchema.parse({
    name: 'nightly',
    trigger: { type: 'CRON', timeSpec: '0 0 * * * ?' },
    task: {
      type: 'CONTAINER_EXECUTION',
      taskName: 'c',
      executable: { url: 'busybox:1' },
      resources: [{ type: 'CPU', count: 1 }],
      secretEnv: { DB_PASS: 'hunter2' },
    },
  }),
  null,
  ring,
  { keepOmitted: true },
).topology.task as ContainerTask;
const context = { topologyId: 'nightly' } as AttemptContext;

function recordingRunner() {
  const seen: LeafTask[] = [];
  const runner = {
    run: (task: ContainerTask): Promise<AttemptResult> => {
      seen.push(task);
      return Promise.resolve({ state: 'COMPLETED', retryable: false });
    },
  };
  return { seen, runner };
}

describe('openingSecrets', () => {
  it('hands the runner the task with its secrets opened into env, and only the runner', async () => {
    const { seen, runner } = recordingRunner();
    await openingSecrets(runner, ring).run(sealed, context);
    expect(seen).toEqual([expect.objectContaining({ env: { DB_PASS: 'hunter2' }, secretEnv: undefined })]);
    expect(JSON.stringify(sealed)).not.toContain('hunter2');
  });

  it('fails the attempt for good, naming the secret and not its value, when its key is gone', async () => {
    const { seen, runner } = recordingRunner();
    const result = await openingSecrets(runner, new SecretKeyRing(Buffer.alloc(32, 6))).run(sealed, context);
    expect(seen).toEqual([]);
    expect(result).toEqual({
      state: 'FAILED',
      retryable: false,
      errorMessage: expect.stringMatching(
        /^cannot open the task's secrets: secretEnv\.DB_PASS: sealed with key id/,
      ),
    });
    expect(result.errorMessage).not.toContain('hunter2');
  });
});
