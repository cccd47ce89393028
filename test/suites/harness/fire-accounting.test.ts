// The fire accounting the benchmarks and the cluster suites share, on made-up deliveries and runs: missing,
// doubled, early and late deliveries, and the whole-second boundaries the two former accountings disagreed on.
import { runIdFor, taskIdFor, type RunInfo, type RunTaskInfo } from '@epoch/shared';
import { describe, expect, it } from 'vitest';
import {
  accountDeliveries,
  accountRuns,
  everySecondFires,
  nextSecond,
  periodicFires,
} from '../../harness/fire-accounting.js';
import type { Arrival } from '../../harness/http-sink.js';
import { IN_DOUBT_MESSAGE } from '../../../server/src/execution/delivery-policy.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const SECOND = 1000;

/** A delivery of `topologyId`'s fire at `fireTime`, arriving `lag` ms after it. */
function delivery(topologyId: string, fireTime: number, lag = 20, attempt = 1): Arrival {
  const runId = runIdFor('SCHEDULED', fireTime);
  return {
    at: fireTime + lag,
    fireTime,
    topologyId,
    runId,
    taskId: taskIdFor(topologyId, runId, 'hook'),
    attempt,
  };
}

function run(
  topologyId: string,
  fireTime: number,
  task: Partial<RunTaskInfo> = {},
  message?: string,
): RunInfo {
  const runId = runIdFor('SCHEDULED', fireTime);
  return {
    topologyId,
    runId,
    state: task.state === 'UNKNOWN' ? 'FAILED' : 'SUCCESSFUL',
    ...(message !== undefined && { message }),
    tasks: {
      hook: { taskId: taskIdFor(topologyId, runId, 'hook'), state: 'COMPLETED', attempts: 1, ...task },
    },
    runType: 'SCHEDULED',
    created: fireTime,
    updated: fireTime + 50,
  };
}

describe('the window', () => {
  it('nextSecond is strictly after: a time on a whole second gives the next one', () => {
    expect(nextSecond(T)).toBe(T + SECOND);
    expect(nextSecond(T - 1)).toBe(T);
    expect(nextSecond(T + 1)).toBe(T + SECOND);
    expect(nextSecond(T + 999)).toBe(T + SECOND);
  });

  it('is half-open on whole seconds: the fire at `from` is in, the one at `to` belongs to the next window', () => {
    const fires = everySecondFires(['a'], { from: T, to: T + 3 * SECOND });
    expect(fires.map((fire) => fire.fireTime)).toEqual([T, T + SECOND, T + 2 * SECOND]);
    const next = everySecondFires(['a'], { from: T + 3 * SECOND, to: T + 5 * SECOND });
    expect(next.map((fire) => fire.fireTime)).toEqual([T + 3 * SECOND, T + 4 * SECOND]);
    expect(everySecondFires(['a', 'b'], { from: T, to: T })).toEqual([]);
  });

  it('a window not on whole seconds holds the whole seconds inside it', () => {
    const fires = everySecondFires(['a'], { from: T - 1, to: T + SECOND + 1 });
    expect(fires.map((fire) => fire.fireTime)).toEqual([T, T + SECOND]);
  });

  it('periodic fires keep their offset in the period', () => {
    expect([...periodicFires(7 * SECOND, 60 * SECOND, T, T + 2 * 60 * SECOND)]).toEqual([
      T + 7 * SECOND,
      T + 67 * SECOND,
    ]);
    // The fire at exactly `to` is out, at exactly `from` in.
    expect([...periodicFires(0, 60 * SECOND, T, T + 60 * SECOND)]).toEqual([T]);
  });
});

describe('accountDeliveries', () => {
  const expected = everySecondFires(['a', 'b'], { from: T, to: T + 3 * SECOND });

  it('every fire delivered once: nothing missing, nothing doubled', () => {
    const arrivals = expected.map((fire) => delivery(fire.topologyId, fire.fireTime));
    const accounting = accountDeliveries(expected, arrivals);
    expect(accounting).toMatchObject({ expected: 6, arrived: 6, missing: 0, duplicates: 0, idMismatches: 0 });
    expect(accounting.inWindow).toHaveLength(6);
  });

  it('a fire with no delivery is missing, and named', () => {
    const arrivals = expected.slice(1).map((fire) => delivery(fire.topologyId, fire.fireTime));
    const accounting = accountDeliveries(expected, arrivals);
    expect(accounting).toMatchObject({ expected: 6, arrived: 5, missing: 1, duplicates: 0 });
    expect(accounting.missingFires).toEqual([expected[0]]);
  });

  it('a fire delivered twice counts once as arrived and once as a duplicate; lag comes from the first', () => {
    const arrivals = expected.map((fire) => delivery(fire.topologyId, fire.fireTime));
    arrivals.push(delivery('a', T + SECOND, 900, 2));
    const accounting = accountDeliveries(expected, arrivals);
    expect(accounting).toMatchObject({ arrived: 6, missing: 0, duplicates: 1 });
    expect(
      accounting.inWindow.find((arrival) => arrival.fireTime === T + SECOND && arrival.topologyId === 'a'),
    ).toMatchObject({ at: T + SECOND + 20, attempt: 1 });
  });

  it('a delivery outside the window is not counted in it, but still doubles a fire it repeats', () => {
    const arrivals = expected.map((fire) => delivery(fire.topologyId, fire.fireTime));
    arrivals.push(delivery('a', T + 3 * SECOND), delivery('a', T + 3 * SECOND));
    const accounting = accountDeliveries(expected, arrivals);
    expect(accounting).toMatchObject({ expected: 6, arrived: 6, missing: 0, duplicates: 1 });
  });

  it('a late delivery counts for the fire it names, not for the second it arrived in', () => {
    // a@T arrives 2.5 s late, in a@T+2's second; a@T+2 itself never arrives.
    const arrivals = [
      delivery('a', T, 2_500),
      delivery('a', T + SECOND),
      ...expected.filter((fire) => fire.topologyId === 'b').map((fire) => delivery('b', fire.fireTime)),
    ];
    const accounting = accountDeliveries(expected, arrivals);
    expect(accounting.missingFires).toEqual([{ topologyId: 'a', fireTime: T + 2 * SECOND }]);
    expect(accounting.duplicates).toBe(0);
    expect(Math.max(...accounting.inWindow.map((arrival) => arrival.at - arrival.fireTime))).toBe(2_500);
  });

  it('an early delivery (before its fire time) still counts for its fire, its negative lag kept', () => {
    const arrivals = expected.map((fire) => delivery(fire.topologyId, fire.fireTime, -300));
    const accounting = accountDeliveries(expected, arrivals);
    expect(accounting).toMatchObject({ arrived: 6, missing: 0 });
    expect(accounting.inWindow.every((arrival) => arrival.at - arrival.fireTime === -300)).toBe(true);
  });

  it('the whole-second edge: a fire time off the whole second by a millisecond is not that fire', () => {
    const only = [{ topologyId: 'a', fireTime: T + SECOND }];
    for (const stamped of [T + SECOND - 1, T + SECOND + 1, T + SECOND + 400]) {
      const accounting = accountDeliveries(only, [delivery('a', stamped)]);
      expect(accounting).toMatchObject({ expected: 1, arrived: 0, missing: 1, duplicates: 0 });
    }
    // Nor do two deliveries a few ms apart fold into one fire and a duplicate.
    const both = accountDeliveries(only, [delivery('a', T + SECOND), delivery('a', T + SECOND + 3)]);
    expect(both).toMatchObject({ arrived: 1, missing: 0, duplicates: 0 });
  });

  it('a run id not derived from the fire time is reported', () => {
    const arrivals = [{ ...delivery('a', T), runId: runIdFor('SCHEDULED', T + 1) }];
    const accounting = accountDeliveries([{ topologyId: 'a', fireTime: T }], arrivals);
    expect(accounting).toMatchObject({ arrived: 1, idMismatches: 1 });
  });
});

describe('accountRuns', () => {
  const window = { from: T, to: T + 2 * SECOND };
  const expected = everySecondFires(['a'], window);

  it('every fire recorded and delivered once', () => {
    const runs = expected.map((fire) => run('a', fire.fireTime));
    const arrivals = expected.map((fire) => delivery('a', fire.fireTime));
    const accounting = accountRuns(expected, runs, arrivals);
    expect(accounting).toMatchObject({
      expected: 2,
      missing: [],
      states: { SUCCESSFUL: 2 },
      duplicateDeliveries: [],
      unrecordedDeliveries: [],
      resent: 0,
    });
  });

  it('a fire with no run is missing; a run for the fire at `to` is not counted in the window', () => {
    const runs = [run('a', T + SECOND), run('a', T + 2 * SECOND)];
    const accounting = accountRuns(expected, runs, []);
    expect(accounting.missing).toEqual([`a ${new Date(T).toISOString()}`]);
    expect(accounting.states).toEqual({ SUCCESSFUL: 1 });
    expect(accounting.runs).toHaveLength(2);
  });

  it('a run off the whole second by a millisecond is not the fire', () => {
    const accounting = accountRuns([{ topologyId: 'a', fireTime: T }], [run('a', T + 1)], []);
    expect(accounting.missing).toHaveLength(1);
  });

  it('the same attempt delivered twice is a duplicate; a recorded second attempt is a resend', () => {
    const runs = [run('a', T), run('a', T + SECOND, { attempts: 2 })];
    const arrivals = [
      delivery('a', T),
      delivery('a', T, 40),
      delivery('a', T + SECOND, 20, 1),
      delivery('a', T + SECOND, 4_000, 2),
    ];
    const accounting = accountRuns(expected, runs, arrivals);
    expect(accounting.duplicateDeliveries).toEqual([`${runs[0]!.tasks.hook!.taskId} #1`]);
    expect(accounting.resent).toBe(1);
    expect(accounting.unrecordedDeliveries).toEqual([]);
  });

  it('a delivery beyond the attempts recorded is unrecorded; AT_MOST_ONCE delivered twice is a broken promise', () => {
    const runs = expected.map((fire) => run('a', fire.fireTime));
    const arrivals = [delivery('a', T), delivery('a', T, 3_000, 2), delivery('a', T + SECOND)];
    const accounting = accountRuns(expected, runs, arrivals, { atMostOnce: new Set(['a']) });
    expect(accounting.unrecordedDeliveries).toEqual([`${runs[0]!.tasks.hook!.taskId} #2`]);
    expect(accounting.repeatedAtMostOnce).toEqual([runs[0]!.tasks.hook!.taskId]);
    expect(accounting.duplicateDeliveries).toEqual([]);
  });

  it('a task left UNKNOWN must say it is in doubt', () => {
    const runs = [
      run('a', T, { state: 'UNKNOWN' }, IN_DOUBT_MESSAGE),
      run('a', T + SECOND, { state: 'UNKNOWN' }, 'lost'),
    ];
    const accounting = accountRuns(expected, runs, []);
    expect(accounting.inDoubt).toBe(1);
    expect(accounting.inDoubtMislabelled).toEqual([`${runs[1]!.runId} (FAILED: lost)`]);
  });
});
