import { Router } from 'express';
import { currentUser } from '../auth/request-guards.js';
import { sendSuccess } from './envelope.js';

/** `GET /apis/v1/me`: who the server thinks is calling, for the UI's header and controls. */
export function meRoutes(): Router {
  const router = Router();
  router.get('/me', (_req, res) => {
    sendSuccess(res, currentUser(res));
  });
  return router;
}
