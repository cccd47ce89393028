import { describe, expect, it } from 'vitest';
import type { ContainerExit } from './runtime/container-runtime.js';
import { ExitRouter } from './exit-router.js';

const exit = (name: string, exitCode = 0): ContainerExit => ({
  containerId: `id-${name}`,
  name,
  exitCode,
  oomKilled: false,
  labels: {},
});

describe('ExitRouter', () => {
  it('hands an exit to the task waiting for that container', async () => {
    const router = new ExitRouter();
    const waiting = router.wait('a', new AbortController().signal);
    router.onExit(exit('b', 1));
    router.onExit(exit('a', 3));
    await expect(waiting).resolves.toMatchObject({ name: 'a', exitCode: 3 });
  });

  it('keeps an exit that came before its waiter, once', async () => {
    const router = new ExitRouter();
    router.onExit(exit('fast', 0));
    await expect(router.wait('fast', new AbortController().signal)).resolves.toMatchObject({ name: 'fast' });
    const controller = new AbortController();
    const second = router.wait('fast', controller.signal);
    controller.abort(new Error('gave up'));
    await expect(second).rejects.toThrow('gave up');
  });
});
