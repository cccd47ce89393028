import type { Clock } from '../../src/time/clock.js';

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  set(instant: number | string): void {
    this.current = typeof instant === 'string' ? Date.parse(instant) : instant;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
