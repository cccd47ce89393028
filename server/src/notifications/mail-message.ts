import type { RunSummary } from './run-summary.js';

export interface MailMessage {
  subject: string;
  text: string;
}

/** Epoch's plain-text mail (its subject, its body line first), plus the run's facts and a link to it. */
export function mailMessage(summary: RunSummary): MailMessage {
  const { run } = summary;
  const lines = [
    summary.detail,
    '',
    `Topology: ${run.topologyId}`,
    `Run: ${run.runId} (${run.runType})`,
    `State: ${run.state}`,
    ...(run.message ? [`Message: ${run.message}`] : []),
    `Started: ${new Date(run.created).toISOString()}`,
    `Finished: ${new Date(run.updated).toISOString()}`,
    '',
    `View the run: ${summary.link}`,
  ];
  return { subject: summary.headline, text: `${lines.join('\n')}\n` };
}
