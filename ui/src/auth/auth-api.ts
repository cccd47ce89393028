import type { AuthOptions, LogoutResult, PasswordLogin } from '@epoch/shared';
import { ApiError, CSRF_HEADERS } from '../api/client.js';

/**
 * The `/auth` endpoints answer plain JSON, not Epoch's envelope; a failure still carries a `message`.
 * They are called by hand rather than through `request`, whose 401 handling would send the login page
 * to itself.
 */
async function callAuth<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal) {
  const response = await fetch(path, {
    method,
    signal,
    credentials: 'same-origin',
    headers: {
      ...CSRF_HEADERS,
      Accept: 'application/json',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = (json as { message?: unknown } | null)?.message;
    throw new ApiError(
      response.status,
      typeof message === 'string' ? message : `HTTP ${response.status} ${response.statusText}`,
    );
  }
  return json as T;
}

export const fetchAuthOptions = (signal?: AbortSignal) =>
  callAuth<AuthOptions>('GET', '/auth/options', undefined, signal);

/** Sets the session cookie on success; a 401 means wrong username or password. */
export const passwordLogin = (credentials: PasswordLogin) =>
  callAuth<void>('POST', '/auth/password-login', credentials);

export const logout = () => callAuth<LogoutResult>('POST', '/auth/logout');
