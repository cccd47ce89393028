/** The only source of "now" and of timers for scheduling and API logic, so tests can pin time. */
export interface Clock {
  now(): number;
  /** Calls `fn` once the clock reaches `at` (possibly a little late, never early); returns a cancel. */
  setTimer(at: number, fn: () => void): () => void;
}

// setTimeout overflows past 2^31-1 ms (~24.8 days): longer waits are chained.
const MAX_TIMEOUT_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(at, fn) {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const wait = at - Date.now();
      // A timer may wake a little early; re-arm rather than fire before `at`.
      if (wait <= 0) fn();
      else handle = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
    };
    handle = setTimeout(arm, Math.max(0, Math.min(at - Date.now(), MAX_TIMEOUT_MS)));
    return () => clearTimeout(handle);
  },
};
