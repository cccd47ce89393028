import { ForbiddenError } from '@epoch/shared';
import type { RequestHandler } from 'express';
import { FORWARDED_BY_HEADER, verifyForward } from './forward-signature.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's own extension point
  namespace Express {
    interface Locals {
      /** Set only for a request a follower forwarded with a valid signature: the follower's URL. */
      forwardedBy?: string;
      // forwardedFor, set with it, is declared by client-address.ts, which reads it.
    }
  }
}

/**
 * A request saying it was forwarded (X-Epoch-Forwarded-By) must prove it with a follower's signature;
 * one that cannot is refused (403 naming why) rather than served as if it came from a node. Only then are
 * `res.locals.forwardedBy` and `forwardedFor` set. `now` is wall time: signatures cross machines.
 */
export function verifyForwarded(key: Buffer, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    if (req.headers[FORWARDED_BY_HEADER] === undefined) return next();
    const check = verifyForward(key, req.headers, req.method, req.originalUrl, now());
    if (!check.ok) return next(new ForbiddenError(`X-Epoch-Forwarded-By refused: ${check.reason}`));
    res.locals.forwardedBy = check.forwardedBy;
    res.locals.forwardedFor = check.forwardedFor;
    next();
  };
}
