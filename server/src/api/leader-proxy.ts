import { ServiceUnavailableError } from '@epoch/shared';
import type { RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { LeaderElection } from '../cluster/leader-election.js';
import { sendError } from './error-middleware.js';

/** Set on forwarded requests: a node receiving one answers itself or fails, it never forwards again. */
export const FORWARDED_BY_HEADER = 'x-epoch-forwarded-by';

/**
 * On a follower, every `/apis` request goes to the leader, untouched (method, path, query, body,
 * headers, cookies) with X-Forwarded-* added; streams (SSE, followed logs) stream through. The
 * leader, and requests outside `/apis` (health, UI files), are answered here. No leader: 503.
 */
export function leaderProxy(election: LeaderElection): RequestHandler {
  let proxy: { target: string; handler: RequestHandler } | null = null;
  const proxyTo = (target: string): RequestHandler => {
    if (proxy?.target !== target) {
      const handler = createProxyMiddleware<Parameters<RequestHandler>[0], Response>({
        target,
        xfwd: true,
        on: {
          proxyReq: (proxyReq) => proxyReq.setHeader(FORWARDED_BY_HEADER, election.url),
          error: (error, _req, res) => {
            // Headers already sent (a stream cut mid-way): all that is left is closing it.
            if (!isResponse(res) || res.headersSent) return void res.destroy();
            sendError(
              res as Response,
              new ServiceUnavailableError(`the leader (${target}) did not answer: ${error.message}`, 1),
            );
          },
        },
      });
      proxy = { target, handler };
    }
    return proxy.handler;
  };

  return (req, res, next) => {
    if (election.isLeader || !(req.path === '/apis' || req.path.startsWith('/apis/'))) return next();
    if (req.headers[FORWARDED_BY_HEADER] !== undefined) {
      return next(new ServiceUnavailableError('leadership is changing; retry shortly', 1));
    }
    const leader = election.leader;
    if (!leader || leader === election.url) {
      return next(new ServiceUnavailableError('no leader is elected yet; retry shortly', 1));
    }
    return proxyTo(leader)(req, res, next);
  };
}

const isResponse = (res: ServerResponse | Socket): res is ServerResponse => 'headersSent' in res;
