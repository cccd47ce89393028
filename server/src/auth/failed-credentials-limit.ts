import { TooManyRequestsError } from '@epoch/shared';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { clientAddress } from '../api/client-address.js';
import { basicCredentials, parseAuthorization } from './authorization-header.js';

export const FAILED_ATTEMPTS_ALLOWED = 10;
export const FAILED_ATTEMPT_WINDOW_MS = 15 * 60_000;

/**
 * Password guessing: 10 failed attempts per client address and username in 15 minutes, then 429 until the
 * window ends, right password or not. Keyed by both, so one client cannot lock a user out for everyone, nor
 * one user's typos lock out a shared address. Only what `usernameOf` names is counted (requests it returns
 * undefined for pass untouched), and only answers that say the credentials were wrong (401). Counted per
 * node: forwarded requests are counted on the leader, by the address the follower vouched for.
 */
export function failedCredentialsLimit(usernameOf: (req: Request) => string | undefined): RequestHandler {
  return rateLimit({
    windowMs: FAILED_ATTEMPT_WINDOW_MS,
    limit: FAILED_ATTEMPTS_ALLOWED,
    skip: (req) => usernameOf(req) === undefined,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(clientAddress(req))}|${usernameOf(req)}`,
    handler: (req, _res, next) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.ceil((resetTime.getTime() - Date.now()) / 1000) : undefined;
      next(
        new TooManyRequestsError(
          'too many failed attempts for this user from this address; try again later',
          Math.max(1, seconds ?? FAILED_ATTEMPT_WINDOW_MS / 1000),
        ),
      );
    },
  });
}

/** The username of a Basic Authorization header, if the request has one. */
export function basicUsername(req: Request): string | undefined {
  const { scheme, credentials } = parseAuthorization(req.headers.authorization);
  return scheme === 'basic' ? basicCredentials(credentials).username : undefined;
}
