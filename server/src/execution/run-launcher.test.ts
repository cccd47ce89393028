// What a fire becomes, on a manual clock with every interface faked: live fires, fires claimed ahead and held,
// adoption by a new leader, overlap, misfire and the loss of leadership mid-fire.
import { runIdFor } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import { cronTopology, firePath, T } from '../../test/support/fire-path.js';
import { ScriptedTaskRunner, succeed, untilAborted } from '../runners/scripted-task-runner.js';

const EVERY_10S = '0/10 * * * * ?';

describe('a fire at its time', () => {
  it('is claimed RUNNING with its fire recorded, runs its task once, and ends COMPLETED', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z' });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    expect(path.run('t', '2030-01-01T10:00:10Z')).toMatchObject({ state: 'SUCCESSFUL' });
    expect(path.runner.attempts.map((attempt) => attempt.fireTime)).toEqual([T('2030-01-01T10:00:10Z')]);
    expect(path.runs.recordedFires.get('t')).toBe(T('2030-01-01T10:00:10Z'));
    expect(path.launched).toEqual([{ runType: 'SCHEDULED', lagMs: 0 }]);
  });

  it('launches nothing when its run exists already: the fire was claimed by someone else', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z' });
    const runId = runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z'));
    await path.runs.claim(
      { topologyId: 't', runId, state: 'RUNNING', tasks: {}, runType: 'SCHEDULED', created: 0, updated: 0 },
      path.election.fence(),
    );
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    expect(path.runner.attempts).toEqual([]);
    expect(path.launched).toEqual([]);
  });

  it('makes a missing schedule node and claims again', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z' });
    path.runs.withoutSchedule.add('legacy');
    path.scheduler.start([{ topology: cronTopology('legacy', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    expect(path.run('legacy', '2030-01-01T10:00:10Z')?.state).toBe('SUCCESSFUL');
  });

  it('is nothing at all while the topology is paused: no run, no skip', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z' });
    path.scheduler.start([
      { topology: cronTopology('t', EVERY_10S, { state: 'PAUSED' }), after: path.clock.now() },
    ]);
    await path.at('2030-01-01T10:00:30Z');
    expect(path.states('t')).toEqual({});
    expect(path.skipped).toEqual([]);
    expect(path.scheduler.nextFireOf('t')).toBe(T('2030-01-01T10:00:40Z'));
  });

  it('is not claimed ahead, nor its missed fires recorded, while the topology is paused: no write at all', async () => {
    const path = firePath({ start: '2030-01-01T10:00:35Z', lookaheadMs: 3_000 });
    const paused = cronTopology('t', EVERY_10S, { state: 'PAUSED' });
    path.scheduler.start([{ topology: paused, after: T('2030-01-01T10:00:00Z') }]);
    await path.at('2030-01-01T10:00:38Z');
    expect(path.runs.writes).toEqual([]);
  });
});

describe('overlap', () => {
  it('SKIP records the fire SKIPPED, naming the run still going, and counts skips in a row', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z', runner: new ScriptedTaskRunner(untilAborted) });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    await path.at('2030-01-01T10:00:20Z');
    await path.at('2030-01-01T10:00:30Z');
    expect(path.run('t', '2030-01-01T10:00:20Z')).toMatchObject({
      state: 'SKIPPED',
      skippedInRow: 1,
      message: expect.stringContaining(runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z'))),
    });
    expect(path.run('t', '2030-01-01T10:00:30Z')).toMatchObject({ state: 'SKIPPED', skippedInRow: 2 });
    expect(path.skipped).toEqual(['overlap', 'overlap']);
    expect(path.launcher.skippedInRow).toBe(2);
    expect(path.runner.attempts).toHaveLength(1);
  });

  it('REPLACE cancels the run still going as the new one starts', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z', runner: new ScriptedTaskRunner(untilAborted) });
    const topology = cronTopology('t', EVERY_10S, { topology: { overlapPolicy: 'REPLACE' } });
    path.scheduler.start([{ topology, after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    await path.at('2030-01-01T10:00:20Z');
    expect(path.run('t', '2030-01-01T10:00:10Z')?.state).toBe('CANCELLED');
    expect(path.run('t', '2030-01-01T10:00:20Z')?.state).toBe('RUNNING');
    expect(path.runner.attempts).toHaveLength(2);
  });

  it('ALLOW runs both', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z', runner: new ScriptedTaskRunner(untilAborted) });
    const topology = cronTopology('t', EVERY_10S, { topology: { overlapPolicy: 'ALLOW' } });
    path.scheduler.start([{ topology, after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:20Z');
    expect(path.states('t')).toEqual({
      [runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z'))]: 'RUNNING',
      [runIdFor('SCHEDULED', T('2030-01-01T10:00:20Z'))]: 'RUNNING',
    });
  });
});

describe('misfire', () => {
  it('launches the latest due fire when late within the deadline and records the ones before it SKIPPED', async () => {
    const path = firePath({ start: '2030-01-01T10:00:35Z' });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: T('2030-01-01T10:00:00Z') }]);
    await path.at('2030-01-01T10:00:35Z');
    expect(path.states('t')).toEqual({
      [runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z'))]: 'SKIPPED',
      [runIdFor('SCHEDULED', T('2030-01-01T10:00:20Z'))]: 'SKIPPED',
      [runIdFor('SCHEDULED', T('2030-01-01T10:00:30Z'))]: 'SUCCESSFUL',
    });
    expect(path.skipped).toEqual(['misfire', 'misfire']);
    expect(path.launched).toEqual([{ runType: 'SCHEDULED', lagMs: 5_000 }]);
  });

  it('skips the latest due fire too when it is later than the starting deadline', async () => {
    const path = firePath({ start: '2030-01-01T10:12:00Z' });
    const topology = cronTopology('t', '0 0/10 * * * ?', { topology: { startingDeadlineSeconds: 60 } });
    path.scheduler.start([{ topology, after: T('2030-01-01T09:55:00Z') }]);
    await path.at('2030-01-01T10:12:00Z');
    expect(path.states('t')).toEqual({
      [runIdFor('SCHEDULED', T('2030-01-01T10:00:00Z'))]: 'SKIPPED',
      [runIdFor('SCHEDULED', T('2030-01-01T10:10:00Z'))]: 'SKIPPED',
    });
    expect(path.runner.attempts).toEqual([]);
  });
});

describe('a fire claimed ahead of its time', () => {
  const start = '2030-01-01T10:00:00Z';

  it('is CLAIMED, not begun, until its time, then begins with its first write and runs once', async () => {
    const path = firePath({ start, lookaheadMs: 3_000 });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:07Z');
    expect(path.run('t', '2030-01-01T10:00:10Z')).toMatchObject({
      state: 'CLAIMED',
      tasks: { call: { state: 'PENDING' } },
    });
    expect(path.runner.attempts).toEqual([]);
    expect(await path.runs.latest('t', T('2030-01-01T10:00:10Z'))).toBeNull();
    expect(
      path.launcher.handles('t', runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z')), T('2030-01-01T10:00:10Z')),
    ).toBe(true);
    const writesAtClaim = path.runs.writes.length;
    await path.at('2030-01-01T10:00:10Z');
    expect(path.run('t', '2030-01-01T10:00:10Z')?.state).toBe('SUCCESSFUL');
    expect(path.runner.attempts).toHaveLength(1);
    // Begun and launched in one write, ended in another: no write for the claim's sake.
    expect(path.runs.writes.length - writesAtClaim).toBe(2);
  });

  it('is withdrawn, its record removed, when the topology was paused by its time', async () => {
    const path = firePath({ start, lookaheadMs: 3_000 });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:08Z');
    path.scheduler.upsert(cronTopology('t', EVERY_10S, { state: 'PAUSED' }), path.clock.now());
    await path.at('2030-01-01T10:00:10Z');
    expect(path.states('t')).toEqual({});
    expect(path.runner.attempts).toEqual([]);
  });

  it('is SKIPPED when the schedule changed so that its time is no fire of it', async () => {
    const path = firePath({ start, lookaheadMs: 3_000 });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:08Z');
    path.scheduler.upsert(cronTopology('t', '0/15 * * * * ?'), path.clock.now());
    await path.at('2030-01-01T10:00:10Z');
    expect(path.run('t', '2030-01-01T10:00:10Z')).toMatchObject({
      state: 'SKIPPED',
      message: 'Skipped: schedule changed before its fire time',
    });
    expect(path.skipped).toEqual(['changed']);
    expect(path.runner.attempts).toEqual([]);
  });

  it('is SKIPPED at its time when the run before it is still going (overlap SKIP)', async () => {
    const path = firePath({ start, lookaheadMs: 3_000, runner: new ScriptedTaskRunner(untilAborted) });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    await path.at('2030-01-01T10:00:20Z');
    expect(path.run('t', '2030-01-01T10:00:20Z')).toMatchObject({ state: 'SKIPPED', skippedInRow: 1 });
    expect(path.runner.attempts).toHaveLength(1);
  });

  it('is dropped with the topology: deleting it removes its runs', async () => {
    const path = firePath({ start, lookaheadMs: 3_000 });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:08Z');
    path.scheduler.remove('t');
    path.launcher.cancelRuns('t', 'topology deleted');
    await path.at('2030-01-01T10:00:10Z');
    expect(path.runner.attempts).toEqual([]);
    expect(path.run('t', '2030-01-01T10:00:10Z')?.state).toBe('CLAIMED');
  });
});

describe('adoption by a new leader', () => {
  /** A leader claims the 10:00:10 fire ahead and goes; a new one takes over at `takeOverAt`. */
  async function handOver(takeOverAt: string, topology = cronTopology('t', EVERY_10S)) {
    const first = firePath({ start: '2030-01-01T10:00:00Z', lookaheadMs: 3_000 });
    first.scheduler.start([{ topology, after: first.clock.now() }]);
    await first.at('2030-01-01T10:00:08Z');
    first.scheduler.stop();
    first.launcher.stopAll();
    first.election.depose();
    const next = firePath({ start: takeOverAt, runner: new ScriptedTaskRunner(succeed) });
    for (const [key, run] of first.runs.runs) next.runs.runs.set(key, run);
    next.scheduler.start([{ topology, after: T('2030-01-01T10:00:10Z') }]);
    const claimed = (await next.runs.get('t', runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z'))))!;
    next.launcher.adopt(topology, claimed, T('2030-01-01T10:00:10Z'));
    await next.settle();
    return { first, next };
  }

  it('holds a claimed run whose time is still to come, and begins it then, once', async () => {
    const { first, next } = await handOver('2030-01-01T10:00:09Z');
    expect(next.run('t', '2030-01-01T10:00:10Z')?.state).toBe('CLAIMED');
    await next.at('2030-01-01T10:00:10Z');
    expect(next.run('t', '2030-01-01T10:00:10Z')?.state).toBe('SUCCESSFUL');
    expect(first.runner.attempts.length + next.runner.attempts.length).toBe(1);
  });

  it('begins a claimed run whose time passed within the misfire bounds', async () => {
    const { next } = await handOver('2030-01-01T10:00:13Z');
    expect(next.run('t', '2030-01-01T10:00:10Z')?.state).toBe('SUCCESSFUL');
    expect(next.runner.attempts).toHaveLength(1);
  });

  it('skips a claimed run whose time passed beyond the starting deadline, as a missed fire', async () => {
    const topology = cronTopology('t', EVERY_10S, { topology: { startingDeadlineSeconds: 10 } });
    const { next } = await handOver('2030-01-01T10:00:25Z', topology);
    expect(next.run('t', '2030-01-01T10:00:10Z')).toMatchObject({ state: 'SKIPPED' });
    expect(next.skipped).toEqual(['misfire']);
    expect(next.runner.attempts).toEqual([]);
  });

  it('withdraws a claimed run of a topology paused meanwhile', async () => {
    const first = firePath({ start: '2030-01-01T10:00:00Z', lookaheadMs: 3_000 });
    first.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: first.clock.now() }]);
    await first.at('2030-01-01T10:00:08Z');
    first.launcher.stopAll();
    const next = firePath({ start: '2030-01-01T10:00:12Z' });
    for (const [key, run] of first.runs.runs) next.runs.runs.set(key, run);
    const paused = cronTopology('t', EVERY_10S, { state: 'PAUSED' });
    const claimed = (await next.runs.get('t', runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z'))))!;
    next.launcher.adopt(paused, claimed, T('2030-01-01T10:00:10Z'));
    await next.settle();
    expect(next.states('t')).toEqual({});
  });

  it('continues a begun run, sending a call the previous leader may have sent again as a new attempt', async () => {
    const path = firePath({ start: '2030-01-01T10:00:30Z' });
    const run = await path.leftBegun('t', '2030-01-01T10:00:10Z', 'call', 'STARTING');
    path.launcher.adopt(cronTopology('t', EVERY_10S), run, T('2030-01-01T10:00:10Z'));
    await path.settle();
    // An HTTP call a previous leader may have sent goes again as a new attempt (AT_LEAST_ONCE), recorded first.
    expect(path.runner.attempts.map(({ attempt, resume }) => ({ attempt, resume }))).toEqual([
      { attempt: 2, resume: false },
    ]);
    expect(path.run('t', '2030-01-01T10:00:10Z')?.state).toBe('SUCCESSFUL');
  });
});

describe('leadership lost mid-fire', () => {
  it('stops acting: the running attempt is aborted, no write lands, the run stays for the next leader', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z', runner: new ScriptedTaskRunner(untilAborted) });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    await path.at('2030-01-01T10:00:10Z');
    const writes = path.runs.writes.length;
    path.election.depose();
    path.scheduler.stop();
    path.launcher.stopAll();
    await path.settle();
    expect(path.runner.attempts[0]?.signal.aborted).toBe(true);
    expect(path.runs.writes.length).toBe(writes);
    expect(path.run('t', '2030-01-01T10:00:10Z')?.state).toBe('RUNNING');
    expect(await path.runs.listActive()).toEqual([
      { topologyId: 't', runId: runIdFor('SCHEDULED', T('2030-01-01T10:00:10Z')) },
    ]);
  });

  it('claims nothing once the fence fails, even before the leader hears of it', async () => {
    const path = firePath({ start: '2030-01-01T10:00:00Z' });
    path.scheduler.start([{ topology: cronTopology('t', EVERY_10S), after: path.clock.now() }]);
    // Deposed in ZooKeeper's eyes (the fence no longer holds) while this node still believes it leads.
    path.runs.fenceLost = true;
    await path.at('2030-01-01T10:00:10Z');
    expect(path.states('t')).toEqual({});
    expect(path.runner.attempts).toEqual([]);
  });
});
