import type { CurrentUser } from '@epoch/shared';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { getIronSession, type IronSession, type SessionOptions } from 'iron-session';

/** What the sealed session cookie holds. */
export interface SessionData {
  user?: CurrentUser;
  /** Names the session in the revocation list when its user logs out. */
  sessionId?: string;
  /** Epoch ms when the cookie expires: how long a revocation must be kept. */
  expiresAt?: number;
  /** For the provider's end-session endpoint at logout. */
  idToken?: string;
  /** Where to go after the provider sends the browser back. */
  returnTo?: string;
  /** The login in progress (PKCE verifier, state), written by the openid-client strategy. */
  [strategyState: string]: unknown;
}

export interface SessionSettings {
  /** The same on every node, so any node (and the next leader) accepts the cookie. */
  secret: string;
  ttlSeconds: number;
  /** `Secure` when the UI is served over TLS. */
  secureCookie: boolean;
}

export const SESSION_COOKIE = 'epoch_session';

/**
 * Sessions live in a cookie sealed by iron-session (AES-256-CBC + HMAC-SHA-256): nothing is stored
 * on the server, so a failover or another node behind the load balancer keeps everyone logged in.
 * SameSite=Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
 */
export function sessionOptions(settings: SessionSettings): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: settings.secret,
    ttl: settings.ttlSeconds,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: settings.secureCookie, path: '/' },
  };
}

export type Session = IronSession<SessionData>;

export const openSession = (
  req: IncomingMessage,
  res: ServerResponse,
  options: SessionOptions,
): Promise<Session> => getIronSession<SessionData>(req, res, options);

/** Logs `user` in on this session: a new id, so that a logout can revoke exactly this login. */
export function beginSession(
  session: Session,
  user: CurrentUser,
  options: SessionOptions,
  now: number,
): void {
  session.user = user;
  session.sessionId = randomBytes(16).toString('base64url');
  session.expiresAt = now + (options.ttl ?? 0) * 1000;
}
