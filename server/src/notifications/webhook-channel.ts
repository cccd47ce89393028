import { request, type Agent } from 'undici';
import { egressAgent } from '../egress/guarded-connector.js';
import type { EgressPolicy } from '../egress/egress-policy.js';

export interface WebhookChannel {
  post(url: string, body: unknown, signal: AbortSignal): Promise<void>;
  /** Closes idle connections; posts in flight finish first. */
  close(): Promise<void>;
}

const TIMEOUT_MS = 10_000;

/**
 * A JSON POST through the egress policy; anything but a 2xx answer is a failure. Redirects are not followed
 * (undici's request() follows none): a redirect would be a destination the policy never saw.
 */
export class UndiciWebhookChannel implements WebhookChannel {
  private readonly agent: Agent;

  constructor(
    private readonly userAgent: string,
    egress: EgressPolicy,
  ) {
    this.agent = egressAgent(egress);
  }

  async post(url: string, body: unknown, signal: AbortSignal): Promise<void> {
    const response = await request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': this.userAgent },
      body: JSON.stringify(body),
      dispatcher: this.agent,
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    // Frees the connection; the answer's content does not matter.
    await response.body.dump();
    // The origin only: webhook URLs (Slack's among them) carry their secret in the path.
    if (response.statusCode < 200 || response.statusCode > 299)
      throw new Error(`${new URL(url).origin} answered HTTP ${response.statusCode}`);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
