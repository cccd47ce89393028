// How the authentication test calls a running Epoch: a request with chosen headers, or one sent from a chosen
// loopback address.
import { request as httpRequest } from 'node:http';

export type Headers = Record<string, string>;

/** A request to `baseUrl`: its status, headers and body (parsed when JSON). */
export async function callEpoch(
  baseUrl: string,
  method: string,
  path: string,
  headers: Headers = {},
  body?: unknown,
) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  // Streams (events, followed logs) are only opened: the status is what is tested.
  const text = path.includes('/events') || path.endsWith('/stream') ? '' : await response.text();
  if (!text) await response.body?.cancel();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON (the log, an export file)
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A GET sent from a chosen loopback address: its status and Retry-After. */
export function statusFromAddress(
  baseUrl: string,
  localAddress: string,
  path: string,
  headers: Headers,
): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}${path}`, { localAddress, headers }, (response) => {
      response.resume();
      const retryAfter = response.headers['retry-after'];
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter }));
    });
    request.on('error', reject);
    request.end();
  });
}
