// One real Epoch server process with every kind of authentication configured, against a real
// ZooKeeper and the real OIDC test provider, plus credentials of each kind for each role.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashApiToken, newApiToken } from '../../../server/src/auth/api-tokens.js';
import {
  freePort,
  startEpochProcess,
  type EpochProcess,
  type EpochProcessOptions,
} from '../../harness/epoch-process.js';
import { EPOCH_CLIENT, type OidcTestProvider } from './oidc-test-provider.js';

export const PASSWORDS = { admin: 'admin-password-for-tests', guest: 'guest-password-for-tests' };
export const SESSION_SECRET = 'a-session-secret-shared-by-every-node-0123456789';
export const API_TOKENS = { writer: newApiToken(), reader: newApiToken() };

/** The environment of an Epoch node with basic users, API tokens and OIDC all configured. */
export function authEnvironment(provider: Pick<OidcTestProvider, 'issuer'>): Record<string, string> {
  return {
    ADMIN_PASSWORD: PASSWORDS.admin,
    GUEST_PASSWORD: PASSWORDS.guest,
    EPOCH_API_TOKENS: JSON.stringify([
      { name: 'ci-writer', sha256: hashApiToken(API_TOKENS.writer), role: 'READ_WRITE' },
      { name: 'ci-reader', sha256: hashApiToken(API_TOKENS.reader), role: 'READ_ONLY' },
    ]),
    EPOCH_OIDC_ISSUER: provider.issuer,
    EPOCH_OIDC_CLIENT_ID: EPOCH_CLIENT.id,
    EPOCH_OIDC_CLIENT_SECRET: EPOCH_CLIENT.secret,
    EPOCH_OIDC_READ_WRITE_VALUES: 'epoch-admins',
    EPOCH_OIDC_READ_ONLY_VALUES: 'viewers',
    EPOCH_SESSION_SECRET: SESSION_SECRET,
  };
}

export async function startAuthenticatedEpoch(
  options: Pick<EpochProcessOptions, 'zkConnectionString' | 'zkRoot' | 'port' | 'waitFor'>,
  provider: Pick<OidcTestProvider, 'issuer'>,
  extraEnv: Record<string, string> = {},
): Promise<EpochProcess> {
  const logDir = await mkdtemp(path.join(tmpdir(), 'epoch-auth-'));
  return startEpochProcess({
    ...options,
    logPath: path.join(logDir, 'server.log'),
    logLevel: 'info',
    env: { ...authEnvironment(provider), ...extraEnv },
  });
}

export const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** The header the UI sends with every call, which no HTML form can set (the CSRF check). */
export const UI_HEADER = { 'X-Requested-With': 'XMLHttpRequest' };

/** POSTs `body` to the password login, with the UI's header unless `headers` says otherwise. */
export const postPasswordLogin = (url: string, body: unknown, headers: Record<string, string> = UI_HEADER) =>
  fetch(`${url}/auth/password-login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Logs in through the UI's password form endpoint; the session cookie plus the UI's CSRF header. */
export async function passwordSession(
  url: string,
  username: string,
  password: string,
): Promise<Record<string, string>> {
  const response = await postPasswordLogin(url, { username, password });
  if (response.status !== 204)
    throw new Error(`password login: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('epoch_session='));
  if (!cookie) throw new Error('password login set no epoch_session cookie');
  return { Cookie: cookie.split(';')[0] ?? '', ...UI_HEADER };
}

export { freePort };
