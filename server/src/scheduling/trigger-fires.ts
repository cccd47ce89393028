import { nextFireAfter, parseQuartzCron, type QuartzCron, type Trigger } from '@epoch/shared';

/** A trigger compiled once, so the hot path only does fire-time arithmetic. */
export interface CompiledTrigger {
  /** The first fire strictly after `after`, or null when there is none. */
  nextAfter(after: number): number | null;
}

export function compileTrigger(trigger: Trigger): CompiledTrigger {
  if (trigger.type === 'AT') {
    return { nextAfter: (after) => (trigger.time > after ? trigger.time : null) };
  }
  const cron: QuartzCron = parseQuartzCron(trigger.timeSpec);
  return { nextAfter: (after) => nextFireAfter(cron, trigger.timeZone, after) };
}
