import { CSRF_HEADER, CSRF_HEADER_VALUE, type ApiFailure, type FieldIssue } from '@epoch/shared';
import { loginPath } from '../auth/return-to.js';

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

/** Sent with every request: the server refuses cookie-authenticated writes without it (CSRF). */
export const CSRF_HEADERS = { [CSRF_HEADER]: CSRF_HEADER_VALUE };

/** An expired or missing session: a full page load to the login page, which also drops the stale cache. */
function goToLogin(): void {
  const { pathname, search } = window.location;
  if (pathname !== '/login') window.location.assign(loginPath(pathname + search));
}

/**
 * Calls the API and unwraps Epoch's envelope; a FAILED body becomes an ApiError. A 401 also sends the
 * browser to the login page.
 */
export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; signal?: AbortSignal } = {},
): Promise<Page<T>> {
  const response = await fetch(path, {
    method,
    signal: options.signal,
    credentials: 'same-origin',
    headers: {
      ...CSRF_HEADERS,
      Accept: 'application/json',
      ...(options.body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const body = (await response.json().catch(() => null)) as
    { status: 'SUCCESS'; data: T } | ApiFailure | null;
  if (response.status === 401) goToLogin();
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
