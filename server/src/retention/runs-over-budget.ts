/** A run as the budget sees it: where it is and when it last changed. */
export interface RetainedRun {
  topologyId: string;
  runId: string;
  updated: number;
}

/**
 * The finished runs to remove so that at most `maxTotal` runs stay, across every topology: the oldest first
 * (least recently updated). Runs still going are counted but never chosen: `running` of them are kept
 * whatever the budget says. Pure.
 */
export function runsOverBudget(
  finished: readonly RetainedRun[],
  running: number,
  maxTotal: number,
): RetainedRun[] {
  const excess = finished.length + running - maxTotal;
  if (excess <= 0) return [];
  return [...finished].sort((a, b) => a.updated - b.updated).slice(0, excess);
}

/** The share of the budget in use at which the leader warns: retention is about to evict by budget. */
export const BUDGET_WARNING_SHARE = 0.8;
