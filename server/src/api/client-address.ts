import type { Request } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- express's own extension point
  namespace Express {
    interface Locals {
      /** On the leader: the address a follower received a forwarded request from, once its signature checked. */
      forwardedFor?: string;
    }
  }
}

/**
 * Who sent the request, for limits keyed by client: the address a follower vouched for when it forwarded the
 * request, else the peer's (through `trust proxy`, the client's as the load balancer reported it).
 */
export const clientAddress = (req: Request): string => req.res?.locals.forwardedFor ?? req.ip ?? '';
