import type { Logger } from 'pino';
import type { SessionOptions } from 'iron-session';
import type { Clock } from '../time/clock.js';
import { ApiTokens } from './api-tokens.js';
import type { AuthSettings } from './auth-settings.js';
import { Authenticator } from './authenticator.js';
import { BasicUsers } from './basic-users.js';
import { BearerVerifier } from './bearer-verifier.js';
import { OidcClient } from './oidc-client.js';
import { OidcLogin } from './oidc-login.js';
import type { RevokedSessions } from './revoked-sessions.js';
import { sessionOptions } from './session.js';

/** Everything authentication needs, built once per node from its settings. */
export class Auth {
  readonly users: BasicUsers;
  readonly oidc: OidcClient | null;
  readonly oidcLogin: OidcLogin | null;
  readonly session: SessionOptions;
  readonly authenticator: Authenticator;

  constructor(
    readonly settings: AuthSettings,
    /** Shared by every node through ZooKeeper: a logout ends the session everywhere. */
    readonly revoked: RevokedSessions,
    readonly clock: Clock,
    logger: Logger,
  ) {
    this.users = new BasicUsers(settings.disabled ? [] : settings.users);
    this.session = sessionOptions(settings.session);
    this.oidc = settings.disabled || !settings.oidc ? null : new OidcClient(settings.oidc, logger);
    this.oidcLogin = this.oidc ? new OidcLogin(this.oidc, this.session, clock, logger) : null;
    this.authenticator = new Authenticator({
      disabled: settings.disabled,
      users: this.users,
      tokens: new ApiTokens(settings.apiTokens),
      bearer: this.oidc ? new BearerVerifier(this.oidc) : null,
      session: this.session,
      revoked,
    });
  }
}
