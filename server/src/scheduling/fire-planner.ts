import type { Topology } from '@epoch/shared';
import type { CompiledTrigger } from './trigger-fires.js';

/** A fire this late or less is on time, whatever the misfire policy. */
export const MISFIRE_THRESHOLD_MS = 5_000;
/** At most this many missed fires are looked at, and recorded, per plan: never a flood. */
export const MAX_MISSED_FIRES = 10;

export interface SkippedFire {
  fireTime: number;
  reason: string;
}

export interface FirePlan {
  /** The fire to launch now, if any. */
  launch: number | null;
  /** Fires not run, each to be recorded as a SKIPPED run with its reason (newest last). */
  skipped: SkippedFire[];
  /** The fire to wait for next; null when the trigger has no more. */
  next: number | null;
  /** The last fire this plan accounted for: persist it, and plan from it next time. */
  lastScheduledFire: number | null;
}

export interface PlanInput {
  trigger: CompiledTrigger;
  policy: Pick<Topology, 'misfirePolicy' | 'startingDeadlineSeconds'>;
  /** The last fire already accounted for, or the instant scheduling began (creation, unpause). */
  after: number;
  now: number;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Decides what happens to every fire due in (after, now]. Pure: the same input always gives the
 * same plan. The latest due fire launches when on time, or when late but within the starting
 * deadline under RUN_ONCE; every other due fire is skipped with a reason (at most
 * MAX_MISSED_FIRES of them are listed, the oldest carrying the count of the rest).
 */
export function planFires({ trigger, policy, after, now }: PlanInput): FirePlan {
  const due: number[] = [];
  let uncounted = 0;
  let next = trigger.nextAfter(after);
  while (next !== null && next <= now) {
    due.push(next);
    if (due.length > MAX_MISSED_FIRES + 1) {
      due.shift();
      uncounted++;
    }
    next = trigger.nextAfter(next);
  }
  const latest = due.pop();
  if (latest === undefined) return { launch: null, skipped: [], next, lastScheduledFire: null };

  const skipped: SkippedFire[] = due.map((fireTime) => ({
    fireTime,
    reason: 'missed: a later fire was already due',
  }));
  if (uncounted > 0 && skipped[0]) {
    skipped[0].reason += ` (and ${uncounted} earlier missed fires not recorded)`;
  }

  const lateness = now - latest;
  const deadlineMs = policy.startingDeadlineSeconds * 1000;
  let launch: number | null = null;
  if (lateness <= MISFIRE_THRESHOLD_MS) launch = latest;
  else if (policy.misfirePolicy === 'SKIP') {
    skipped.push({ fireTime: latest, reason: `missed by ${seconds(lateness)} (misfire policy SKIP)` });
  } else if (lateness <= deadlineMs) launch = latest;
  else {
    skipped.push({
      fireTime: latest,
      reason: `missed by ${seconds(lateness)}, beyond startingDeadlineSeconds (${policy.startingDeadlineSeconds})`,
    });
  }
  return { launch, skipped, next, lastScheduledFire: latest };
}
