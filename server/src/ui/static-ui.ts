import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { declareRoute, type RouteRegistry } from '../api/route-declaration.js';
import { cspNonce } from '../api/security-headers.js';

/** What the UI build writes where each answer's CSP nonce goes (vite.config.ts, `html.cspNonce`). */
export const NONCE_PLACEHOLDER = 'EPOCH_CSP_NONCE';

/**
 * Serves the built single-page app; GETs of unknown paths outside /apis get index.html so client routes
 * work. The page is written per answer, with the nonce this answer's Content-Security-Policy allows, and is
 * never cached: a cached page would carry a stale nonce.
 */
export function staticUi(uiDir: string, routes: RouteRegistry): Router {
  const router = Router();
  const page = readFileSync(join(uiDir, 'index.html'), 'utf8');
  router.use(express.static(uiDir, { index: false }));
  const pages = declareRoute({
    method: 'get',
    path: /^\/(?!apis(\/|$)).*/i,
    handle: (_req, res) => {
      res
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(page.replaceAll(NONCE_PLACEHOLDER, cspNonce(res)));
    },
    openapi: { undocumented: "the UI's pages, for browsers: not part of the API" },
  });
  return routes.register(router, '', [pages]);
}
