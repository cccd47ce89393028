import { safeReturnTo, UnauthorizedError, type CurrentUser } from '@epoch/shared';
import type { NextFunction, Request, Response } from 'express';
import type { SessionOptions } from 'iron-session';
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions, type VerifyFunction } from 'openid-client/passport';
import { Passport, type StrategyCreated, type StrategyCreatedStatic } from 'passport';
import type { Logger } from 'pino';
import type { Clock } from '../time/clock.js';
import type { OidcClient } from './oidc-client.js';
import { displayName, roleFromClaims } from './role-mapping.js';
import { beginSession, openSession, type Session } from './session.js';

const STRATEGY = 'oidc';

interface LoggedIn {
  user: CurrentUser;
  idToken: string | undefined;
}

/** The strategy reads and writes `req.session`; ours is the sealed cookie. */
type SessionRequest = Request & { session: Session };

/**
 * openid-client's strategy stores the PKCE verifier in the session and then redirects, which ends
 * the response; a sealed cookie has to be written before that, so the redirect waits for the save.
 */
class SealedSessionStrategy extends Strategy {
  override authenticate<O extends AuthenticateOptions>(
    this: StrategyCreated<Strategy, Strategy & StrategyCreatedStatic>,
    req: Request,
    options: O,
  ): void {
    const redirect = this.redirect.bind(this);
    this.redirect = (url, status) => {
      (req as SessionRequest).session.save().then(
        () => redirect(url, status),
        (error: unknown) => this.error(error as Error),
      );
    };
    super.authenticate(req, options);
  }
}

/**
 * UI single sign-on: authorization code + PKCE with passport and openid-client. Both steps keep
 * their state in the sealed cookie, so the callback may land on any node.
 */
export class OidcLogin {
  private readonly passport = new Passport();
  private registered = false;

  constructor(
    private readonly oidc: OidcClient,
    private readonly session: SessionOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** `GET /auth/login?returnTo=/path`: off to the provider. */
  async start(req: Request, res: Response, next: NextFunction): Promise<void> {
    await this.register();
    const session = await this.attachSession(req, res);
    session.returnTo = safeReturnTo(req.query.returnTo);
    this.passport.authenticate(STRATEGY, { session: false })(req, res, next);
  }

  /** `GET /auth/callback`: the provider's answer becomes a logged-in session. */
  async finish(req: Request, res: Response, next: NextFunction): Promise<void> {
    await this.register();
    const session = await this.attachSession(req, res);
    const returnTo = safeReturnTo(session.returnTo);
    const done = async (error: unknown, loggedIn: LoggedIn | false, info?: { message?: string }) => {
      if (error) {
        this.logger.warn({ err: error }, 'OIDC login failed');
        return this.refuse(res, session, 'the identity provider login failed');
      }
      if (!loggedIn) return this.refuse(res, session, info?.message ?? 'login refused');
      beginSession(session, loggedIn.user, this.session, this.clock.now());
      session.idToken = loggedIn.idToken;
      delete session.returnTo;
      await session.save();
      this.logger.info({ audit: { actor: loggedIn.user.name, role: loggedIn.user.role } }, 'logged in (SSO)');
      res.redirect(returnTo);
    };
    this.passport.authenticate(
      STRATEGY,
      { session: false },
      (error: unknown, user: LoggedIn | false, info?: object) => {
        done(error, user, info).catch(next);
      },
    )(req, res, next);
  }

  private refuse(res: Response, session: Session, message: string): void {
    session.destroy();
    res.redirect(`/login?error=${encodeURIComponent(message)}`);
  }

  private async attachSession(req: Request, res: Response): Promise<Session> {
    const session = await openSession(req, res, this.session);
    (req as SessionRequest).session = session;
    return session;
  }

  /** The strategy needs the discovered configuration, so it is made on first use. */
  private async register(): Promise<void> {
    if (this.registered) return;
    const configuration = await this.oidc.configuration();
    const { settings } = this.oidc;
    const verify: VerifyFunction = (tokens, verified) => {
      this.loggedIn(configuration, tokens).then(
        (loggedIn) =>
          loggedIn
            ? verified(null, loggedIn)
            : verified(null, false, { message: 'your account has no Epoch role; ask an administrator' }),
        (error: unknown) => verified(error),
      );
    };
    this.passport.use(
      STRATEGY,
      new SealedSessionStrategy(
        {
          config: configuration,
          scope: settings.scopes,
          callbackURL: settings.redirectUrl,
          sessionKey: 'oidc',
        },
        verify,
      ),
    );
    this.registered = true;
  }

  /** Claims from the ID token and, where the provider keeps groups there, from userinfo. */
  private async loggedIn(
    configuration: client.Configuration,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<LoggedIn | null> {
    const idClaims = tokens.claims();
    if (!idClaims) throw new UnauthorizedError('the provider sent no ID token');
    let claims: Record<string, unknown> = idClaims;
    if (configuration.serverMetadata().userinfo_endpoint) {
      claims = {
        ...(await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)),
        ...idClaims,
      };
    }
    const role = roleFromClaims(claims, this.oidc.settings.roles);
    if (!role) return null;
    return {
      user: { name: displayName(claims), role, authenticatedBy: 'SESSION' },
      idToken: tokens.id_token,
    };
  }
}
