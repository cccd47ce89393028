import { ForbiddenError } from '@epoch/shared';
import type { RequestHandler } from 'express';

const normalize = (host: string) =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');

/** The host name a Host header names, without its port; undefined for one that is not a host at all. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (!header || !URL.canParse(`http://${header}`)) return undefined;
  const url = new URL(`http://${header}`);
  // Only host[:port]: a header with a path, credentials or a query is not a Host header.
  if (url.host !== header.toLowerCase() || url.username || url.password) return undefined;
  return normalize(url.hostname);
}

/**
 * Answers only requests whose Host header names this server (none when `allowed` is empty): a development
 * server on loopback is otherwise readable by any web page through DNS rebinding, a name of the page's
 * choosing that resolves to 127.0.0.1.
 */
export function requireKnownHost(allowed: readonly string[]): RequestHandler {
  const names = new Set(allowed.map(normalize));
  return (req, _res, next) => {
    if (names.size === 0) return next();
    const name = hostNameOf(req.headers.host);
    if (name === undefined || !names.has(name)) {
      return next(
        new ForbiddenError(
          `Host ${JSON.stringify((req.headers.host ?? '').slice(0, 100))} is not one this server answers to ` +
            '(EPOCH_ALLOWED_HOSTS)',
        ),
      );
    }
    next();
  };
}
