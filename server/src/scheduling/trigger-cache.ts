import type { Trigger } from '@epoch/shared';
import { compileTrigger, type CompiledTrigger } from './trigger-fires.js';

/**
 * Compiled triggers shared by every topology with the same expression and zone, counted so a trigger
 * nobody uses any more is dropped: with 100,000 topologies on a few thousand schedules, a few thousand
 * parsed crons instead of 100,000.
 */
export class TriggerCache {
  private readonly byKey = new Map<string, { trigger: CompiledTrigger; users: number }>();

  get size(): number {
    return this.byKey.size;
  }

  /** Throws what compileTrigger throws for a trigger that does not compile. */
  acquire(trigger: Trigger): CompiledTrigger {
    const key = keyOf(trigger);
    const cached = this.byKey.get(key);
    if (cached) {
      cached.users++;
      return cached.trigger;
    }
    const compiled = compileTrigger(trigger);
    this.byKey.set(key, { trigger: compiled, users: 1 });
    return compiled;
  }

  release(trigger: Trigger): void {
    const key = keyOf(trigger);
    const cached = this.byKey.get(key);
    if (cached && --cached.users === 0) this.byKey.delete(key);
  }

  clear(): void {
    this.byKey.clear();
  }
}

const keyOf = (trigger: Trigger): string =>
  trigger.type === 'AT' ? `AT ${trigger.time}` : `CRON ${trigger.timeZone} ${trigger.timeSpec}`;
