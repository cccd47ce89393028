import type { RunInfo } from '@epoch/shared';

export type RunOutcome = 'FAILED' | 'SUCCEEDED';

/** What a notification says about a finished run; mail and webhooks are built from it. */
export interface RunSummary {
  outcome: RunOutcome;
  run: RunInfo;
  /** Epoch's mail subject: "Topology run <t>/<r> failed" or "… completed successfully". */
  headline: string;
  /** Epoch's mail body line: the first failed task and its error, or the tasks completed. */
  detail: string;
  link: string;
}

/** The runs that are notified: FAILED, and the successes (SUCCESSFUL scheduled, COMPLETED instant). */
export function runOutcome(run: RunInfo): RunOutcome | null {
  if (run.state === 'FAILED') return 'FAILED';
  if (run.state === 'SUCCESSFUL' || run.state === 'COMPLETED') return 'SUCCEEDED';
  return null;
}

export const runLink = (uiUrl: string, run: RunInfo) =>
  `${uiUrl}/topologies/${encodeURIComponent(run.topologyId)}/runs/${encodeURIComponent(run.runId)}`;

export function summarizeRun(run: RunInfo, outcome: RunOutcome, uiUrl: string): RunSummary {
  const name = `${run.topologyId}/${run.runId}`;
  return {
    outcome,
    run,
    headline:
      outcome === 'FAILED' ? `Topology run ${name} failed` : `Topology run ${name} completed successfully`,
    detail: outcome === 'FAILED' ? failureDetail(run) : successDetail(run),
    link: runLink(uiUrl, run),
  };
}

function failureDetail(run: RunInfo): string {
  const failed = Object.entries(run.tasks).find(([, task]) => task.state === 'FAILED');
  if (!failed) {
    // A run can fail without a failed task (its launch failed): its message says why.
    return run.message ? `Run failed: ${run.message}` : 'All tasks seem to have succeeded.';
  }
  const [taskName, task] = failed;
  const upstream = task.upstreamId ? ` with upstream ID ${task.upstreamId}` : '';
  return `Task ${taskName}${upstream} failed with error: ${task.errorMessage ?? run.message ?? 'unknown'}`;
}

function successDetail(run: RunInfo): string {
  // Java's List.toString, as in Epoch's mail.
  return `Tasks completed: [${Object.keys(run.tasks).join(', ')}] in ${run.updated - run.created} ms`;
}
