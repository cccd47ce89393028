// The takeover's race with live changes, with stand-ins for ZooKeeper, Docker and the launcher: what is
// checked is which version of each topology the scheduler ends with.
import { EventEmitter } from 'node:events';
import type { TopologyDetails } from '@epoch/shared';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { EventBus } from '../events/event-bus.js';
import { Scheduler } from '../scheduling/scheduler.js';
import { TopologyCatalog } from '../topologies/topology-catalog.js';
import { LeaderDuties, type LeaderDutiesDeps } from './leader-duties.js';

const T0 = Date.parse('2030-01-01T10:00:00Z');

const topology = (id: string, timeSpec: string): TopologyDetails => ({
  id,
  state: 'ACTIVE',
  created: T0,
  updated: T0,
  topology: {
    name: id,
    task: { type: 'HTTP', taskName: 'call', method: 'POST', url: 'http://x.test/', headers: {} },
    trigger: { type: 'CRON', timeSpec, timeZone: 'UTC' },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'RUN_ONCE',
    startingDeadlineSeconds: 300,
  },
});

const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

/** Duties over what `list` lists, their reads of last scheduled fires held until `readSchedules()`. */
function setup(list: () => TopologyDetails[]) {
  const clock = new ManualClock(T0);
  const logger = pino({ level: 'silent' });
  const bus = new EventBus();
  const scheduler = new Scheduler(clock, ({ now }) => now, logger);
  const election = Object.assign(new EventEmitter(), { isLeader: true });
  let readSchedules!: () => void;
  const schedulesRead = new Promise<void>((resolve) => (readSchedules = resolve));
  let tookOver!: () => void;
  const done = new Promise<void>((resolve) => (tookOver = resolve));
  let retentionStarts = 0;
  const deps = {
    election,
    scheduler,
    launcher: {
      handles: () => false,
      adopt: () => undefined,
      cancelRuns: () => undefined,
      stopAll: () => undefined,
    },
    topologies: { list: async () => list() },
    catalog: new TopologyCatalog(bus),
    schedules: { lastScheduledFire: async () => schedulesRead.then(() => null) },
    runs: { listActive: async () => [] },
    runtime: { watch: () => ({ done: new Promise(() => undefined) }) },
    exits: { onExit: () => undefined },
    retention: {
      start: () => {
        retentionStarts++;
        tookOver();
      },
      stop: () => undefined,
    },
    bus,
    clock,
    logger,
  } as unknown as LeaderDutiesDeps;
  const duties = new LeaderDuties(deps);
  return { bus, scheduler, election, duties, readSchedules, done, retentionStarts: () => retentionStarts };
}

describe('LeaderDuties takeover', () => {
  it('keeps what changed while it read ZooKeeper: the newer version, not the one it listed', async () => {
    const { bus, scheduler, duties, readSchedules, done } = setup(() => [
      topology('edited', '0 * * * * ?'),
      topology('deleted', '0 * * * * ?'),
      topology('untouched', '0 * * * * ?'),
    ]);
    duties.start();
    await nextMacrotask();
    bus.publish({ type: 'TOPOLOGY_CHANGED', topology: topology('edited', '30 * * * * ?') });
    bus.publish({ type: 'TOPOLOGY_DELETED', topologyId: 'deleted' });
    readSchedules();
    await done;

    expect(scheduler.nextFireOf('edited')).toBe(T0 + 30_000);
    expect(scheduler.nextFireOf('deleted')).toBeUndefined();
    expect(scheduler.nextFireOf('untouched')).toBe(T0 + 60_000);
    duties.stop();
  });

  it('schedules nothing it read once leadership was lost meanwhile', async () => {
    const { scheduler, election, duties, readSchedules } = setup(() => [topology('listed', '0 * * * * ?')]);
    duties.start();
    await nextMacrotask();
    election.isLeader = false;
    election.emit('leadership', false);
    readSchedules();
    await nextMacrotask();

    expect(scheduler.enabled).toBe(false);
    expect(scheduler.nextFireOf('listed')).toBeUndefined();
    duties.stop();
  });

  it('lets a takeover overtaken by a newer term of leadership do nothing more', async () => {
    const listings = [[topology('listed', '0 * * * * ?')], [topology('listed', '30 * * * * ?')]];
    const { scheduler, election, duties, readSchedules, done, retentionStarts } = setup(() =>
      listings.shift()!,
    );
    duties.start();
    await nextMacrotask();
    election.emit('leadership', false);
    election.emit('leadership', true);
    await nextMacrotask();
    readSchedules();
    await done;
    await nextMacrotask();

    expect(retentionStarts()).toBe(1);
    expect(scheduler.nextFireOf('listed')).toBe(T0 + 30_000);
    duties.stop();
  });
});
