/** Runs at most `max` of the given calls at a time, the rest in the order they came. */
export function concurrencyLimit(max: number): <T>(call: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (call) => {
    if (running < max) running++;
    // A finishing call hands its slot straight to the next waiting one, so none can slip in between.
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await call();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
