import type { ApiFailure, FieldIssue } from '@epoch/shared';

/** A failed API call: the HTTP status, the server's message and, for 400s, the fields it named. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T;
  /** X-Total-Count: all matches, for paging. */
  total: number;
}

/** Calls the API and unwraps Epoch's envelope; a FAILED body becomes an ApiError. */
export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<Page<T>> {
  const response = await fetch(path, {
    method,
    signal: options.signal,
    headers: {
      Accept: 'application/json',
      ...(options.body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = (await response.json().catch(() => null)) as
    { status: 'SUCCESS'; data: T } | ApiFailure | null;
  if (!response.ok || body?.status !== 'SUCCESS') {
    const failure = body as ApiFailure | null;
    throw new ApiError(
      response.status,
      failure?.message ?? `HTTP ${response.status} ${response.statusText}`,
      failure?.data?.issues ?? [],
    );
  }
  const total = Number(response.headers.get('X-Total-Count') ?? Number.NaN);
  return { items: body.data, total };
}

export const getData = async <T>(path: string, signal?: AbortSignal): Promise<T> =>
  (await request<T>('GET', path, { signal })).items;

export const send = async <T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> =>
  (await request<T>(method, path, { body })).items;

/** `?a=1&b=x` from the defined values; arrays repeat the key. */
export function queryString(params: Record<string, string | number | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, String(one));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
