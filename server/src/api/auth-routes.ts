import {
  parseInput,
  passwordLoginSchema,
  TooManyRequestsError,
  UnauthorizedError,
  type AuthOptions,
  type LogoutResult,
} from '@epoch/shared';
import express, { Router, type RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Auth } from '../auth/auth.js';
import { requireUiHeader } from '../auth/request-guards.js';
import { openSession } from '../auth/session.js';

const FAILED_LOGINS_ALLOWED = 10;
const FAILED_LOGIN_WINDOW_MS = 15 * 60_000;

/**
 * Password guessing: 10 failed logins per client address and username in 15 minutes, then 429. Keyed by
 * both, so one client cannot lock a user out for everyone, nor one user's typos lock out a shared address.
 * Counted per node: a guesser spreading over nodes gets 10 per node.
 */
const failedLoginLimit = (): RequestHandler =>
  rateLimit({
    windowMs: FAILED_LOGIN_WINDOW_MS,
    limit: FAILED_LOGINS_ALLOWED,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { username?: unknown })?.username)}`,
    handler: (_req, _res, next) => {
      next(
        new TooManyRequestsError('too many failed logins; try again later', FAILED_LOGIN_WINDOW_MS / 1000),
      );
    },
  });

/**
 * `/auth/*`, outside `/apis` so that every node answers it itself: the session lives in a sealed
 * cookie, so a login started on one node may finish on another.
 */
export function authRoutes(auth: Auth, logger: Logger): Router {
  const router = Router();

  router.get('/options', (_req, res) => {
    const options: AuthOptions = { sso: auth.oidcLogin !== null, password: !auth.users.isEmpty };
    res.json(options);
  });

  router.post(
    '/password-login',
    requireUiHeader,
    express.json({ limit: '8kb' }),
    failedLoginLimit(),
    async (req, res) => {
      const { username, password } = parseInput(passwordLoginSchema, req.body);
      const user = auth.users.verify(username, password);
      if (!user) {
        logger.warn({ audit: { actor: username } }, 'login refused (password)');
        throw new UnauthorizedError('wrong username or password');
      }
      const session = await openSession(req, res, auth.session);
      session.user = { ...user, authenticatedBy: 'SESSION' };
      await session.save();
      logger.info({ audit: { actor: user.name, role: user.role } }, 'logged in (password)');
      res.status(204).end();
    },
  );

  router.post('/logout', requireUiHeader, async (req, res) => {
    const session = await openSession(req, res, auth.session);
    const { idToken, user } = session;
    session.destroy();
    if (user) logger.info({ audit: { actor: user.name } }, 'logged out');
    const loginPage = `${auth.settings.uiUrl}/login`;
    const endSession = auth.oidc && idToken ? await auth.oidc.endSessionUrl(idToken, loginPage) : null;
    const result: LogoutResult = { redirectUrl: endSession ?? '/login' };
    res.json(result);
  });

  const login = auth.oidcLogin;
  if (login) {
    router.get('/login', (req, res, next) => login.start(req, res, next));
    router.get('/callback', (req, res, next) => login.finish(req, res, next));
  }
  return router;
}
