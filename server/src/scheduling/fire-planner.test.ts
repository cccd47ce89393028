import { describe, expect, it } from 'vitest';
import { MAX_MISSED_FIRES, planFires } from './fire-planner.js';
import { compileTrigger } from './trigger-fires.js';

const T = (iso: string) => Date.parse(iso);
const everyMinute = compileTrigger({ type: 'CRON', timeSpec: '0 * * * * ?', timeZone: 'UTC' });
const runOnce = { misfirePolicy: 'RUN_ONCE', startingDeadlineSeconds: 300 } as const;
const skip = { misfirePolicy: 'SKIP', startingDeadlineSeconds: 300 } as const;

describe('planFires', () => {
  it.each([
    {
      name: 'nothing due yet',
      // spec
      policy: runOnce,
      // status
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:00:30Z'),
      // expectations
      launch: null,
      skipped: [],
      next: T('2030-01-01T10:01:00Z'),
    },
    {
      name: 'on time, RUN_ONCE',
      policy: runOnce,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:01:00.020Z'),
      launch: T('2030-01-01T10:01:00Z'),
      skipped: [],
      next: T('2030-01-01T10:02:00Z'),
    },
    {
      name: 'on time, SKIP: a punctual fire runs whatever the misfire policy',
      policy: skip,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:01:04Z'),
      launch: T('2030-01-01T10:01:00Z'),
      skipped: [],
      next: T('2030-01-01T10:02:00Z'),
    },
    {
      name: 'down 3 minutes, RUN_ONCE: the latest missed fire runs, the others are skipped',
      policy: runOnce,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:03:30Z'),
      launch: T('2030-01-01T10:03:00Z'),
      skipped: [T('2030-01-01T10:01:00Z'), T('2030-01-01T10:02:00Z')],
      next: T('2030-01-01T10:04:00Z'),
    },
    {
      name: 'down 3 minutes, SKIP: everything missed is skipped',
      policy: skip,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:03:30Z'),
      launch: null,
      skipped: [T('2030-01-01T10:01:00Z'), T('2030-01-01T10:02:00Z'), T('2030-01-01T10:03:00Z')],
      next: T('2030-01-01T10:04:00Z'),
    },
    {
      name: 'late beyond the starting deadline, RUN_ONCE',
      policy: { misfirePolicy: 'RUN_ONCE', startingDeadlineSeconds: 20 } as const,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:01:30Z'),
      launch: null,
      skipped: [T('2030-01-01T10:01:00Z')],
      next: T('2030-01-01T10:02:00Z'),
    },
  ])('$name', ({ policy, after, now, launch, skipped, next }) => {
    const plan = planFires({ trigger: everyMinute, policy, after, now });
    expect(plan.launch).toBe(launch);
    expect(plan.skipped.map((s) => s.fireTime)).toEqual(skipped);
    expect(plan.next).toBe(next);
    expect(plan.lastScheduledFire).toBe(launch ?? skipped.at(-1) ?? null);
  });

  it('names why a fire was skipped', () => {
    const plan = planFires({
      trigger: everyMinute,
      policy: { misfirePolicy: 'RUN_ONCE', startingDeadlineSeconds: 20 } as const,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:01:30Z'),
    });
    expect(plan.skipped[0]?.reason).toBe('missed by 30 s, beyond startingDeadlineSeconds (20)');
  });

  it('bounds what a long outage records, counting the rest', () => {
    const plan = planFires({
      trigger: everyMinute,
      policy: runOnce,
      after: T('2030-01-01T00:00:00Z'),
      now: T('2030-01-02T00:00:10Z'),
    });
    expect(plan.launch).toBe(T('2030-01-02T00:00:00Z'));
    expect(plan.skipped).toHaveLength(MAX_MISSED_FIRES);
    expect(plan.skipped[0]?.reason).toContain(`and ${1440 - 1 - MAX_MISSED_FIRES} earlier missed fires`);
  });

  it('fires an AT trigger once, at its time', () => {
    const at = compileTrigger({ type: 'AT', time: T('2030-01-01T10:00:02Z') });
    const early = planFires({
      trigger: at,
      policy: runOnce,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:00:01Z'),
    });
    expect(early).toEqual({
      launch: null,
      skipped: [],
      next: T('2030-01-01T10:00:02Z'),
      lastScheduledFire: null,
    });
    const due = planFires({
      trigger: at,
      policy: runOnce,
      after: T('2030-01-01T10:00:00Z'),
      now: T('2030-01-01T10:00:02Z'),
    });
    expect(due).toEqual({
      launch: T('2030-01-01T10:00:02Z'),
      skipped: [],
      next: null,
      lastScheduledFire: T('2030-01-01T10:00:02Z'),
    });
    const after = planFires({
      trigger: at,
      policy: runOnce,
      after: T('2030-01-01T10:00:02Z'),
      now: T('2030-01-01T10:05:00Z'),
    });
    expect(after.launch).toBeNull();
    expect(after.next).toBeNull();
  });

  it('plans in the trigger time zone', () => {
    const berlinNine = compileTrigger({ type: 'CRON', timeSpec: '0 0 9 * * ?', timeZone: 'Europe/Berlin' });
    const plan = planFires({
      trigger: berlinNine,
      policy: runOnce,
      after: T('2030-07-01T00:00:00Z'),
      now: T('2030-07-01T00:00:00Z'),
    });
    expect(plan.next).toBe(T('2030-07-01T07:00:00Z'));
  });
});
