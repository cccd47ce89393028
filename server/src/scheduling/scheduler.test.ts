import type { TopologyDetails } from '@epoch/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { planFires, type FirePlan } from './fire-planner.js';
import { Scheduler } from './scheduler.js';

const T = (iso: string) => Date.parse(iso);

const topology = (id: string, timeSpec: string, timeZone = 'UTC'): TopologyDetails => ({
  id,
  state: 'ACTIVE',
  created: 0,
  updated: 0,
  topology: {
    name: id,
    task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://x.test/', headers: {} },
    trigger: { type: 'CRON', timeSpec, timeZone },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
});

function setup(start = '2030-01-01T10:00:00Z', lookaheadMs = 0) {
  const clock = new ManualClock(T(start));
  const fired: Array<{ topology: TopologyDetails; plan: FirePlan }> = [];
  // Plans as the launcher does: the scheduler only says when, and schedules on from what the plan accounted for.
  const onDue = ({
    topology,
    trigger,
    after,
    now,
  }: Parameters<ConstructorParameters<typeof Scheduler>[1]>[0]) => {
    const plan = planFires({ trigger, policy: topology.topology, after, now });
    if (plan.launch !== null || plan.skipped.length > 0) fired.push({ topology, plan });
    return plan.lastScheduledFire;
  };
  const scheduler = new Scheduler(clock, onDue, pino({ level: 'silent' }), { lookaheadMs });
  const launches = () => fired.map((due) => [due.topology.id, new Date(due.plan.launch!).toISOString()]);
  return { clock, scheduler, fired, launches };
}

describe('Scheduler', () => {
  it('fires every topology at its own times from one timer', () => {
    const { clock, scheduler, launches } = setup();
    scheduler.start([
      { topology: topology('every-20s', '0/20 * * * * ?'), after: clock.now() },
      { topology: topology('every-30s', '0/30 * * * * ?'), after: clock.now() },
    ]);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(60_000);
    expect(launches()).toEqual([
      ['every-20s', '2030-01-01T10:00:20.000Z'],
      ['every-30s', '2030-01-01T10:00:30.000Z'],
      ['every-20s', '2030-01-01T10:00:40.000Z'],
      ['every-20s', '2030-01-01T10:01:00.000Z'],
      ['every-30s', '2030-01-01T10:01:00.000Z'],
    ]);
    expect(clock.pendingTimers).toBe(1);
  });

  it('computes the next fire from the scheduled one, so late timers do not drift the schedule', () => {
    const { clock, scheduler, fired } = setup();
    scheduler.start([{ topology: topology('t', '0 * * * * ?'), after: clock.now() }]);
    clock.set('2030-01-01T10:01:03Z'); // the timer ran 3 s late
    expect(fired[0]?.plan.launch).toBe(T('2030-01-01T10:01:00Z'));
    expect(scheduler.nextFireOf('t')).toBe(T('2030-01-01T10:02:00Z'));
  });

  it('applies a changed trigger at once and removes a deleted topology for good', () => {
    const { clock, scheduler, launches } = setup();
    scheduler.start([{ topology: topology('t', '0 0 * * * ?'), after: clock.now() }]);
    scheduler.upsert(topology('t', '0/10 * * * * ?'), clock.now());
    clock.advance(10_000);
    scheduler.remove('t');
    clock.advance(3_600_000);
    expect(launches()).toEqual([['t', '2030-01-01T10:00:10.000Z']]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps one entry per topology however often it is upserted', () => {
    const { clock, scheduler, launches } = setup();
    scheduler.start([]);
    for (let i = 0; i < 3; i++) scheduler.upsert(topology('t', '0 * * * * ?'), clock.now());
    clock.advance(60_000);
    expect(launches()).toEqual([['t', '2030-01-01T10:01:00.000Z']]);
    expect(scheduler.size).toBe(1);
  });

  it('plans missed fires at start from the persisted last fire (misfire after downtime)', () => {
    const { clock, scheduler, fired } = setup('2030-01-01T10:03:30Z');
    scheduler.start([{ topology: topology('t', '0 * * * * ?'), after: T('2030-01-01T10:00:00Z') }]);
    clock.advance(0);
    expect(fired).toHaveLength(1);
    expect(fired[0]?.plan.launch).toBe(T('2030-01-01T10:03:00Z'));
    expect(fired[0]?.plan.skipped.map((s) => s.fireTime)).toEqual([
      T('2030-01-01T10:01:00Z'),
      T('2030-01-01T10:02:00Z'),
    ]);
  });

  it('does nothing while stopped, and start and stop are idempotent', () => {
    const { clock, scheduler, fired } = setup();
    scheduler.upsert(topology('t', '* * * * * ?'), clock.now());
    clock.advance(5_000);
    expect(fired).toHaveLength(0);
    scheduler.start([{ topology: topology('t', '* * * * * ?'), after: clock.now() }]);
    scheduler.start([{ topology: topology('t', '* * * * * ?'), after: clock.now() }]);
    clock.advance(3_000);
    expect(fired).toHaveLength(3);
    scheduler.stop();
    scheduler.stop();
    clock.advance(3_000);
    expect(fired).toHaveLength(3);
    expect(scheduler.size).toBe(0);
  });

  it('fires in the topology time zone across a DST change', () => {
    const { clock, scheduler, launches } = setup('2030-03-30T00:00:00Z');
    scheduler.start([{ topology: topology('berlin', '0 30 1 * * ?', 'Europe/Berlin'), after: clock.now() }]);
    clock.set('2030-04-01T00:00:00Z');
    // Clocks go forward at 02:00 on 31 March: 01:30 is still CET (00:30Z) that day, CEST (23:30Z) after.
    expect(launches()).toEqual([
      ['berlin', '2030-03-30T00:30:00.000Z'],
      ['berlin', '2030-03-31T00:30:00.000Z'],
      ['berlin', '2030-03-31T23:30:00.000Z'],
    ]);
  });

  it('hands fires over ahead of their time, planned as of the fire time', () => {
    const { clock, scheduler, fired, launches } = setup('2030-01-01T10:00:00Z', 3_000);
    scheduler.start([{ topology: topology('t', '0/10 * * * * ?'), after: clock.now() }]);
    clock.set('2030-01-01T10:00:06.999Z');
    expect(fired).toHaveLength(0);
    clock.set('2030-01-01T10:00:07Z');
    expect(launches()).toEqual([['t', '2030-01-01T10:00:10.000Z']]);
    expect(fired[0]?.plan.skipped).toEqual([]);
    // Until the handed-over fire comes, it is still the next one.
    expect(scheduler.nextFireOf('t')).toBe(T('2030-01-01T10:00:10Z'));
    clock.set('2030-01-01T10:00:10Z');
    expect(scheduler.nextFireOf('t')).toBe(T('2030-01-01T10:00:20Z'));
  });

  it('says at a fire time whether it is still a fire of the topology as scheduled now', () => {
    const { clock, scheduler } = setup('2030-01-01T10:00:00Z', 3_000);
    scheduler.start([{ topology: topology('t', '0/10 * * * * ?'), after: clock.now() }]);
    expect(scheduler.scheduledAt('t', T('2030-01-01T10:00:10Z'))?.id).toBe('t');
    expect(scheduler.scheduledAt('t', T('2030-01-01T10:00:15Z'))).toBeNull();
    scheduler.upsert(topology('t', '0/15 * * * * ?'), clock.now());
    expect(scheduler.scheduledAt('t', T('2030-01-01T10:00:10Z'))).toBeNull();
    expect(scheduler.scheduledAt('t', T('2030-01-01T10:00:15Z'))?.id).toBe('t');
    scheduler.remove('t');
    expect(scheduler.scheduledAt('t', T('2030-01-01T10:00:15Z'))).toBeNull();
  });

  it('drops the due fires of a handler that throws, and goes on with the next ones', () => {
    const clock = new ManualClock(T('2030-01-01T10:00:00Z'));
    const handled: number[] = [];
    const scheduler = new Scheduler(
      clock,
      ({ now }) => {
        handled.push(now);
        if (handled.length === 1) throw new Error('handler bug');
        return now;
      },
      pino({ level: 'silent' }),
    );
    scheduler.start([{ topology: topology('t', '0/10 * * * * ?'), after: clock.now() }]);
    clock.set('2030-01-01T10:00:20Z');
    expect(handled).toEqual([T('2030-01-01T10:00:10Z'), T('2030-01-01T10:00:20Z')]);
    expect(scheduler.nextFireOf('t')).toBe(T('2030-01-01T10:00:30Z'));
  });
});
