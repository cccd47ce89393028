import { ServiceUnavailableError } from '@epoch/shared';
import type { Request, RequestHandler, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { ClientRequest, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Election } from '../cluster/election.js';
import { isApiPath, isTimeMachinePath } from './api-path.js';
import { sendError } from './error-middleware.js';
import { FORWARDING_HEADERS, forwardingHeaders } from './forward-signature.js';
import { sendTimeMachineError } from './timemachine-error-middleware.js';

/**
 * On a follower, every API request (`/apis`, and timeMachine's `/job` and `/route`: isApiPath) goes to the
 * leader, untouched (method, path, query, body, headers, cookies) with X-Forwarded-* and the signed
 * X-Epoch-Forwarded-* added (`key`, shared by every node); streams (SSE, followed logs) stream through. The
 * leader, and requests outside the API (health, UI files), are answered here. No leader: 503. Runs after verifyForwarded, which refused forged
 * forwarding headers and marked a genuinely forwarded request in `res.locals.forwardedBy`.
 */
export function leaderProxy(election: Election, key: Buffer, now: () => number = Date.now): RequestHandler {
  const sign = (proxyReq: ClientRequest, req: Request) => {
    for (const header of FORWARDING_HEADERS) proxyReq.removeHeader(header);
    const headers = forwardingHeaders(key, {
      method: req.method,
      url: req.originalUrl,
      clientAddress: req.ip ?? req.socket.remoteAddress ?? '',
      followerUrl: election.url,
      at: now(),
    });
    for (const [name, value] of Object.entries(headers)) proxyReq.setHeader(name, value);
  };
  let proxy: { target: string; handler: RequestHandler } | null = null;
  const proxyTo = (target: string): RequestHandler => {
    if (proxy?.target !== target) {
      const handler = createProxyMiddleware<Request, Response>({
        target,
        xfwd: true,
        on: {
          proxyReq: sign,
          error: (error, req, res) => {
            // Headers already sent (a stream cut mid-way): all that is left is closing it.
            if (!isResponse(res) || res.headersSent) return void res.destroy();
            // Answered here, not by an error middleware: timeMachine's clients get their own error shape.
            const send = isTimeMachinePath(req.path) ? sendTimeMachineError : sendError;
            send(
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
    if (election.isLeader || !isApiPath(req.path)) return next();
    // Forwarded once already means the sender thought this node led: refuse rather than loop.
    if (res.locals.forwardedBy !== undefined) {
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
