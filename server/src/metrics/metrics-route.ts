import type { Request } from 'express';
import type { Registry } from 'prom-client';
import { hashApiToken } from '../auth/api-tokens.js';
import type { Authenticator } from '../auth/authenticator.js';
import { parseAuthorization } from '../auth/authorization-header.js';
import { authenticate } from '../auth/request-guards.js';
import { declareRoute, type Route } from '../api/route-declaration.js';
import { z } from 'zod';

export interface MetricsAccess {
  /** Anyone may scrape (EPOCH_METRICS_PUBLIC). */
  public: boolean;
  /** Hex SHA-256 of the scrape token (EPOCH_METRICS_TOKEN), accepted as a bearer token besides any caller. */
  tokenSha256?: string | undefined;
}

/**
 * GET /metrics: this node's own metrics in Prometheus text format, answered locally (outside /apis). They
 * name every topology and its state, so a scrape needs a caller of any role or the scrape token, unless
 * the operator made them public.
 */
export function metricsRoute(
  registry: Registry,
  access: MetricsAccess,
  authenticator: Authenticator,
): Route[] {
  const isScrapeToken = (req: Request) => {
    const { scheme, credentials } = parseAuthorization(req.headers.authorization);
    return (
      access.tokenSha256 !== undefined &&
      scheme === 'bearer' &&
      hashApiToken(credentials) === access.tokenSha256
    );
  };
  const callers = authenticate(authenticator);
  return [
    declareRoute({
      method: 'get',
      path: '/metrics',
      before: [(req, res, next) => (access.public || isScrapeToken(req) ? next() : callers(req, res, next))],
      handle: async (_req, res) => {
        const text = await registry.metrics();
        res.set('Content-Type', registry.contentType).set('Cache-Control', 'no-store').send(text);
      },
      openapi: {
        tags: ['operations'],
        summary: "This node's Prometheus metrics (answered locally, never forwarded to the leader)",
        responses: {
          '200': {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: z.string() } },
          },
        },
      },
    }),
  ];
}
