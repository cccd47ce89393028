import {
  CSRF_HEADER,
  CSRF_HEADER_VALUE,
  ForbiddenError,
  UnauthorizedError,
  type CurrentUser,
} from '@epoch/shared';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Authenticator } from './authenticator.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's own extension point
  namespace Express {
    interface Locals {
      user?: CurrentUser;
    }
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isWrite = (req: Request) => !READ_METHODS.has(req.method);

/** The UI's own requests: no Basic challenge for them, or the browser would pop up its login dialog. */
const fromUi = (req: Request) => req.get(CSRF_HEADER) === CSRF_HEADER_VALUE;

/** The authenticated caller of a request that passed `authenticate`. */
export function currentUser(res: Response): CurrentUser {
  const { user } = res.locals;
  if (!user) throw new Error('currentUser() outside an authenticated route');
  return user;
}

/** Every request below needs a caller; 401 (with a challenge for non-UI clients) otherwise. */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    try {
      const user = await authenticator.identify(req, res);
      if (!user)
        throw new UnauthorizedError('authentication required: log in, or send Basic or Bearer credentials');
      res.locals.user = user;
      next();
    } catch (error) {
      if (error instanceof UnauthorizedError && !fromUi(req)) {
        res.setHeader('WWW-Authenticate', 'Basic realm="Epoch", charset="UTF-8"');
      }
      throw error;
    }
  };
}

/** Login and logout post JSON with the UI's header: a cross-site form can neither log in nor out. */
export const requireUiHeader: RequestHandler = (req, _res, next) => {
  if (!fromUi(req)) throw new ForbiddenError(`send the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE}`);
  next();
};

/**
 * Writes a browser was tricked into sending are refused: a cross-site request says so in
 * Sec-Fetch-Site, and a cookie-authenticated write must carry a header no HTML form can set.
 */
export const refuseForgedWrites: RequestHandler = (req, res, next) => {
  if (isWrite(req)) {
    const site = req.get('Sec-Fetch-Site');
    if (site === 'cross-site' || site === 'same-site') throw new ForbiddenError('cross-site request refused');
    if (res.locals.user?.authenticatedBy === 'SESSION' && !fromUi(req)) {
      throw new ForbiddenError(
        `cookie-authenticated writes need the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE}`,
      );
    }
  }
  next();
};

/** Every route that changes something (every method but GET, HEAD, OPTIONS) needs READ_WRITE. */
export const requireWriteRole: RequestHandler = (req, res, next) => {
  if (isWrite(req)) {
    const user = currentUser(res);
    if (user.role !== 'READ_WRITE') throw new ForbiddenError(`${user.name} has read-only access`);
  }
  next();
};

/** One structured line per attempted change: who, what, when (the log's time) and how it ended. */
export function auditChanges(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (isWrite(req)) {
      res.on('finish', () => {
        const user = res.locals.user;
        const audit = {
          actor: user?.name ?? null,
          role: user?.role ?? null,
          authenticatedBy: user?.authenticatedBy ?? null,
          method: req.method,
          path: req.originalUrl,
          status: res.statusCode,
        };
        if (res.statusCode < 400) logger.info({ audit }, 'change');
        else logger.warn({ audit }, 'change refused');
      });
    }
    next();
  };
}
