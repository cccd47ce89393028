import type { ContainerExit } from './runtime/container-runtime.js';

/** Exits nobody waits for yet are kept this many at most (oldest dropped): reconciles report old ones. */
const MAX_UNCLAIMED = 10_000;

/**
 * Routes the runtime's one exit stream to the task waiting for each container. An exit that
 * arrives before its waiter (a fast container, or one that ended while no leader ran) is kept
 * until claimed.
 */
export class ExitRouter {
  private readonly waiting = new Map<string, (exit: ContainerExit) => void>();
  private readonly unclaimed = new Map<string, ContainerExit>();

  readonly onExit = (exit: ContainerExit): void => {
    const waiter = this.waiting.get(exit.name);
    if (waiter) {
      this.waiting.delete(exit.name);
      waiter(exit);
      return;
    }
    this.unclaimed.set(exit.name, exit);
    if (this.unclaimed.size > MAX_UNCLAIMED) {
      const oldest = this.unclaimed.keys().next().value;
      if (oldest !== undefined) this.unclaimed.delete(oldest);
    }
  };

  /** Resolves with the container's exit; rejects with the signal's reason when it aborts first. */
  wait(name: string, signal: AbortSignal): Promise<ContainerExit> {
    const early = this.unclaimed.get(name);
    if (early) {
      this.unclaimed.delete(name);
      return Promise.resolve(early);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.delete(name);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(name, (exit) => {
        signal.removeEventListener('abort', onAbort);
        resolve(exit);
      });
    });
  }
}
