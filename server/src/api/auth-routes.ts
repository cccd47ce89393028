import {
  parseInput,
  passwordLoginSchema,
  UnauthorizedError,
  type AuthOptions,
  type LogoutResult,
} from '@epoch/shared';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { Auth } from '../auth/auth.js';
import { failedCredentialsLimit } from '../auth/failed-credentials-limit.js';
import { requireUiHeader } from '../auth/request-guards.js';
import { beginSession, openSession } from '../auth/session.js';

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
    failedCredentialsLimit((req) => String((req.body as { username?: unknown })?.username)),
    async (req, res) => {
      const { username, password } = parseInput(passwordLoginSchema, req.body);
      const user = auth.users.verify(username, password);
      if (!user) {
        logger.warn({ audit: { actor: username } }, 'login refused (password)');
        throw new UnauthorizedError('wrong username or password');
      }
      const session = await openSession(req, res, auth.session);
      beginSession(session, { ...user, authenticatedBy: 'SESSION' }, auth.session, auth.clock.now());
      await session.save();
      logger.info({ audit: { actor: user.name, role: user.role } }, 'logged in (password)');
      res.status(204).end();
    },
  );

  router.post('/logout', requireUiHeader, async (req, res) => {
    const session = await openSession(req, res, auth.session);
    const { idToken, user, sessionId, expiresAt } = session;
    session.destroy();
    // Ended on the server too: a copy of the cookie taken before the logout is refused on every node.
    if (sessionId)
      await auth.revoked.revoke(
        sessionId,
        expiresAt ?? auth.clock.now() + auth.settings.session.ttlSeconds * 1000,
      );
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
