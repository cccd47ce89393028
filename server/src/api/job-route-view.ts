import type { JobRoute, Role } from '@epoch/shared';

/**
 * A route as a caller with `role` may see it: a webhook URL's path, query and user info often carry a token
 * (`…/hook?key=…`), so READ_ONLY callers get its origin only (scheme, host and port), enough to tell where jobs go.
 */
export function jobRouteView(route: JobRoute, role: Role): JobRoute {
  return role === 'READ_WRITE' ? route : { ...route, webhook_url: new URL(route.webhook_url).origin };
}
