import type { RunInfo, WebhookFormat } from '@epoch/shared';
import type { RunSummary } from './run-summary.js';

/** The JSON format: the event with the run as the API and the event stream show it. */
export interface RunWebhookEvent {
  event: 'RUN_FAILED' | 'RUN_SUCCEEDED';
  topologyId: string;
  runId: string;
  state: RunInfo['state'];
  /** The mail's subject and body line, for receivers that just show text. */
  summary: string;
  detail: string;
  url: string;
  run: RunInfo;
}

/** A Slack incoming-webhook message: `text` is the fallback (and what Slack-compatible receivers read). */
export interface SlackMessage {
  text: string;
  blocks: Array<{ type: 'section'; text: { type: 'mrkdwn'; text: string } }>;
}

export function webhookPayload(summary: RunSummary, format: WebhookFormat): RunWebhookEvent | SlackMessage {
  return format === 'SLACK' ? slackMessage(summary) : runEvent(summary);
}

function runEvent(summary: RunSummary): RunWebhookEvent {
  const { run } = summary;
  return {
    event: summary.outcome === 'FAILED' ? 'RUN_FAILED' : 'RUN_SUCCEEDED',
    topologyId: run.topologyId,
    runId: run.runId,
    state: run.state,
    summary: summary.headline,
    detail: summary.detail,
    url: summary.link,
    run,
  };
}

function slackMessage(summary: RunSummary): SlackMessage {
  const icon = summary.outcome === 'FAILED' ? ':x:' : ':white_check_mark:';
  return {
    text: `${summary.headline}: ${summary.detail} ${summary.link}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${icon} *${slackEscape(summary.headline)}*\n${slackEscape(summary.detail)}\n<${summary.link}|View the run>`,
        },
      },
    ],
  };
}

/** Slack reads &, < and > as markup; error messages may contain them. */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
