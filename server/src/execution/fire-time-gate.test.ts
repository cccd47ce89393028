import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { FireTimeGate, RELEASE_SLICE } from './fire-time-gate.js';

function setup() {
  const clock = new ManualClock(0);
  const released: Array<[string, number, number]> = [];
  const gate = new FireTimeGate<string>(clock, (item, fireTime) =>
    released.push([item, fireTime, clock.now()]),
  );
  return { clock, gate, released };
}

describe('FireTimeGate', () => {
  it('releases items at their fire time, in the order held, with one timer per fire time', () => {
    const { clock, gate, released } = setup();
    gate.hold(2_000, 'b', 'b');
    gate.hold(1_000, 'a', 'a');
    gate.hold(2_000, 'c', 'c');
    expect(clock.pendingTimers).toBe(2);
    expect(gate.has(2_000, 'c')).toBe(true);
    clock.advance(1_999);
    expect(released).toEqual([['a', 1_000, 1_000]]);
    clock.advance(1);
    expect(released.slice(1)).toEqual([
      ['b', 2_000, 2_000],
      ['c', 2_000, 2_000],
    ]);
    expect(gate.has(2_000, 'c')).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('drops what it is told to, and everything on clear, timers included', () => {
    const { clock, gate, released } = setup();
    gate.hold(1_000, 'x/1', 'x');
    gate.hold(1_000, 'y/1', 'y');
    gate.hold(3_000, 'x/3', 'x');
    expect(gate.dropWhere((item) => item === 'x')).toEqual(['x', 'x']);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(5_000);
    expect(released).toEqual([['y', 1_000, 1_000]]);
    gate.hold(6_000, 'z', 'z');
    gate.clear();
    clock.advance(5_000);
    expect(released).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('releases a crowded fire time a slice per macrotask; what is not released yet can still be dropped', async () => {
    const { clock, gate, released } = setup();
    const count = RELEASE_SLICE * 2 + 50;
    const keys = Array.from({ length: count }, (_, i) => `t${i}`);
    for (const key of keys) gate.hold(1_000, key, key);
    clock.advance(1_000);
    expect(released.map(([item]) => item)).toEqual(keys.slice(0, RELEASE_SLICE));
    expect(gate.has(1_000, `t${RELEASE_SLICE}`)).toBe(true);

    expect(gate.dropWhere((item) => item === `t${RELEASE_SLICE + 1}` || item === 't0')).toEqual([
      `t${RELEASE_SLICE + 1}`,
    ]);
    await nextMacrotask();
    expect(released).toHaveLength(RELEASE_SLICE * 2);
    await nextMacrotask();
    expect(released.map(([item]) => item)).toEqual(keys.filter((key) => key !== `t${RELEASE_SLICE + 1}`));
    expect(released.every(([, fireTime, at]) => fireTime === 1_000 && at === 1_000)).toBe(true);
    expect(gate.has(1_000, `t${count - 1}`)).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops releasing a crowded fire time on clear', async () => {
    const { clock, gate, released } = setup();
    for (let i = 0; i < RELEASE_SLICE + 10; i++) gate.hold(1_000, `t${i}`, `t${i}`);
    clock.advance(1_000);
    gate.clear();
    await nextMacrotask();
    expect(released).toHaveLength(RELEASE_SLICE);
  });
});
