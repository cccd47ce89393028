import {
  authOptionsSchema,
  logoutResultSchema,
  parseInput,
  passwordLoginSchema,
  UnauthorizedError,
  type AuthOptions,
  type LogoutResult,
} from '@epoch/shared';
import express from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Auth } from '../auth/auth.js';
import { failedCredentialsLimit } from '../auth/failed-credentials-limit.js';
import { requireUiHeader } from '../auth/request-guards.js';
import { beginSession, openSession } from '../auth/session.js';
import { failure, failures, json } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

const tags = ['auth'];

/**
 * `/auth/*`, outside `/apis` so that every node answers it itself: the session lives in a sealed
 * cookie, so a login started on one node may finish on another.
 */
export function authRoutes(auth: Auth, logger: Logger): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/options',
      public: true,
      handle: (_req, res) => {
        const options: AuthOptions = { sso: auth.oidcLogin !== null, password: !auth.users.isEmpty };
        res.json(options);
      },
      openapi: {
        tags,
        summary: 'What the login page may offer (public)',
        responses: { '200': { description: 'Login options', ...json(authOptionsSchema) } },
      },
    }),
    declareRoute({
      method: 'post',
      path: '/password-login',
      public: true,
      request: { body: passwordLoginSchema },
      before: [
        requireUiHeader,
        express.json({ limit: '8kb' }),
        failedCredentialsLimit((req) => String((req.body as { username?: unknown })?.username)),
      ],
      handle: async (req, res) => {
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
      openapi: {
        tags,
        summary: 'UI login as a basic-auth user: sets the session cookie (needs X-Requested-With)',
        responses: {
          '204': { description: 'Logged in' },
          ...failures(400, 401, 403),
          ...failure(429, 'Ten failed logins for this user from this address in 15 minutes; see Retry-After'),
        },
      },
    }),
    declareRoute({
      method: 'post',
      path: '/logout',
      public: true,
      before: [requireUiHeader],
      handle: async (req, res) => {
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
      },
      openapi: {
        tags,
        summary: "Ends the session; redirectUrl is the provider's end-session page or /login",
        responses: { '200': { description: 'Logged out', ...json(logoutResultSchema) }, ...failures(403) },
      },
    }),
    ...ssoRoutes(auth),
  ];
}

/** Single sign-on's two redirects, served (and so documented) only when an OIDC provider is configured. */
function ssoRoutes(auth: Auth): Route[] {
  const login = auth.oidcLogin;
  if (!login) return [];
  return [
    declareRoute({
      method: 'get',
      path: '/login',
      public: true,
      handle: (req, res, _input, next) => login.start(req, res, next),
      openapi: {
        tags,
        summary: 'Starts single sign-on: redirects to the OIDC provider (authorization code + PKCE)',
        // Read by the login itself, which sends any other returnTo home.
        requestParams: { query: z.object({ returnTo: z.string().optional() }) },
        responses: { '302': { description: 'To the provider' }, ...failures(503) },
      },
    }),
    declareRoute({
      method: 'get',
      path: '/callback',
      public: true,
      handle: (req, res, _input, next) => login.finish(req, res, next),
      openapi: {
        tags,
        summary: "The provider's redirect back (register this URL with the provider)",
        responses: { '302': { description: 'To returnTo, or to /login?error=… when refused' } },
      },
    }),
  ];
}
