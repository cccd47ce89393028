import { setTimeout as sleep } from 'node:timers/promises';

export const untilTime = (time: number) => sleep(Math.max(0, time - Date.now()));

/** Polls until `done()` or `deadline` (epoch ms); true when done. */
export async function waitFor(
  done: () => boolean | Promise<boolean>,
  deadline: number,
  pollMs = 100,
): Promise<boolean> {
  while (!(await done())) {
    if (Date.now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}
