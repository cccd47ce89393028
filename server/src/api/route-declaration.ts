import { parseInput } from '@epoch/shared';
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
  ZodOpenApiResponsesObject,
} from 'zod-openapi';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** What the document says of a route beside its request schemas. */
export interface RouteText extends Omit<ZodOpenApiOperationObject, 'requestBody' | 'responses' | 'security'> {
  tags: string[];
  summary: string;
  responses: ZodOpenApiResponsesObject;
}

/** The path schema of a route without `:params`. */
type NoPath = z.ZodObject<Record<string, never>>;

/** A route's validated input, handed to its handler. */
export interface RouteInput<PathSchema extends z.ZodObject, Query> {
  path: z.output<PathSchema>;
  query: Query;
}

/**
 * One route, declared once: the express registration and its OpenAPI operation both come from here.
 * Who may call it is the mount's guards' business (app.ts): every `/apis` route needs a caller, and every
 * method but GET needs READ_WRITE (requireWriteRole); `public` only says so in the document.
 */
export interface RouteDeclaration<PathSchema extends z.ZodObject = NoPath, Query = undefined> {
  method: HttpMethod;
  /** Express syntax, relative to where the router is mounted. */
  path: string | RegExp;
  request?: {
    /** The `:params` of `path` (it must name the same ones), documented and handed to `handle`. */
    path?: PathSchema;
    /** Parsed first thing in the handler (400 naming each field otherwise) and handed to `handle`. */
    query?: z.ZodType<Query, Record<string, unknown>>;
    /** Documented only: the handler, or the service it calls, validates the body with this same schema. */
    body?: z.ZodType;
  };
  /** Run after the mount's guards and before `handle`, in this order (body parsers, rate limits). */
  before?: RequestHandler[];
  /** A thrown error or rejected promise goes to the error middleware, as express 5 does for any handler. */
  handle: (req: Request, res: Response, input: RouteInput<PathSchema, Query>, next: NextFunction) => unknown;
  /** Needs no credentials: `security: []` in the document. */
  public?: true;
  /** The operation in `/apis/openapi.json`, or why the route is left out of it. */
  openapi: RouteText | { undocumented: string };
}

/** A declaration with its input types erased, so that routes of different inputs share one list. */
export interface Route {
  method: HttpMethod;
  path: string | RegExp;
  handlers: RequestHandler[];
  operation: ZodOpenApiOperationObject | null;
  undocumented: string | null;
}

const PATH_PARAM = /:(\w+)/g;

export function declareRoute<PathSchema extends z.ZodObject = NoPath, Query = undefined>(
  declaration: RouteDeclaration<PathSchema, Query>,
): Route {
  const { method, path, request = {}, before = [], handle, openapi } = declaration;
  const pathParams = typeof path === 'string' ? [...path.matchAll(PATH_PARAM)].map((m) => m[1]) : [];
  const documentedParams = Object.keys(request.path?.shape ?? {});
  // A renamed `:param` must not leave the document describing the old name.
  if (pathParams.join() !== documentedParams.join())
    throw new Error(
      `${method} ${String(path)}: path schema names [${documentedParams}], path [${pathParams}]`,
    );
  const { query } = request;
  // A path parameter or the query that does not fit its schema is a 400 naming it, from the handler's first line.
  const handler: RequestHandler = (req, res, next) => {
    const input = {
      path: (request.path ? parseInput(request.path, req.params, 'path') : {}) as z.output<PathSchema>,
      query: (query ? parseInput(query, req.query, 'query') : undefined) as Query,
    };
    return handle(req, res, input, next);
  };
  if ('undocumented' in openapi)
    return {
      method,
      path,
      handlers: [...before, handler],
      operation: null,
      undocumented: openapi.undocumented,
    };
  const requestParams = {
    ...openapi.requestParams,
    ...(request.path && { path: request.path }),
    ...(query && { query }),
  };
  const operation: ZodOpenApiOperationObject = {
    ...openapi,
    ...(Object.keys(requestParams).length > 0 && { requestParams }),
    ...(request.body && { requestBody: { content: { 'application/json': { schema: request.body } } } }),
    ...(declaration.public && { security: [] }),
  };
  return { method, path, handlers: [...before, handler], operation, undocumented: null };
}

/** A declared route where it ended up: its full path and the express route it was registered as. */
export interface MountedRoute extends Route {
  /** The mount path and the route's own; a regular expression as its source text, `/…/flags`. */
  fullPath: string;
  /** The express route object, as found in the router stack (`layer.route`): compared by identity. */
  registered: object;
}

/** Every route an app registers, so that its document lists exactly those. */
export class RouteRegistry {
  readonly #mounted: MountedRoute[] = [];

  /** A router of `routes`, to be mounted at `mountPath` (the same string given to `use`). */
  router(mountPath: string, routes: Route[]): Router {
    return this.register(Router(), mountPath, routes);
  }

  /**
   * `routes` on a router that has other layers, or on the app itself, where they were before being
   * declared: a router of their own would answer OPTIONS itself instead of passing it on.
   */
  register<R extends Pick<Router, 'route'>>(router: R, mountPath: string, routes: Route[]): R {
    for (const route of routes) {
      const registered = router.route(route.path);
      registered[route.method](...route.handlers);
      this.#mounted.push({ ...route, fullPath: mountPath + String(route.path), registered });
    }
    return router;
  }

  get routes(): readonly MountedRoute[] {
    return this.#mounted;
  }

  /** The document's paths: every documented route, `:param` written `{param}`. */
  paths(): ZodOpenApiPathsObject {
    const paths: ZodOpenApiPathsObject = {};
    for (const { path, fullPath, method, operation } of this.#mounted) {
      if (!operation) continue;
      if (typeof path !== 'string') throw new Error(`a documented route needs a string path: ${fullPath}`);
      const key = fullPath.replace(PATH_PARAM, '{$1}');
      paths[key] = { ...paths[key], [method]: operation };
    }
    return paths;
  }
}
