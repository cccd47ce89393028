/** The only source of "now" for scheduling and API logic, so tests can pin time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
