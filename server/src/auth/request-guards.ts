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

/** Credentials a browser sends on its own, whoever's page made the request: the cookie and cached Basic. */
const AMBIENT_CREDENTIALS: ReadonlySet<CurrentUser['authenticatedBy']> = new Set(['SESSION', 'BASIC']);

/** Whether an Origin header names this server: the host the request came to, or the configured UI URL. */
function isOwnOrigin(origin: string, req: Request, uiOrigin: string): boolean {
  if (origin === uiOrigin) return true;
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === req.get('host');
}

/**
 * Writes a browser was tricked into sending are refused: a cross-site request says so in Sec-Fetch-Site, a
 * write with credentials the browser adds by itself may not come from another origin's page, and a
 * cookie-authenticated write must carry a header no HTML form can set.
 */
export function refuseForgedWrites(uiUrl: string): RequestHandler {
  const uiOrigin = new URL(uiUrl).origin;
  return (req, res, next) => {
    if (isWrite(req)) {
      const site = req.get('Sec-Fetch-Site');
      if (site === 'cross-site' || site === 'same-site')
        throw new ForbiddenError('cross-site request refused');
      const user = res.locals.user;
      const origin = req.get('Origin');
      if (
        user &&
        AMBIENT_CREDENTIALS.has(user.authenticatedBy) &&
        origin &&
        !isOwnOrigin(origin, req, uiOrigin)
      ) {
        throw new ForbiddenError(`a write from another origin (${origin.slice(0, 100)}) is refused`);
      }
      if (user?.authenticatedBy === 'SESSION' && !fromUi(req)) {
        throw new ForbiddenError(
          `cookie-authenticated writes need the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE}`,
        );
      }
    }
    next();
  };
}

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
