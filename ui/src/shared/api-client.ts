import type { ApiFailure } from '@epoch/shared';

/** Reads Epoch's envelope; a FAILED body becomes an Error carrying the server's message. */
export async function getData<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  const body = (await response.json()) as { status: 'SUCCESS'; data: T } | ApiFailure;
  if (!response.ok || body.status !== 'SUCCESS') {
    throw new Error('message' in body ? body.message : `HTTP ${response.status}`);
  }
  return body.data;
}
