import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/support/manual-clock.js';
import { FireTimeGate } from './fire-time-gate.js';

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
});
