import type { RunType } from './run-schema.js';

const PREFIX: Record<RunType, string> = { SCHEDULED: 'ESR', INSTANT: 'EIR' };

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * Run ids derive from the target fire time (UTC, `yyyy-MM-dd-HH-mm-ss-SSS`), so one fire can
 * never produce two runs: the id is the run's znode name.
 */
export function runIdFor(runType: RunType, fireTime: number): string {
  const t = new Date(fireTime);
  const stamp =
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-` +
    `${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}-${pad(t.getUTCMilliseconds(), 3)}`;
  return `${PREFIX[runType]}-${stamp}`;
}

const RUN_ID_PATTERN = /^(ESR|EIR)-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{3})$/;

/** The inverse of {@link runIdFor}; null for ids that are not ours. */
export function parseRunId(runId: string): { runType: RunType; fireTime: number } | null {
  const match = RUN_ID_PATTERN.exec(runId);
  if (!match) return null;
  const [, prefix, ...parts] = match;
  const [year, month, day, hour, minute, second, ms] = parts.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return {
    runType: prefix === 'ESR' ? 'SCHEDULED' : 'INSTANT',
    fireTime: Date.UTC(year, month - 1, day, hour, minute, second, ms),
  };
}

export function taskIdFor(topologyId: string, runId: string, taskName: string): string {
  return `${topologyId}-${runId}-${taskName}`;
}
