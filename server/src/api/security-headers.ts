import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's own extension point
  namespace Express {
    interface Locals {
      /** This answer's Content-Security-Policy nonce, for the UI page's style elements. */
      cspNonce?: string;
    }
  }
}

export interface SecurityHeaderSettings {
  /** The UI is served over TLS (`EPOCH_UI_URL` is https): HSTS, and subresources upgraded to https. */
  tls: boolean;
  /** Origins a form may post to besides this one: the OIDC issuer, where the login and logout go. */
  formActions: string[];
}

export const cspNonce = (res: Response): string => res.locals.cspNonce ?? '';

/**
 * Security headers on every answer (helmet). The policy allows only this origin's scripts, styles and
 * connections; Mantine writes its theme into <style> elements at run time, and those carry the nonce the UI
 * page is served with (static-ui.ts), so no 'unsafe-inline' is needed. Nothing may frame the UI: a framed
 * "Delete" or "Run now" button could be clicked by a user who thinks they are on another site.
 */
export function securityHeaders(settings: SecurityHeaderSettings): RequestHandler[] {
  const withNonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  return [
    withNonce,
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", (_req, res) => `'nonce-${cspNonce(res as Response)}'`],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'", ...settings.formActions],
          frameAncestors: ["'none'"],
          ...(settings.tls && { upgradeInsecureRequests: [] }),
        },
      },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
      // Only over TLS: on plain http the header is ignored, and a development host would be pinned to https.
      strictTransportSecurity: settings.tls ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    }),
  ];
}

/** Answers that depend on who asks are not kept by browsers or shared caches. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
