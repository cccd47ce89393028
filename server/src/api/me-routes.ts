import { currentUserSchema } from '@epoch/shared';
import { currentUser } from '../auth/request-guards.js';
import { sendSuccess } from './envelope.js';
import { failures, ok } from './openapi-responses.js';
import { declareRoute, type Route } from './route-declaration.js';

/** `GET /apis/v1/me`: who the server thinks is calling, for the UI's header and controls. */
export function meRoutes(): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/me',
      handle: (_req, res) => {
        sendSuccess(res, currentUser(res));
      },
      openapi: {
        tags: ['auth'],
        summary: 'Who is calling: name, role and how they authenticated',
        responses: { ...ok(currentUserSchema, 'The caller'), ...failures(401) },
      },
    }),
  ];
}
