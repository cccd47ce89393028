import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Serves the built single-page app; unknown non-API GETs get index.html so client routes work. */
export function staticUi(uiDir: string): Router {
  const router = Router();
  router.use(express.static(uiDir, { index: 'index.html' }));
  const indexHtml = join(uiDir, 'index.html');
  router.get(/^\/(?!apis\/).*/, (_req, res, next) => {
    if (existsSync(indexHtml)) res.sendFile(indexHtml);
    else next();
  });
  return router;
}
