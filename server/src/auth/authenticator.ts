import { UnauthorizedError, type CurrentUser } from '@epoch/shared';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionOptions } from 'iron-session';
import { API_TOKEN_PREFIX, type ApiTokens } from './api-tokens.js';
import { basicCredentials, parseAuthorization } from './authorization-header.js';
import type { BasicUsers } from './basic-users.js';
import type { BearerVerifier } from './bearer-verifier.js';
import type { RevokedSessions } from './revoked-sessions.js';
import { openSession } from './session.js';

/** Who every caller is when authentication is disabled (Epoch's DummyAuthFilter). */
export const ANONYMOUS: CurrentUser = { name: 'anonymous', role: 'READ_WRITE', authenticatedBy: 'NONE' };

export interface AuthenticatorDeps {
  disabled: boolean;
  users: BasicUsers;
  tokens: ApiTokens;
  /** Null without an identity provider: then bearer tokens can only be static API tokens. */
  bearer: BearerVerifier | null;
  session: SessionOptions;
  /** Sessions logged out before their cookie expires. */
  revoked: Pick<RevokedSessions, 'isRevoked'>;
}

/**
 * Finds out who sent a request: the Authorization header when there is one (Basic, an API token
 * or a provider's access token), else the UI's session cookie. Bad credentials are an error, not
 * an anonymous caller: a client that sent a wrong password should hear so.
 */
export class Authenticator {
  constructor(private readonly deps: AuthenticatorDeps) {}

  /** The caller, or null when the request carries no credentials at all. */
  async identify(req: IncomingMessage, res: ServerResponse): Promise<CurrentUser | null> {
    if (this.deps.disabled) return ANONYMOUS;
    const header = req.headers.authorization;
    if (header) return this.fromHeader(header);
    const { user, sessionId } = await openSession(req, res, this.deps.session);
    if (!user) return null;
    // A cookie from before sessions had ids cannot be revoked: it is not accepted either.
    if (!sessionId) throw new UnauthorizedError('session from an older version: log in again');
    if (this.deps.revoked.isRevoked(sessionId))
      throw new UnauthorizedError('session ended by logout: log in again');
    return user;
  }

  private async fromHeader(header: string): Promise<CurrentUser> {
    const { scheme, credentials } = parseAuthorization(header);
    switch (scheme) {
      case 'basic':
        return this.fromBasic(credentials);
      case 'bearer':
        return this.fromBearer(credentials);
      default:
        throw new UnauthorizedError(`Authorization: unsupported scheme "${scheme}" (use Basic or Bearer)`);
    }
  }

  private fromBasic(credentials: string): CurrentUser {
    const { username, password } = basicCredentials(credentials);
    const user = username && password !== undefined ? this.deps.users.verify(username, password) : null;
    if (!user) throw new UnauthorizedError('Authorization: wrong username or password');
    return { ...user, authenticatedBy: 'BASIC' };
  }

  private async fromBearer(token: string): Promise<CurrentUser> {
    if (!token) throw new UnauthorizedError('Authorization: empty bearer token');
    if (token.startsWith(API_TOKEN_PREFIX)) {
      const user = this.deps.tokens.verify(token);
      if (!user) throw new UnauthorizedError('Authorization: unknown API token');
      return { ...user, authenticatedBy: 'API_TOKEN' };
    }
    if (!this.deps.bearer) throw new UnauthorizedError('Authorization: no identity provider is configured');
    return this.deps.bearer.verify(token);
  }
}
