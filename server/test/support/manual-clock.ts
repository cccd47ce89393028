import type { Clock } from '../../src/time/clock.js';

interface Timer {
  at: number;
  fn: () => void;
  seq: number;
}

/** A clock that moves only when told to; timers fire, in time order, as it passes them. */
export class ManualClock implements Clock {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimer(at: number, fn: () => void): () => void {
    const timer = { at, fn, seq: this.seq++ };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  set(instant: number | string): void {
    this.advanceTo(typeof instant === 'string' ? Date.parse(instant) : instant);
  }

  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  private advanceTo(target: number): void {
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
