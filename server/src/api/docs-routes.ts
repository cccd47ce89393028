import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NotFoundError } from '@epoch/shared';
import { z } from 'zod';
import { declareRoute, type Route } from './route-declaration.js';

/** Where swagger-ui-dist's files are (its package has no `exports`: any file resolves). */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The only files served below /apis/docs/: a fixed list, so no request names a path on disk. */
const SWAGGER_UI_FILES: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
]);

/**
 * The page's own script, a file rather than an inline script so that the Content-Security-Policy needs no
 * 'unsafe-inline' (security-headers.ts). No validator badge: it would load an image from another origin.
 */
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/apis/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Epoch API</title>
    <link rel="icon" type="image/png" href="/apis/docs/favicon-32x32.png">
    <link rel="stylesheet" href="/apis/docs/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/apis/docs/swagger-ui-bundle.js"></script>
    <script src="/apis/docs/epoch-docs.js"></script>
  </body>
</html>
`;

const fileParams = z.object({ file: z.string() });

/**
 * `/apis/docs`: Swagger UI on `/apis/openapi.json`, from the swagger-ui-dist package. Public, as the
 * document is: the page shows only that document, and "Try it out" calls the API with the browser's own
 * session, under the API's usual guards.
 */
export function docsRoutes(): Route[] {
  return [
    declareRoute({
      method: 'get',
      path: '/apis/docs',
      handle: (_req, res) => {
        res.type('html').send(PAGE);
      },
      // Left out as the document itself is: a page for browsers, not an operation of the API.
      openapi: { undocumented: 'the API reference page (Swagger UI over the document), for browsers' },
    }),
    declareRoute({
      method: 'get',
      path: '/apis/docs/:file',
      request: { path: fileParams },
      handle: (_req, res, { path: { file } }) => {
        if (file === 'epoch-docs.js') return res.type('js').send(INITIALIZER);
        if (!SWAGGER_UI_FILES.has(file)) throw new NotFoundError(`No such file: ${file}`);
        res.sendFile(join(SWAGGER_UI_DIR, file), { maxAge: '1h' });
      },
      openapi: { undocumented: "the API reference page's scripts and styles, for browsers" },
    }),
  ];
}
