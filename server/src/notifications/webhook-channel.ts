export interface WebhookChannel {
  post(url: string, body: unknown, signal: AbortSignal): Promise<void>;
}

const TIMEOUT_MS = 10_000;

/** A JSON POST with fetch; anything but a 2xx answer is a failure (redirects are not followed). */
export class FetchWebhookChannel implements WebhookChannel {
  constructor(private readonly userAgent: string) {}

  async post(url: string, body: unknown, signal: AbortSignal): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': this.userAgent },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    // Frees the connection; the answer's content does not matter.
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  }
}
