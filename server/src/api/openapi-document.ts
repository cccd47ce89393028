import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';

/**
 * The OpenAPI 3.1 document around `paths`, which come from the route declarations (RouteRegistry.paths):
 * the same zod schemas that validate requests, and only routes the app serves.
 */
export function openApiDocument(
  version: string,
  paths: ZodOpenApiPathsObject,
): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Epoch API',
      version,
      description:
        'Epoch-compatible REST API. Successes are HTTP 200 with `{status:"SUCCESS", data, message}`; ' +
        'failures use real HTTP codes with `{status:"FAILED", data, message}`. Every `/apis` route needs ' +
        'credentials (401 without); every one but GET needs the READ_WRITE role (403 without).',
    },
    components: {
      securitySchemes: {
        basic: {
          type: 'http',
          scheme: 'basic',
          description: 'Epoch users: admin (READ_WRITE), guest (READ_ONLY)',
        },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'A static API token (epoch_…) or an access token from the OIDC provider',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'epoch_session',
          description: 'UI login; writes also need the header X-Requested-With: XMLHttpRequest',
        },
      },
    },
    security: [{ basic: [] }, { bearer: [] }, { session: [] }],
    paths,
  });
}
